"""How text is searched: the SQL pieces of PostgreSQL's full-text search, and the extracts shown.

PostgreSQL (migration 0004_search): threads and posts each have a generated `search_vector`
column, their text stemmed in French and in English with accents ignored (`fr_unaccent`,
`en_unaccent`), GIN-indexed. A query is stemmed both ways too and matches a text in either
language: posts carry no language, and a French reader must find an English answer. The columns
are not model fields (SQLite has none), so `search_vector()` names the queried table's own.

SQLite has no such thing: the selectors fall back to a contains-search, and `contained` marks
the words it looked for.

A page of results is ranked by one statement (`ranked_ids`): the query is read once, each
index answers its own side (the posts' bodies, the threads' titles, their trigrams), the posts'
ranks are gathered per thread in a single pass, and the readers' rules (the threads and posts
they may read, given as querysets) are joined in, so nothing runs once per thread found.

Extracts are people's text: PostgreSQL escapes it before `ts_headline` marks the matches with
two private characters; `marked` then escapes the result again (after undoing the first) and
turns only those two characters into `<mark>` tags. Nothing else of the text can become HTML.
"""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Expression,
    F,
    Func,
    QuerySet,
    TextField,
)
from django.db.models.expressions import Col
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIGURATIONS = ("fr_unaccent", "en_unaccent")
QUERY_MAX = 200  # characters of a query
WORDS_MAX = 8  # words of a contains-search
# ts_headline's marks: private-use characters, stripped from the text before it is marked.
START, STOP = "\ue000", "\ue001"
EXTRACT = {"max_words": 30, "min_words": 12, "max_fragments": 2, "fragment_delimiter": " … "}
EXTRACT_CHARACTERS = 240  # of a contains-search's extract

_VECTOR = SearchVectorField()
_VECTOR.set_attributes_from_name("search_vector")


class _SearchVectorColumn(Expression):
    output_field = SearchVectorField()

    def resolve_expression(  # type: ignore[override]  # returns a column, as F() does
        self,
        query: Query,
        allow_joins: bool = True,
        reuse: set[str] | None = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Col:
        return Col(query.get_initial_alias(), _VECTOR)


def search_vector() -> Expression:
    """The generated `search_vector` column of the queryset's own table (threads or posts)."""
    return _SearchVectorColumn()


def text_query(text: str, *, any_word: bool = False) -> Expression:
    """A query in French or in English (web-search syntax: "quoted phrase", -excluded, or).
    `any_word`: a text matches if it has any of the words (suggestions from a whole title)."""
    if any_word:
        text = " or ".join(words(text, shortest=3))
    french, english = (
        SearchQuery(text, config=config, search_type="websearch") for config in CONFIGURATIONS
    )
    return french | english  # a CombinedSearchQuery: `||` of the two


# Rows whose title or body matches, ranked: a title's rank plus the best body's (`SearchRank`
# of each), a close title (trigrams) as the tie-breaker, then the latest. The query is read
# once, materialised: the planner then reads the GIN indexes whatever the word (it cannot see
# how common a word is, and a seqscan evaluating `@@` on every post costs more than the index,
# even for a word in a third of them). Each index answers its own side; the bodies' ranks are
# gathered per row in one pass; the readers' rules come in as querysets, joined once.
# A close title: `communities_unaccent(title) %> text`, "the text is like a word of the title"
# (the indexed title on the left, the function immutable so the index holds it); `closeness` is
# read only for the titles the trigram index finds (below its threshold it ordered nothing but
# ties).
_RANKED = """
WITH asked AS MATERIALIZED (SELECT {query} AS query),
matched (id, rank, closeness, in_title) AS (
        {bodies}
        SELECT found.id, ts_rank(found.vector, asked.query) AS rank, 0::real AS closeness,
            true AS in_title
        FROM ({titles}) AS found, asked
        WHERE found.vector @@ asked.query
    UNION ALL
        SELECT found.id, 0,
            word_similarity(communities_unaccent(%s), communities_unaccent(found.title)), true
        FROM ({titles}) AS found
        WHERE communities_unaccent(found.title) %%> communities_unaccent(%s)
),
ranked AS (
    SELECT id, max(closeness) AS closeness,
        coalesce(max(rank) FILTER (WHERE in_title), 0)
        + coalesce(max(rank) FILTER (WHERE NOT in_title), 0) AS rank
    FROM matched GROUP BY id
)
SELECT ranked.id, count(*) OVER ()
FROM ranked JOIN ({readable}) AS readable ON readable.id = ranked.id
ORDER BY ranked.rank DESC, ranked.closeness DESC, readable.latest DESC, ranked.id DESC
LIMIT %s OFFSET %s
"""
_BODIES = """
        SELECT found.row_id, ts_rank(found.vector, asked.query), 0, false
        FROM ({bodies}) AS found, asked
        WHERE found.vector @@ asked.query
    UNION ALL"""


@dataclass(frozen=True)
class Ranking:
    """What `ranked_ids` ranks, as querysets: `titles` (an `id`, a `title` and its `vector`:
    `search_vector()`), the `bodies` that rank them too (`row_id`: the row they belong to, and
    their `vector`), and the `readable` rows (an `id` and the `latest` date): only those are
    found."""

    titles: QuerySet[Any]
    readable: QuerySet[Any]
    bodies: QuerySet[Any] | None = None

    def statement(
        self, text: str, *, any_word: bool, window: tuple[int, int | None]
    ) -> tuple[str, list[Any]]:
        asked = " or ".join(words(text, shortest=3)) if any_word else text
        query = " || ".join(
            f"websearch_to_tsquery('{config}'::regconfig, %s)" for config in CONFIGURATIONS
        )
        titles, titles_params = _sql(self.titles)
        readable, readable_params = _sql(self.readable)
        bodies, bodies_params = "", ()
        if self.bodies is not None:
            bodies, bodies_params = _sql(self.bodies)
            bodies = _BODIES.format(bodies=bodies)
        offset, limit = window
        params = [
            *([asked] * len(CONFIGURATIONS)),
            *bodies_params,
            *titles_params,
            text,
            *titles_params,
            text,
            *readable_params,
            limit,
            offset,
        ]
        sql = _RANKED.format(query=query, bodies=bodies, titles=titles, readable=readable)
        return sql, params


def _sql(rows: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """A queryset's statement, as a derived table: PostgreSQL merges it into the query around."""
    return rows.order_by().query.sql_with_params()


def ranked_ids(
    ranking: Ranking,
    text: str,
    *,
    any_word: bool = False,
    window: tuple[int, int | None] = (0, None),
) -> tuple[list[int], int | None]:
    """The ids of the readable rows whose title or one of whose bodies matches the text, the
    best first, from `window` (offset, limit: None for all), and how many rows match (None if
    the window is past the last)."""
    try:
        statement, params = ranking.statement(text, any_word=any_word, window=window)
    except EmptyResultSet:  # nothing readable: no community, say
        return [], 0
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    if rows:
        return [pk for pk, _total in rows], rows[0][1]
    return [], 0 if window[0] == 0 else None


def ranked_plan(ranking: Ranking, text: str) -> str:
    """How PostgreSQL runs `ranked_ids` (EXPLAIN), for tests."""
    statement, params = ranking.statement(text, any_word=False, window=(0, 20))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


class _Escaped(Func):
    """The text without the two marks, its &, < and > as entities: what `ts_headline` marks.
    One SQL expression written once (`chr` names the marks, START and STOP), not a chain of
    `Replace` built anew for each headline of each search."""

    template = (
        "replace(replace(replace(replace(replace(%(expressions)s, "
        f"chr({ord(START)}), ''), chr({ord(STOP)}), ''), "
        "'&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
    )
    output_field = TextField()


def headlines(field: str, query: Expression, *, whole: bool = False) -> list[Func]:
    """The field's text with the query's matches marked, once per configuration (a text's
    words are marked by the stemmer of its language): `marked` keeps the best. `whole`: the
    whole text (a title), otherwise extracts around the matches."""
    options = {"highlight_all": True} if whole else EXTRACT
    return [
        SearchHeadline(
            _Escaped(F(field)), query, config=config, start_sel=START, stop_sel=STOP, **options
        )
        for config in CONFIGURATIONS
    ]


def marked(candidates: Sequence[str]) -> SafeString:
    """The headline with the most matches marked, as HTML: escaped, then `<mark>`ed."""
    best = max(candidates, key=lambda headline: headline.count(START))
    safe = escape(html.unescape(best))  # the database escaped it; this makes sure
    return mark_safe(safe.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308  # escaped above


def words(text: str, *, shortest: int = 1) -> list[str]:
    """The words of a query, in order, once each."""
    found = [word for word in re.findall(r"\w+", text.lower()) if len(word) >= shortest]
    return list(dict.fromkeys(found))[:WORDS_MAX]


def contained(text: str, looked_for: Sequence[str], *, whole: bool = False) -> SafeString:
    """A contains-search's extract: the text around the first word found (all of it if
    `whole`), escaped, each word found marked."""
    if not looked_for:
        return escape(text if whole else text[:EXTRACT_CHARACTERS])
    pattern = re.compile("|".join(re.escape(word) for word in looked_for), re.IGNORECASE)
    if not whole:
        first = pattern.search(text)
        begin = max(0, first.start() - EXTRACT_CHARACTERS // 3) if first else 0
        text = ("…" if begin else "") + text[begin : begin + EXTRACT_CHARACTERS]
    pieces, end = [], 0
    for found in pattern.finditer(text):
        pieces += [escape(text[end : found.start()]), f"<mark>{escape(found.group())}</mark>"]
        end = found.end()
    pieces.append(escape(text[end:]))
    return mark_safe("".join(pieces))  # noqa: S308  # every piece of the text escaped
