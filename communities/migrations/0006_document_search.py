"""The library in the search (issue 14, item 3), on PostgreSQL only, as 0004_search does for
threads and posts: a generated `search_vector` on documents (their title, weight A, and their
description, weight B, each stemmed in French and in English with accents ignored), GIN-indexed,
and a trigram index on their unaccented titles for typos. SQLite gets nothing here.

A later migration that changes the type of `Document.title` or `Document.description` must drop
the `search_vector` column first and add it back after.
"""

from django.db import migrations


def _stemmed(column: str, weight: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce({column}, '')), '{weight}')"
        for config in ("fr_unaccent", "en_unaccent")
    )


FORWARDS = [
    "ALTER TABLE communities_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    f"({_stemmed('title', 'A')} || {_stemmed('description', 'B')}) STORED",
    "CREATE INDEX communities_document_search ON communities_document USING gin (search_vector)",
    "CREATE INDEX communities_document_title_trigram ON communities_document "
    "USING gin (communities_unaccent(title) gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS communities_document_title_trigram",
    "ALTER TABLE communities_document DROP COLUMN IF EXISTS search_vector",
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
        ("communities", "0005_library"),
    ]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
