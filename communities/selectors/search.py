"""The search across threads and best practices (issue 14, item 3; docs/communities.md, Search).

A result is a thread, found by its title or by the text of a post the reader may see, and shown
with one post: the one that matches best, or else the first. What a reader may find is what the
thread pages show them (T12): threads of the communities they see, archived ones too; never a
hidden post, a draft only to its author, never another tenant's row. The API reads as the whole
network does (the `*_open` rule: open communities, nothing in draft).

On PostgreSQL the matches are ranked, a title's above a body's, and a title with a typo is
still found; on SQLite a thread must contain every word, its title's matches first.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.models import Membership, Tenant

from .. import search
from ..models import Community, Post, PostKpi, Thread
from .threads import _open, community_list_visible

SIMILAR_MAX = 5
FIRST_IDS = 100  # ids ranked with the count: the page's 20, the API's 100 by default


class SearchKind:
    THREADS = "threads"
    QUESTIONS = "questions"
    BEST_PRACTICES = "best_practices"
    DOCUMENTS = "documents"  # the library's (selectors/document_search.py): pages only
    thread_choices = [
        (THREADS, _("Threads")),
        (QUESTIONS, _("Questions")),
        (BEST_PRACTICES, _("Best practices")),
    ]
    choices = [*thread_choices, (DOCUMENTS, _("Documents"))]


class FoundThreads(Sequence[Thread]):
    """The threads a search found, the best first, read as Django's and DRF's paginators read a
    queryset (`count()`, then a slice): one query ranks and counts them, keeping the first ids
    (FIRST_IDS: any first page), one loads the threads of the slice asked."""

    def __init__(
        self,
        *,
        rank: Callable[[int, int | None], tuple[list[int], int | None]],
        threads: QuerySet[Thread],
        explain: Callable[[], str],
    ) -> None:
        self._rank, self._threads, self.explain = rank, threads, explain
        self._first: list[int] = []  # the ids from the first, as far as read
        self._all_read = False
        self._total: int | None = None

    @classmethod
    def from_queryset(cls, found: QuerySet[Thread]) -> "FoundThreads":
        """Threads an ordered queryset finds (SQLite's contains-search; nothing)."""

        def rank(offset: int, limit: int | None) -> tuple[list[int], int]:
            ids = found.values_list("pk", flat=True)
            return list(ids[offset : None if limit is None else offset + limit]), found.count()

        return cls(rank=rank, threads=found, explain=found.explain)

    def count(self, value: None = None) -> int:
        """How many threads were found, as a queryset's count() (not Sequence's count of one
        value, hence the unused argument)."""
        if self._total is None:
            self._ids(0, FIRST_IDS)
        return self._total or 0

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Thread: ...

    @overload
    def __getitem__(self, index: slice) -> list[Thread]: ...

    def __getitem__(self, index: int | slice) -> Thread | list[Thread]:
        if isinstance(index, int):
            found = self[index : index + 1]
            if index < 0 or not found:
                raise IndexError(index)
            return found[0]
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0) or index.step not in (None, 1):
            raise ValueError("a slice from a first index, forwards")
        ids = self._ids(start, stop)
        by_id = self._threads.in_bulk(ids) if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self) -> Iterator[Thread]:
        return iter(self[0:None])

    def _ids(self, start: int, stop: int | None) -> list[int]:
        if self._all_read or (stop is not None and stop <= len(self._first)):
            return self._first[start:stop]
        limit = None if stop is None else max(stop - start, FIRST_IDS if start == 0 else 0)
        ids, total = self._rank(start, limit)
        if total is not None:
            self._total = total
        if start == 0:
            self._first, self._all_read = ids, limit is None or len(ids) < limit
        return ids[: None if stop is None else stop - start]


@dataclass(frozen=True)
class SearchHit:
    thread: Thread
    post: Post | None  # the post shown: the best match, or else the first the reader may see
    title_html: SafeString  # escaped, matches in <mark>
    extract_html: SafeString
    posts_before: int = 0  # in the thread, before the post shown: which page of it shows it

    @property
    def is_best_practice(self) -> bool:
        return self.post is not None and self.post.is_best_practice


def search_threads(
    *,
    tenant: Tenant,
    membership: Membership,
    text: str,
    kind: str = "",
    kpi: KpiDefinition | None = None,
) -> FoundThreads:
    """The threads a person finds, the best first; `search_hits` shows a page of them.
    `kind`: a SearchKind; `kpi`: best practices linked to it."""
    communities = community_list_visible(tenant=tenant, membership=membership, with_archived=True)
    drafts = Q(is_draft=False) | Q(author=membership)
    return _found(tenant, _ids(communities), drafts, text, kind=kind, kpi=kpi)


def search_threads_open(
    *, tenant: Tenant, text: str, kind: str = "", kpi: KpiDefinition | None = None
) -> FoundThreads:
    """What a tenant's system finds through the API: as `search_threads`, in what the whole
    network reads (open communities, nothing in draft)."""
    communities = _ids(_open(tenant, with_archived=True))
    return _found(tenant, communities, Q(is_draft=False), text, kind=kind, kpi=kpi)


def search_similar(
    *, tenant: Tenant, membership: Membership, text: str, limit: int = SIMILAR_MAX
) -> list[SearchHit]:
    """Answered questions and best practices sharing words with a question being written."""
    communities = community_list_visible(tenant=tenant, membership=membership, with_archived=True)
    drafts = Q(is_draft=False) | Q(author=membership)
    threads, posts = _readable(tenant, _ids(communities), drafts)
    practices = posts.filter(is_best_practice=True, thread=OuterRef("pk"))
    threads = threads.filter(
        Q(kind=Thread.Kind.QUESTION, accepted_answer__isnull=False) | Q(Exists(practices))
    )
    found = _matching(tenant, threads, posts, text, any_word=True)[:limit]
    return search_hits(tenant=tenant, text=text, threads=found, any_word=True)


def search_hits(
    *, tenant: Tenant, text: str, threads: list[Thread], any_word: bool = False
) -> list[SearchHit]:
    """Threads of `search_threads` (a page of them) with their post, title and extract."""
    shown_ids = [thread.shown_post_id for thread in threads]  # type: ignore[attr-defined]  # annotated by _matching
    before = (
        Post.objects.filter(
            tenant=tenant, thread=OuterRef("thread"), created_at__lt=OuterRef("created_at")
        )
        .order_by()
        .values("thread")
        .annotate(count=Count("pk"))
        .values("count")
    )
    posts = (
        Post.objects.filter(tenant=tenant, pk__in=[pk for pk in shown_ids if pk])
        .annotate(posts_before=Coalesce(Subquery(before), 0))
        .select_related("author__user")
        .prefetch_related(Prefetch("kpi_links", queryset=PostKpi.objects.select_related("kpi")))
    )
    if connection.vendor == "postgresql":
        query = search.text_query(text, any_word=any_word)
        return _hits_marked(threads, shown_ids, posts, query)
    return _hits_contained(threads, shown_ids, posts, search.words(text))


def _hits_contained(
    threads: list[Thread], shown_ids: list[Any], posts: QuerySet[Post], looked_for: list[str]
) -> list[SearchHit]:
    shown = {post.pk: post for post in posts}
    hits = []
    for thread, pk in zip(threads, shown_ids, strict=True):
        title = search.contained(thread.title, looked_for, whole=True)
        post = shown.get(pk)
        if post is None:
            hits.append(SearchHit(thread, None, title, SafeString("")))
            continue
        extract = search.contained(post.body, looked_for)
        hits.append(SearchHit(thread, post, title, extract, post.posts_before))  # type: ignore[attr-defined]  # annotated by search_hits
    return hits


def _hits_marked(
    threads: list[Thread], shown_ids: list[Any], posts: QuerySet[Post], query: Expression
) -> list[SearchHit]:
    """Titles and extracts marked by PostgreSQL, in one query for the page."""
    titles = search.headlines("thread__title", query, whole=True)
    extracts = search.headlines("body", query)
    headlines = {f"title_{n}": each for n, each in enumerate(titles)} | {
        f"extract_{n}": each for n, each in enumerate(extracts)
    }
    shown = {post.pk: post for post in posts.annotate(**headlines)}
    hits = []
    for thread, pk in zip(threads, shown_ids, strict=True):
        post = shown.get(pk)
        if post is None:  # every post of the thread hidden: the title alone, not marked
            title = search.contained(thread.title, [], whole=True)
            hits.append(SearchHit(thread, None, title, SafeString("")))
            continue
        hits.append(
            SearchHit(
                thread=thread,
                post=post,
                title_html=search.marked([getattr(post, f"title_{n}") for n in range(len(titles))]),
                extract_html=search.marked(
                    [getattr(post, f"extract_{n}") for n in range(len(extracts))]
                ),
                posts_before=post.posts_before,  # type: ignore[attr-defined]  # annotated by search_hits
            )
        )
    return hits


def _ids(communities: QuerySet[Community]) -> list[int]:
    """The communities' ids, read once: the search joins them as a list, not as a subquery."""
    return list(communities.values_list("pk", flat=True))


def _readable(
    tenant: Tenant, communities: list[int], drafts: Q
) -> tuple[QuerySet[Thread], QuerySet[Post]]:
    """The threads of these communities and the posts a search may show: never a hidden one,
    drafts as `drafts` says (the threads' visibility is checked once, on the threads)."""
    threads = (
        Thread.objects.filter(tenant=tenant, community_id__in=communities)
        .filter(drafts)
        .select_related("community", "author__user", "author__point_of_sale")
    )
    posts = Post.objects.filter(tenant=tenant, hidden_at__isnull=True).filter(drafts)
    return threads, posts


def _found(
    tenant: Tenant,
    communities: list[int],
    drafts: Q,
    text: str,
    *,
    kind: str,
    kpi: KpiDefinition | None,
) -> FoundThreads:
    threads, posts = _readable(tenant, communities, drafts)
    if kind == SearchKind.QUESTIONS:
        threads = threads.filter(kind=Thread.Kind.QUESTION)
    if kind == SearchKind.BEST_PRACTICES or kpi is not None:
        posts = posts.filter(is_best_practice=True)
        if kpi is not None:
            posts = posts.filter(Exists(PostKpi.objects.filter(post=OuterRef("pk"), kpi=kpi)))
        threads = threads.filter(Exists(posts.filter(thread=OuterRef("pk"))))
    return _matching(tenant, threads, posts, text)


def _matching(
    tenant: Tenant,
    threads: QuerySet[Thread],
    posts: QuerySet[Post],
    text: str,
    *,
    any_word: bool = False,
) -> FoundThreads:
    """The threads whose title or one of `posts` matches, the best first, each with the id of
    the post to show (`shown_post_id`)."""
    text = text.strip()[: search.QUERY_MAX]
    if not search.words(text):
        return FoundThreads.from_queryset(threads.none())
    if connection.vendor == "postgresql":
        return _ranked(tenant, threads, posts, text, any_word=any_word)
    return FoundThreads.from_queryset(_contained(threads, posts, text, any_word=any_word))


def _ranked(
    tenant: Tenant, threads: QuerySet[Thread], posts: QuerySet[Post], text: str, *, any_word: bool
) -> FoundThreads:
    """One statement ranks and counts (communities/search.py); the threads of a page are then
    loaded with their post to show: the best match, or else the first."""
    query = search.text_query(text, any_word=any_word)
    vector = search.search_vector()
    post_ranks = posts.filter(thread=OuterRef("pk")).annotate(rank=SearchRank(vector, query))
    shown = threads.annotate(
        shown_post_id=Subquery(post_ranks.order_by("-rank", "created_at", "pk").values("pk")[:1])
    )
    ranking = search.Ranking(
        titles=Thread.objects.filter(tenant=tenant).values("id", "title", vector=vector),
        bodies=posts.values(row_id=F("thread_id"), vector=vector),
        readable=threads.values("id", latest=F("last_post_at")),
    )
    return FoundThreads(
        rank=lambda offset, limit: search.ranked_ids(
            ranking, text, any_word=any_word, window=(offset, limit)
        ),
        threads=shown,
        explain=lambda: search.ranked_plan(ranking, text),
    )


def _contained(
    threads: QuerySet[Thread], posts: QuerySet[Post], text: str, *, any_word: bool
) -> QuerySet[Thread]:
    looked_for = search.words(text, shortest=3 if any_word else 1)
    if not looked_for:
        return threads.none()
    in_title = [Q(title__icontains=word) for word in looked_for]
    in_body = [Q(body__icontains=word) for word in looked_for]
    found = [
        title | Q(pk__in=posts.filter(body).values("thread_id"))
        for title, body in zip(in_title, in_body, strict=True)
    ]
    condition = Q()
    for each in found:
        condition = condition | each if any_word else condition & each
    best_post = posts.filter(thread=OuterRef("pk")).annotate(found=_count(in_body))
    return (
        threads.filter(condition)
        .annotate(
            rank=_count(in_title),
            shown_post_id=Subquery(
                best_post.order_by("-found", "created_at", "pk").values("pk")[:1]
            ),
        )
        .order_by("-rank", "-last_post_at", "-pk")
    )


def _count(conditions: list[Q]) -> Any:
    """How many of the conditions a row meets."""
    met = [When(each, then=Value(1)) for each in conditions]
    return sum(
        (Case(each, default=Value(0), output_field=IntegerField()) for each in met), Value(0)
    )
