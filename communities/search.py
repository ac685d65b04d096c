"""How text is searched: the SQL pieces of PostgreSQL's full-text search, and the extracts shown.

PostgreSQL (migration 0004_search): threads and posts each have a generated `search_vector`
column, their text stemmed in French and in English with accents ignored (`fr_unaccent`,
`en_unaccent`), GIN-indexed. A query is stemmed both ways too and matches a text in either
language: posts carry no language, and a French reader must find an English answer. The columns
are not model fields (SQLite has none), so `search_vector()` names the queried table's own.

SQLite has no such thing: the selectors fall back to a contains-search, and `contained` marks
the words it looked for.

Extracts are people's text: PostgreSQL escapes it before `ts_headline` marks the matches with
two private characters; `marked` then escapes the result again (after undoing the first) and
turns only those two characters into `<mark>` tags. Nothing else of the text can become HTML.
"""

import html
import re
from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVectorField
from django.db.models import BooleanField, Expression, F, FloatField, Func, Value
from django.db.models.expressions import Col
from django.db.models.functions import Replace
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


class Matches(Func):
    """`vector @@ query`: a condition, for filter()."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class Unaccented(Func):
    function = "communities_unaccent"  # immutable, so the trigram index can hold it


class _WordSimilar(Func):
    # Indexed title on the left: `title %> text` is "text is similar to a word of the title".
    arg_joiner = " %%> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def text_query(text: str, *, any_word: bool = False) -> Expression:
    """A query in French or in English (web-search syntax: "quoted phrase", -excluded, or).
    `any_word`: a text matches if it has any of the words (suggestions from a whole title)."""
    if any_word:
        text = " or ".join(words(text, shortest=3))
    french, english = (
        SearchQuery(text, config=config, search_type="websearch") for config in CONFIGURATIONS
    )
    return french | english  # a CombinedSearchQuery: `||` of the two


def title_close_to(text: str) -> _WordSimilar:
    """A title with a word like one of the text's, typos and accents aside (trigrams)."""
    return _WordSimilar(Unaccented(F("title")), Unaccented(Value(text)))


def title_closeness(text: str) -> _WordSimilarity:
    return _WordSimilarity(Unaccented(Value(text)), Unaccented(F("title")))


def _escaped(field: str) -> Func:
    text: Func = Replace(F(field), Value(START), Value(""))
    text = Replace(text, Value(STOP), Value(""))
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = Replace(text, Value(character), Value(entity))
    return text


def headlines(field: str, query: Expression, *, whole: bool = False) -> list[Func]:
    """The field's text with the query's matches marked, once per configuration (a text's
    words are marked by the stemmer of its language): `marked` keeps the best. `whole`: the
    whole text (a title), otherwise extracts around the matches."""
    options = {"highlight_all": True} if whole else EXTRACT
    return [
        SearchHeadline(
            _escaped(field), query, config=config, start_sel=START, stop_sel=STOP, **options
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
