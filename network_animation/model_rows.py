"""Statements written out in SQL for the hottest writes, with model instances made from their
rows as Django's compiler would make them.

Django compiles a queryset at every run, and for a request that thousands make at the same
minute the compiling costs more CPU than the database spends answering (a `select_for_update`
with two `select_related` costs about 1.8 ms to compile, 0.1 ms to run). A statement written
here names its columns from the models (`columns`), so a field added to a model is read too;
`instance` turns a slice of a row into an instance with each field's own converters (SQLite
returns dates as text, JSON as a string), and `row_insert` and `row_update` write an instance's
fields with each field's own preparation. Nothing is cached but what the models and the connection's
backend determine.
"""

from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.constants import OnConflict

Converter = Any  # a backend's or a field's `(value, expression, connection) -> value`
Converters = list[tuple[int, list[Converter], Any]]  # (field's index, converters, expression)

# Per connection (each thread has its own, and some converters are bound to it), per model: the
# converters of its concrete fields that have some, with the expression they expect.
_CONVERTERS: "WeakKeyDictionary[BaseDatabaseWrapper, dict[type[Model], Converters]]" = (
    WeakKeyDictionary()
)


def _column(field: "Field[Any, Any]") -> str:
    return connection.ops.quote_name(str(field.column))  # a concrete field's: never None


def columns(model: type[Model], alias: str) -> str:
    """The model's concrete columns, qualified by the table's alias, in the fields' order."""
    return ", ".join(f"{alias}.{_column(field)}" for field in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    """How many columns `columns` names."""
    return len(model._meta.concrete_fields)


def _converters(wrapper: BaseDatabaseWrapper, model: type[Model]) -> Converters:
    known = _CONVERTERS.setdefault(wrapper, {})
    if model not in known:
        found = []
        for index, field in enumerate(model._meta.concrete_fields):
            expression = field.get_col(model._meta.db_table)
            converters = [
                *wrapper.ops.get_db_converters(expression),
                *expression.get_db_converters(wrapper),
            ]
            if converters:
                found.append((index, converters, expression))
        known[model] = found
    return known[model]


def instance[ModelT: Model](model: type[ModelT], values: Sequence[Any]) -> ModelT:
    """The instance whose row is `values` (in `columns`' order), as a queryset would load it."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # the thread's own (`connection` is a proxy to it)
    converted = list(values)
    for index, converters, expression in _converters(wrapper, model):
        for converter in converters:
            converted[index] = converter(converted[index], expression, wrapper)
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(DEFAULT_DB_ALIAS, names, converted)


def row_insert(row: Model, *, ignore_conflicts: bool = False) -> None:
    """Insert the new instance's row (its defaults and `pre_save` values as `save` would take
    them) and give it its primary key; with `ignore_conflicts`, a row that would break a unique
    constraint is not written and the instance keeps no key."""
    meta, ops = row._meta, connection.ops
    auto = meta.auto_field  # the key the database gives, if it gives one
    written = [field for field in meta.concrete_fields if field is not auto]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    params = [
        field.get_db_prep_save(field.pre_save(row, add=True), connection) for field in written
    ]
    sql = (
        f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(meta.db_table)}"
        f" ({', '.join(_column(field) for field in written)})"
        f" VALUES ({', '.join(['%s'] * len(written))})"
        f" {ops.on_conflict_suffix_sql(written, on_conflict, [], [])}"
    )
    returning = auto is not None and connection.features.can_return_columns_from_insert
    if auto is not None and returning:
        sql += f" RETURNING {_column(auto)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            inserted = cursor.fetchone()
            row.pk = inserted[0] if inserted is not None else None
        elif auto is not None and cursor.rowcount:
            row.pk = ops.last_insert_id(cursor, meta.db_table, str(auto.column))
    if row.pk is not None:
        row._state.adding, row._state.db = False, DEFAULT_DB_ALIAS


def row_update(row: Model, fields: Sequence[str]) -> None:
    """Write these fields of the instance to its row (by primary key)."""
    meta = row._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    assigned = [by_name[name] for name in fields]
    sql = (
        f"UPDATE {connection.ops.quote_name(meta.db_table)} SET "  # noqa: S608  # names, values bound
        + ", ".join(f"{_column(field)} = %s" for field in assigned)
        + f" WHERE {_column(by_name[meta.pk.name])} = %s"
    )
    params = [field.get_db_prep_save(getattr(row, field.attname), connection) for field in assigned]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, row.pk])
