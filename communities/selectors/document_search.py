"""Documents found by the search: the library's titles (above) and descriptions, in French and
in English with accents ignored, a title with a typo still found (migration 0006, on
PostgreSQL); on SQLite, documents containing every word. Only what the reader may read
(selectors/library.py): a document for another zone is never found, nor another tenant's."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.safestring import SafeString

from kpis.models import KpiDefinition
from network_animation.models import Membership, Tenant

from .. import search
from ..models import Document
from .library import EVERYONE, Row, documents_readable

DOCUMENTS_SHOWN = 10
# The best candidates the readers' rule is applied to: a search reads at most this many rows'
# audiences, whatever the size of the library.
CANDIDATES_MAX = 500


@dataclass(frozen=True)
class DocumentHit:
    document: Document
    title_html: SafeString  # escaped, matches in <mark>
    extract_html: SafeString


def search_documents(
    *,
    tenant: Tenant,
    membership: Membership,
    text: str,
    kpi: KpiDefinition | None = None,
    limit: int = DOCUMENTS_SHOWN,
) -> list[DocumentHit]:
    """The documents the person may read that match, the best first, with their marked title
    and extract."""
    return _found(
        tenant, text, kpi, limit, lambda rows: documents_readable(tenant, membership, rows)
    )


def search_documents_open(
    *, tenant: Tenant, text: str, kpi: KpiDefinition | None = None, limit: int = DOCUMENTS_SHOWN
) -> list[DocumentHit]:
    """The documents for the whole network that match (what a tenant's systems read through
    the API), the best first."""
    return _found(
        tenant,
        text,
        kpi,
        limit,
        lambda rows: {pk for pk, audience, _ in rows if audience == EVERYONE},
    )


def _found(
    tenant: Tenant,
    text: str,
    kpi: KpiDefinition | None,
    limit: int,
    readable: Callable[[list[Row]], set[int]],
) -> list[DocumentHit]:
    text = text.strip()[: search.QUERY_MAX]
    if not search.words(text):
        return []
    candidates = Document.objects.filter(tenant=tenant)
    if kpi is not None:
        candidates = candidates.filter(kpi_links__kpi=kpi)
    postgres = connection.vendor == "postgresql"
    rows = _ranked(candidates, text) if postgres else _contained(candidates, text)
    kept = readable(rows)
    shown = [pk for pk, _audience, _author in rows if pk in kept][:limit]
    documents = Document.objects.filter(tenant=tenant, pk__in=shown).select_related(
        "current", "folder"
    )
    if postgres:
        return _marked(documents, text, shown)
    looked_for = search.words(text)
    by_id = {document.pk: document for document in documents}
    return [
        DocumentHit(
            by_id[pk],
            search.contained(by_id[pk].title, looked_for, whole=True),
            search.contained(by_id[pk].description, looked_for),
        )
        for pk in shown
    ]


def _ranked(candidates: QuerySet[Document], text: str) -> list[Row]:
    """The best candidates, ranked by one statement (communities/search.py), with what the
    readers' rule reads of them."""
    vector = search.search_vector()
    ranking = search.Ranking(
        titles=candidates.values("id", "title", vector=vector),
        readable=candidates.values("id", latest=F("updated_at")),
    )
    ids, _count = search.ranked_ids(ranking, text, window=(0, CANDIDATES_MAX))
    rows = candidates.filter(pk__in=ids).values_list("pk", "audience", "author_id")
    by_id = {row[0]: row for row in rows}
    return [by_id[pk] for pk in ids]


def _contained(candidates: QuerySet[Document], text: str) -> list[Row]:
    for word in search.words(text):
        candidates = candidates.filter(Q(title__icontains=word) | Q(description__icontains=word))
    rows = candidates.order_by("-updated_at", "-pk").values_list("pk", "audience", "author_id")
    return list(rows[:CANDIDATES_MAX])


def _marked(documents: QuerySet[Document], text: str, order: list[int]) -> list[DocumentHit]:
    query = search.text_query(text)
    titles = search.headlines("title", query, whole=True)
    extracts = search.headlines("description", query)
    headlines = {f"title_{n}": each for n, each in enumerate(titles)} | {
        f"extract_{n}": each for n, each in enumerate(extracts)
    }
    by_id = {document.pk: document for document in documents.annotate(**headlines)}
    return [
        DocumentHit(
            by_id[pk],
            search.marked([getattr(by_id[pk], f"title_{n}") for n in range(len(titles))]),
            search.marked([getattr(by_id[pk], f"extract_{n}") for n in range(len(extracts))]),
        )
        for pk in order
    ]
