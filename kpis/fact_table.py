"""KPI facts as tables: read from a file or a JSON batch, then validated, all with pandas.

Pure code: no ORM. The service gives `validate_facts` the tenant's codes (`FactReferences`) and
gets back the clean facts with ids, or every error with its line (file) or index (JSON batch).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.utils.functional import Promise

from network_animation.tabular import RowError, map_columns, read_table

from . import errors

FIELDS = ["point_of_sale", "kpi", "date", "value", "person"]
REQUIRED = frozenset({"point_of_sale", "kpi", "date", "value"})
COLUMN_ALIASES = {
    "point_of_sale": "point_of_sale",
    "code_pdv": "point_of_sale",
    "pdv": "point_of_sale",
    "kpi": "kpi",
    "indicateur": "kpi",
    "code_indicateur": "kpi",
    "date": "date",
    "value": "value",
    "valeur": "value",
    "person": "person",
    "collaborateur": "person",
    "email": "person",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class FactReferences:
    """The tenant's codes, keyed in lower case: imports match codes and emails in any case."""

    points_of_sale: dict[str, int]
    kpis: dict[str, int]
    computed_kpis: frozenset[str]
    people: dict[str, int]
    today: dt.date


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in [*FIELDS, "line"]})


def facts_table_from_file(content: bytes, filename: str) -> pd.DataFrame:
    """Every data row of an uploaded file as text, with its line number in the file."""
    header, rows = read_table(content, filename)
    positions = map_columns(header, COLUMN_ALIASES, set(REQUIRED))
    numbered = list(rows)
    if not numbered:
        return _empty_table()
    cells = pd.DataFrame([row for _line, row in numbered], dtype=object)
    table = pd.DataFrame(
        {
            name: _text_column(cells[positions[name]].tolist())
            if positions.get(name) in cells.columns
            else _text_column([""] * len(cells))
            for name in FIELDS
        }
    )
    table["line"] = [line for line, _row in numbered]
    return table


def facts_table_from_records(records: list[Any]) -> tuple[pd.DataFrame, list[RowError]]:
    """A JSON batch as the same table; `line` is the item's index in the batch."""
    objects = [item for item in records if isinstance(item, dict)]
    errors_found: list[RowError] = []
    lines: range | list[int] = range(len(records))
    if len(objects) < len(records):
        shapes = [isinstance(item, dict) for item in records]
        errors_found = [
            RowError(index, "", str(errors.NOT_AN_OBJECT))
            for index, is_object in enumerate(shapes)
            if not is_object
        ]
        lines = [index for index, is_object in enumerate(shapes) if is_object]
    if not objects:
        return _empty_table(), errors_found
    # Column by column from the dicts, as Python objects: a pandas string column would check
    # and copy every cell again, for checks that look at each distinct cell once anyway.
    table = pd.DataFrame({name: _record_cells(objects, name) for name in FIELDS})
    table["line"] = lines
    return table, errors_found


def _record_cells(objects: list[dict[str, Any]], name: str) -> pd.Series | pd.Categorical:
    cells = [item.get(name) for item in objects]
    if name == "value":
        return _number_column(cells)
    return _text_column(cells)


def _number_column(cells: list[Any]) -> pd.Series:
    """Numbers sent as JSON numbers are read as they are, not written out and parsed back; a
    batch with any other cell (text, a boolean, null) is kept as text and parsed as a file's."""
    if set(map(type, cells)) <= {float, int}:
        try:
            return pd.Series(np.array(cells, dtype="float64"))
        except OverflowError:  # an integer beyond any float: read as text, a bad number
            pass
    kept = [cell if type(cell) is float and cell == cell else _cell_text(cell) for cell in cells]
    return pd.Series(kept, dtype=object)


def _text_column(cells: list[Any]) -> pd.Categorical:
    """Cells as stripped text (a missing one as empty), held as each distinct text once and a
    code per row: a batch repeats a few codes and dates, so only the distinct cells are stripped
    here and checked later (`_Distinct`), with no Python work per row."""
    raw = np.fromiter(cells, dtype=object, count=len(cells))
    if set(map(type, cells)) <= {str, type(None)}:
        positions, distinct = pd.factorize(raw)  # None: position -1
        texts = [cell.strip() for cell in distinct]
        positions = np.where(positions < 0, len(texts), positions)
        texts.append("")
    else:  # numbers or booleans where text was expected: each cell written out as text
        positions = np.arange(len(cells))
        texts = [_cell_text(cell) for cell in cells]
    # Two cells the same once stripped (" P1" and "P1") become one.
    merged, categories = pd.factorize(np.array(texts, dtype=object))
    return pd.Categorical.from_codes(
        merged[positions], categories=pd.Index(categories, dtype=object)
    )


def _cell_text(cell: object) -> str:
    """A cell as stripped text; a missing one (None, NaN) as empty."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    return str(cell).strip()


def parse_dates(text: pd.Series) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    written = (text != "").to_numpy()  # an empty cell is no date in any format
    for fmt in DATE_FORMATS:
        missing = parsed.isna().to_numpy() & written
        if not missing.any():
            break
        dates = pd.to_datetime(text[missing], format=fmt, errors="coerce")
        # Read at a coarser unit, a date before 1677 or after 2262 would overflow the
        # nanoseconds the facts are kept in: it is a bad date, not a server error.
        parsed[missing] = dates.where((dates >= pd.Timestamp.min) & (dates <= pd.Timestamp.max))
    return parsed


def parse_numbers(text: pd.Series) -> pd.Series:
    """Numbers as French systems write them: `1 234,5`, `1.234,5`, `1234.5`."""
    # Plain numbers (most of them, and every one a JSON batch sends) are read at C speed;
    # only text that is not one goes through the string rewriting. A text with a comma or an
    # inner space is never a plain number, so both ways agree.
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    other = numbers.isna() & (text != "")
    if other.any():
        numbers[other] = _parse_french_numbers(text[other])
    return numbers.where(np.isfinite(numbers))


def _parse_french_numbers(text: pd.Series) -> pd.Series:
    plain = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    with_comma = plain.str.contains(",", regex=False)
    plain = plain.where(~with_comma, plain.str.replace(".", "", regex=False).str.replace(",", "."))
    return pd.to_numeric(plain, errors="coerce").astype("float64")


class _Distinct:
    """A column's distinct cells, each checked or converted once: a batch repeats a few codes
    and dates. `per_row` spreads a result over the rows."""

    def __init__(self, column: pd.Series) -> None:
        if isinstance(column.dtype, pd.CategoricalDtype):  # read already as distinct cells
            self.positions = column.cat.codes.to_numpy()
            cells = column.cat.categories
        else:
            self.positions, cells = pd.factorize(column.to_numpy(dtype=object))
        self.cells = pd.Series(cells, dtype=object)

    def per_row(self, per_cell: pd.Series | np.ndarray) -> np.ndarray:
        return np.asarray(per_cell)[self.positions]


def _errors_where(
    table: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    message: str | Promise,
    values: pd.Series | None = None,
) -> list[RowError]:
    if not mask.any():
        return []
    lines = table["line"].to_numpy()[mask]
    shown = np.asarray(values if values is not None else table[column], dtype=object)[mask]
    return [
        RowError(int(line), column, str(message) % {"value": value})
        for line, value in zip(lines, shown, strict=True)
    ]


def _lookup(
    table: pd.DataFrame,
    column: str,
    codes: dict[str, int],
    unknown: str | Promise,
    found: list[RowError],
    required: bool = True,
    skipped: np.ndarray | None = None,
) -> np.ndarray:
    """Each row's id (NaN: empty or unknown); the rows `skipped` get no id and no error."""
    distinct = _Distinct(table[column])
    # A dict lookup per distinct code (`Series.map(dict)` would first turn the tenant's codes
    # into a Series at every call).
    known = [codes.get(cell.lower(), np.nan) for cell in distinct.cells]
    ids = distinct.per_row(np.array(known, dtype="float64"))
    empty = distinct.per_row(distinct.cells == "")
    checked = np.ones(len(ids), dtype=bool) if skipped is None else ~skipped
    if required:
        found += _errors_where(table, empty & checked, column, errors.EMPTY_VALUE)
    found += _errors_where(table, ~empty & np.isnan(ids) & checked, column, unknown)
    ids[~checked] = np.nan
    return ids


def names_people(table: pd.DataFrame) -> bool:
    """Whether any row names a person (else the tenant's people need not be read)."""
    return bool((_Distinct(table["person"]).cells != "").any())


def validate_facts(
    table: pd.DataFrame, refs: FactReferences
) -> tuple[pd.DataFrame, list[RowError]]:
    """Return the valid facts (ids, date, value) and every error of the table."""
    found: list[RowError] = []
    points = _lookup(
        table, "point_of_sale", refs.points_of_sale, errors.UNKNOWN_POINT_OF_SALE, found
    )
    kpis = _checked_kpis(table, refs, found)
    people = _lookup(table, "person", refs.people, errors.UNKNOWN_PERSON, found, required=False)
    dates = _checked_dates(table, refs.today, found)
    values = _checked_values(table, found)
    named = _Distinct(table["person"])
    without_person = named.per_row(named.cells == "")
    valid = ~(np.isnan(points) | np.isnan(kpis) | np.isnat(dates) | np.isnan(values)) & (
        without_person | ~np.isnan(people)
    )
    facts = pd.DataFrame(
        {
            "point_of_sale_id": points[valid].astype("int64"),
            "kpi_id": kpis[valid].astype("int64"),
            "person_id": pd.array(people[valid], dtype="Int64"),
            "date": pd.Series(dates[valid], dtype="datetime64[ns]"),  # every format a day
            "value": values[valid],
        }
    )
    found += _duplicates(facts, table["line"].to_numpy()[valid])
    return facts, sorted(found, key=_reading_order)


def _reading_order(error: RowError) -> tuple[int, int]:
    return (error.line, FIELDS.index(error.column) if error.column in FIELDS else -1)


def _checked_kpis(table: pd.DataFrame, refs: FactReferences, found: list[RowError]) -> np.ndarray:
    """The KPIs' ids: a computed KPI (a ratio) is refused, its figures come from its parts."""
    kpi_codes = _Distinct(table["kpi"])
    computed = kpi_codes.per_row(kpi_codes.cells.str.lower().isin(refs.computed_kpis))
    found += _errors_where(table, computed, "kpi", errors.KPI_NOT_IMPORTABLE)
    return _lookup(table, "kpi", refs.kpis, errors.UNKNOWN_KPI, found, skipped=computed)


def _checked_dates(table: pd.DataFrame, today: dt.date, found: list[RowError]) -> np.ndarray:
    distinct = _Distinct(table["date"])
    dates = distinct.per_row(parse_dates(distinct.cells).to_numpy(dtype="datetime64[ns]"))
    empty = distinct.per_row(distinct.cells == "")
    found += _errors_where(table, empty, "date", errors.EMPTY_VALUE)
    found += _errors_where(table, ~empty & np.isnat(dates), "date", errors.BAD_DATE)
    future = dates > np.datetime64(today, "ns")
    if future.any():
        shown = pd.Series(dates).dt.strftime("%d/%m/%Y")
        found += _errors_where(table, future, "date", errors.FUTURE_DATE, values=shown)
    return dates


def _checked_values(table: pd.DataFrame, found: list[RowError]) -> np.ndarray:
    column = table["value"]
    if column.dtype == "float64":  # a batch of JSON numbers, as sent (NaN: none sent)
        sent = column.to_numpy()
        empty = np.isnan(sent)
        values = np.where(np.isfinite(sent), sent, np.nan)
    else:
        distinct = _Distinct(column)
        values = distinct.per_row(parse_numbers(distinct.cells).to_numpy())
        empty = distinct.per_row(distinct.cells == "")
    found += _errors_where(table, empty, "value", errors.EMPTY_VALUE)
    found += _errors_where(table, ~empty & np.isnan(values), "value", errors.BAD_NUMBER)
    return values


def _duplicates(facts: pd.DataFrame, lines: np.ndarray) -> list[RowError]:
    keys = _fact_keys(facts)
    # Keys are numbered in order of first appearance: a row repeats a fact unless its key is
    # greater than every key before it.
    seen = np.maximum.accumulate(keys)
    first = np.concatenate(([True], keys[1:] > seen[:-1])) if len(keys) else keys.astype(bool)
    if first.all():
        return []
    first_line = lines[np.flatnonzero(first)[keys]]
    return _errors_where(
        pd.DataFrame({"line": lines}), ~first, "date", errors.DUPLICATE_FACT, values=first_line
    )


def _fact_keys(facts: pd.DataFrame) -> np.ndarray:
    """Each fact's key (point of sale, KPI, person, date) as one integer, numbered from 0 in
    order of first appearance. Each part is numbered among its distinct values and added to the
    key one at a time, renumbered after each, so no product overflows."""
    parts = [
        facts["point_of_sale_id"].to_numpy(),
        facts["kpi_id"].to_numpy(),
        facts["person_id"].fillna(0).to_numpy(dtype="int64"),
        facts["date"].to_numpy().view("int64"),
    ]
    keys = np.zeros(len(facts), dtype="int64")
    for part in parts:
        numbered, distinct = pd.factorize(part)
        keys = pd.factorize(keys * len(distinct) + numbered)[0]
    return keys
