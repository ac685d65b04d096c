"""Documents found by the search: the library's titles (above) and descriptions, in French and
in English with accents ignored, a title with a typo still found (migration 0006, on
PostgreSQL); on SQLite, documents containing every word. Only what the reader may read
(selectors/library.py): a document for another zone is never found, nor another tenant's."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from kpis.models import KpiDefinition
from network_animation.models import Membership, Tenant

from .. import search
from ..models import Document
from .library import documents_readable

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
    text = text.strip()[: search.QUERY_MAX]
    if not search.words(text):
        return []
    candidates = Document.objects.filter(tenant=tenant)
    if kpi is not None:
        candidates = candidates.filter(kpi_links__kpi=kpi)
    postgres = connection.vendor == "postgresql"
    ranked = _ranked(candidates, text) if postgres else _contained(candidates, text)
    rows = list(ranked.values_list("pk", "audience", "author_id")[:CANDIDATES_MAX])
    readable = documents_readable(tenant, membership, rows)
    shown = [pk for pk, _audience, _author in rows if pk in readable][:limit]
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


def _ranked(candidates: QuerySet[Document], text: str) -> QuerySet[Document]:
    query = search.text_query(text)
    vector = search.search_vector()
    return (
        candidates.filter(Q(search.Matches(vector, query)) | Q(search.title_close_to(text)))
        .annotate(rank=SearchRank(vector, query), closeness=search.title_closeness(text))
        .order_by("-rank", "-closeness", "-updated_at", "-pk")
    )


def _contained(candidates: QuerySet[Document], text: str) -> QuerySet[Document]:
    for word in search.words(text):
        candidates = candidates.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return candidates.order_by("-updated_at", "-pk")


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
