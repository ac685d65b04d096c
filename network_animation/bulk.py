"""Many rows of one model written at once, from plain tuples: what the nightly steps rewrite
(thousands of rows a night per tenant) without Django building a model instance and preparing
every value of every row. `bulk_create` spent nine tenths of a night's KPI gaps doing that.

The values are the fields' Python values, as `bulk_create` would take them; only the kinds
whose database form differs from the Python one (dates and times, JSON, decimals) go through
the field's own preparation, once per value of those columns. Like `bulk_create`, it sends no
signal and does not call `save`: for tables that only their nightly step writes.
"""

# ruff: noqa: S608  # table and column names come from the model's options, values are parameters
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from django.db import connection, models

# Parameters per statement: below SQLite's default limit (32,766), and few enough statements
# for PostgreSQL to parse each quickly.
PARAMETERS_PER_STATEMENT = 30_000

PREPARED = (
    models.DateField,
    models.DateTimeField,
    models.TimeField,
    models.JSONField,
    models.DecimalField,
    models.DurationField,
    models.UUIDField,
)


def rows_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (tuples of the `fields`' values, in that order) into `model`'s table, a
    few multi-row INSERTs in all; returns how many rows were written."""
    meta = model._meta
    columns = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    prepare = [_preparation(field) for field in columns]
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in columns)
    placeholder = f"({', '.join(['%s'] * len(columns))})"
    per_statement = max(1, PARAMETERS_PER_STATEMENT // len(columns))
    written = 0
    batch: list[Any] = []
    count = 0
    with connection.cursor() as cursor:
        for row in rows:
            batch.extend(
                value if how is None else how(value)
                for how, value in zip(prepare, row, strict=True)
            )
            count += 1
            if count == per_statement:
                _insert(cursor, meta.db_table, names, placeholder, count, batch)
                written, batch, count = written + count, [], 0
        if count:
            _insert(cursor, meta.db_table, names, placeholder, count, batch)
            written += count
    return written


def _preparation(field: Any) -> Callable[[Any], Any] | None:
    if not isinstance(field, PREPARED):
        return None

    def prepared(value: Any) -> Any:
        return None if value is None else field.get_db_prep_save(value, connection)

    return prepared


def _insert(
    cursor: Any, table: str, names: str, placeholder: str, count: int, values: list[Any]
) -> None:
    table_name = connection.ops.quote_name(table)
    cursor.execute(
        f"INSERT INTO {table_name} ({names}) VALUES {', '.join([placeholder] * count)}", values
    )
