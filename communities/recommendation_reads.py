"""Reads for recommendations (DESIGN section 1): the communities' content a point of sale may be
recommended (best practices, published lesson sheets, library documents) with the KPIs each is
linked to, when people of each point of sale first read it, and which of them a reader may open.
Plain rows; a fixed number of queries, whatever the size of the network."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, QuerySet
from django.urls import reverse

from network_animation.models import Membership, Tenant

from .models import Document, FirstRead, LessonSheet, Post, Thread
from .selectors.coaching import _sheets_readable
from .selectors.library import documents_readable
from .selectors.threads import _visible

BEST_PRACTICE, LESSON_SHEET, DOCUMENT = "best_practice", "lesson_sheet", "document"


@dataclass
class Piece:
    """A piece of content, read through its threads or documents (a lesson sheet is published
    to two threads and the library)."""

    kind: str
    id: int
    kpis: set[int]
    threads: set[int]
    documents: set[int]


def _practices(tenant: Tenant) -> QuerySet[Post]:
    return Post.objects.filter(
        tenant=tenant,
        is_best_practice=True,
        is_draft=False,
        hidden_at__isnull=True,
        thread__is_draft=False,
    )


def _sheets(tenant: Tenant) -> QuerySet[LessonSheet]:
    return LessonSheet.objects.filter(tenant=tenant, status=LessonSheet.Status.PUBLISHED)


def published_content(*, tenant: Tenant) -> dict[str, QuerySet[Any]]:
    """Per kind, the ids of the content that may be recommended now (for subqueries)."""
    return {
        BEST_PRACTICE: _practices(tenant).values("pk"),
        LESSON_SHEET: _sheets(tenant).values("pk"),
        DOCUMENT: Document.objects.filter(tenant=tenant).values("pk"),
    }


def recommendable_content(*, tenant: Tenant) -> list[Piece]:
    """The published best practices (by post), lesson sheets and other library documents, with
    their KPIs. Three queries."""
    pieces: dict[tuple[str, int], Piece] = {}

    def piece(kind: str, pk: int, threads: set[int], documents: set[int]) -> Piece:
        return pieces.setdefault((kind, pk), Piece(kind, pk, set(), threads, documents))

    for pk, thread, kpi in (
        _practices(tenant).order_by("pk").values_list("pk", "thread_id", "kpi_links__kpi_id")
    ):
        piece(BEST_PRACTICE, pk, {thread}, set()).kpis.update([kpi] if kpi else [])
    sheets = _sheets(tenant)
    for pk, zone, by_type, document, kpi in sheets.order_by("pk").values_list(
        "pk", "zone_thread_id", "type_thread_id", "document_id", "kpi_links__kpi_id"
    ):
        threads, documents = {t for t in (zone, by_type) if t}, {document} if document else set()
        piece(LESSON_SHEET, pk, threads, documents).kpis.update([kpi] if kpi else [])
    of_sheets = sheets.exclude(document__isnull=True).values("document_id")
    documents = Document.objects.filter(tenant=tenant).exclude(pk__in=of_sheets)
    for pk, kpi in documents.order_by("pk").values_list("pk", "kpi_links__kpi_id"):
        piece(DOCUMENT, pk, set(), {pk}).kpis.update([kpi] if kpi else [])
    return list(pieces.values())


# (point of sale id, thread id or None, document id or None, when someone of it first read it)
type FirstReadRow = tuple[int, int | None, int | None, dt.datetime]


def first_reads_by_points_of_sale(*, tenant: Tenant) -> list[FirstReadRow]:
    """Each thread and document first read by someone of a point of sale, with the first time
    one of them did. People without a point of sale are not counted. One query."""
    reads = FirstRead.objects.filter(tenant=tenant, membership__point_of_sale__isnull=False)
    rows = (
        reads.order_by()
        .values_list("membership__point_of_sale_id", "thread_id", "document_id")
        .annotate(first=Min("read_at"))
    )
    return [(point, thread, document, first) for point, thread, document, first in rows]


@dataclass(frozen=True)
class Readable:
    title: str
    url: str


def content_readable_among(
    *, tenant: Tenant, membership: Membership | None, pieces: Collection[tuple[str, int]]
) -> dict[tuple[str, int], Readable]:
    """Of these (kind, id), those still published that the person may open (None: the
    network's systems, which see everything published), with their title and page. A query
    per kind asked (two for documents)."""
    wanted: dict[str, set[int]] = {}
    for kind, pk in pieces:
        wanted.setdefault(kind, set()).add(pk)
    found: dict[tuple[str, int], Readable] = {}
    slug = tenant.slug
    if wanted.get(BEST_PRACTICE):
        posts = _practices(tenant).filter(pk__in=wanted[BEST_PRACTICE])
        threads = Thread.objects.filter(tenant=tenant, pk__in=posts.values("thread_id"))
        if membership is not None:
            threads = threads.filter(_visible(membership, "community__"))
        titles = dict(threads.values_list("pk", "title"))
        for post, thread in posts.values_list("pk", "thread_id"):
            if thread in titles:
                url = reverse("communities:thread", args=[slug, thread]) + f"#post-{post}"
                found[BEST_PRACTICE, post] = Readable(titles[thread], url)
    if wanted.get(LESSON_SHEET):
        sheets = _sheets(tenant)
        if membership is not None:
            sheets = sheets.filter(_sheets_readable(membership))
        for pk, title in sheets.filter(pk__in=wanted[LESSON_SHEET]).values_list("pk", "title"):
            url = reverse("communities:lesson_sheet", args=[slug, pk])
            found[LESSON_SHEET, pk] = Readable(title, url)
    if wanted.get(DOCUMENT):
        rows = Document.objects.filter(tenant=tenant, pk__in=wanted[DOCUMENT])
        values = list(rows.values_list("pk", "audience", "author_id", "title"))
        readable = (
            {row[0] for row in values}
            if membership is None
            else documents_readable(tenant, membership, [row[:3] for row in values])
        )
        for pk, _audience, _author, title in values:
            if pk in readable:
                url = reverse("communities:document", args=[slug, pk])
                found[DOCUMENT, pk] = Readable(title, url)
    return found
