"""The search of threads and posts (issue 14, item 3), on PostgreSQL only; SQLite searches with
a plain contains and gets nothing here.

- Two text-search configurations, `fr_unaccent` and `en_unaccent`: copies of `french` and
  `english` whose words go through the `unaccent` dictionary before the stemmer, so "hotel"
  finds "Hôtel" and "financer" finds "Financement".
- A generated column `search_vector` on threads (their title, weight A) and on posts (their
  body, weight B), each holding the text stemmed both ways (a post carries no language), each
  GIN-indexed. The columns are not model fields: SQLite has no tsvector and the models must load
  there; communities/search.py reads them by name.
- A trigram index on threads' unaccented titles, for typos ("finacement").

The owner role that runs migrations may create both extensions (they are trusted); the
deployment creates them beforehand anyway (deploy/postgres/init-roles.sh), and going back
leaves them, as other things may use them.

A column that a generated column reads cannot change type: a later migration altering
`Thread.title` or `Post.body` must drop the `search_vector` column first and add it back after.
"""

from django.db import migrations

EXTENSIONS = ["CREATE EXTENSION IF NOT EXISTS unaccent", "CREATE EXTENSION IF NOT EXISTS pg_trgm"]


def _configuration(name: str, copy: str, stemmer: str) -> list[str]:
    return [
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {copy})",
        f"ALTER TEXT SEARCH CONFIGURATION {name} "
        f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}",
    ]


def _vector(table: str, column: str, weight: str) -> list[str]:
    both = " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({column}, '')), '{weight}')"
        for config in ("fr_unaccent", "en_unaccent")
    )
    return [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({both}) STORED",
        f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)",
    ]


FORWARDS = [
    *EXTENSIONS,
    *_configuration("fr_unaccent", "french", "french_stem"),
    *_configuration("en_unaccent", "english", "english_stem"),
    # unaccent() may not serve an index (it depends on a dictionary looked up at run time): this
    # wrapper names the dictionary, so it can be declared immutable.
    "CREATE FUNCTION communities_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    *_vector("communities_thread", "title", "A"),
    *_vector("communities_post", "body", "B"),
    "CREATE INDEX communities_thread_title_trigram ON communities_thread "
    "USING gin (communities_unaccent(title) gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS communities_thread_title_trigram",
    "ALTER TABLE communities_post DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE communities_thread DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS communities_unaccent(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS en_unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent",
]


def _run(statements: list[str]):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_feedback"),
    ]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
