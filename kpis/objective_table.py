"""Objectives as tables: read from an uploaded file, then validated. Pure code: no ORM.

The service gives `validate_objectives` the tenant's codes (`ObjectiveReferences`) and gets back
the clean objectives with ids, or every error with its line. A row names its scope either with a
`level` column and a `code` (a point of sale, zone or region code, or a person's email), or by
filling one of the `point_of_sale`, `person`, `zone`, `region` columns; none means the network.
Level and period names are accepted in English and French, as the list page exports them.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils.functional import Promise

from network_animation.tabular import RowError, map_columns, normalise_header, read_table

from . import errors
from .fact_table import parse_dates, parse_numbers
from .models import Level, Period, period_start_of

SCOPE_FIELDS = ["point_of_sale", "person", "zone", "region"]
FIELDS = ["kpi", "level", "code", *SCOPE_FIELDS, "period", "period_start", "target"]
REQUIRED = frozenset({"kpi", "period", "period_start", "target"})
COLUMN_ALIASES = {
    "kpi": "kpi",
    "indicateur": "kpi",
    "code_indicateur": "kpi",
    "kpi_code": "kpi",
    "level": "level",
    "niveau": "level",
    "scope": "level",
    "perimetre": "level",
    "code": "code",
    "scope_code": "code",
    "code_perimetre": "code",
    "point_of_sale": "point_of_sale",
    "code_pdv": "point_of_sale",
    "pdv": "point_of_sale",
    "point_de_vente": "point_of_sale",
    "person": "person",
    "collaborateur": "person",
    "email": "person",
    "personne": "person",
    "zone": "zone",
    "code_zone": "zone",
    "region": "region",
    "code_region": "region",
    "period": "period",
    "periode": "period",
    "period_start": "period_start",
    "start": "period_start",
    "debut": "period_start",
    "date_debut": "period_start",
    "debut_periode": "period_start",
    "start_of_the_period": "period_start",
    "debut_de_la_periode": "period_start",
    "target": "target",
    "objectif": "target",
    "cible": "target",
}
LEVEL_NAMES = {
    **{level.value: level.value for level in Level},
    "pdv": Level.POINT_OF_SALE,
    "point_de_vente": Level.POINT_OF_SALE,
    "personne": Level.PERSON,
    "collaborateur": Level.PERSON,
    "reseau": Level.NETWORK,
}
PERIOD_NAMES = {
    **{period.value: period.value for period in Period},
    "mois": Period.MONTH,
    "trimestre": Period.QUARTER,
    "annee": Period.YEAR,
}
UNKNOWN_SCOPE = {
    Level.POINT_OF_SALE: errors.UNKNOWN_POINT_OF_SALE,
    Level.PERSON: errors.UNKNOWN_PERSON,
    Level.ZONE: errors.UNKNOWN_ZONE,
    Level.REGION: errors.UNKNOWN_REGION,
}


Record = dict[str, Any]  # a row of the table: its "line", then each of FIELDS as text
ObjectiveKey = tuple[int, str, dt.date, str, int]  # KPI, period, its start, level, scope key


@dataclass(frozen=True)
class ObjectiveReferences:
    """The tenant's codes and emails, keyed in lower case, by level (and the KPIs')."""

    kpis: dict[str, int]
    scopes: dict[str, dict[str, int]]


@dataclass(frozen=True)
class ObjectiveRow:
    line: int
    kpi_id: int
    level: str
    scope_id: int | None
    period: str
    period_start: dt.date
    target: float

    @property
    def key(self) -> ObjectiveKey:
        """The unique key of objectives (scope 0 for the network), as `Objective.scope_key`."""
        return (self.kpi_id, self.period, self.period_start, self.level, self.scope_id or 0)


def objectives_table_from_file(content: bytes, filename: str) -> pd.DataFrame:
    """Every data row of an uploaded file as text, with its line number in the file."""
    header, rows = read_table(content, filename)
    positions = map_columns(header, COLUMN_ALIASES, set(REQUIRED))
    records = [
        {
            "line": line,
            **{
                name: row[positions[name]].strip()
                if positions.get(name, len(row)) < len(row)
                else ""
                for name in FIELDS
            },
        }
        for line, row in rows
    ]
    return pd.DataFrame(records, columns=["line", *FIELDS]).astype(dict.fromkeys(FIELDS, str))


def validate_objectives(
    table: pd.DataFrame, refs: ObjectiveReferences
) -> tuple[list[ObjectiveRow], list[RowError]]:
    """Return the valid objectives and every error of the table (sorted by line)."""
    starts = parse_dates(table["period_start"])
    targets = parse_numbers(table["target"])
    valid: list[ObjectiveRow] = []
    found: list[RowError] = []
    first_line: dict[ObjectiveKey, int] = {}
    for index, record in enumerate(table.to_dict("records")):
        row_errors: list[RowError] = []
        row = _row(record, starts.iloc[index], targets.iloc[index], refs, row_errors)
        if row is not None and row.key in first_line:
            reason = str(errors.DUPLICATE_OBJECTIVE) % {"value": first_line[row.key]}
            row_errors.append(RowError(row.line, "period_start", reason))
        elif row is not None:
            first_line[row.key] = row.line
        found += row_errors
        if row is not None and not row_errors:
            valid.append(row)
    return valid, found


def _error(record: Record, column: str, message: str | Promise, value: object = "") -> RowError:
    return RowError(int(record["line"]), column, str(message) % {"value": value})


def _row(
    record: Record,
    start: pd.Timestamp,
    target: float,
    refs: ObjectiveReferences,
    found: list[RowError],
) -> ObjectiveRow | None:
    kpi_id = _kpi(record, refs, found)
    level, scope_id = _scope(record, refs, found)
    period = _period(record, found)
    period_start = _period_start(record, start, period, found)
    if record["target"] == "":
        found.append(_error(record, "target", errors.EMPTY_VALUE))
    elif pd.isna(target):
        found.append(_error(record, "target", errors.BAD_NUMBER, record["target"]))
    if found or kpi_id is None or level is None or period is None or period_start is None:
        return None
    return ObjectiveRow(
        int(record["line"]), kpi_id, level, scope_id, period, period_start, float(target)
    )


def _kpi(record: Record, refs: ObjectiveReferences, found: list[RowError]) -> int | None:
    code = record["kpi"]
    kpi_id = refs.kpis.get(code.lower())
    if code == "":
        found.append(_error(record, "kpi", errors.EMPTY_VALUE))
    elif kpi_id is None:
        found.append(_error(record, "kpi", errors.UNKNOWN_KPI, code))
    return kpi_id


def _level(record: Record, found: list[RowError]) -> tuple[str | None, str]:
    """The level and the column its code is read from."""
    if record["level"]:
        level = LEVEL_NAMES.get(normalise_header(record["level"]))
        if level is None:
            found.append(_error(record, "level", errors.UNKNOWN_LEVEL, record["level"]))
        column = level if level and record.get(level) else "code"
        return level, column
    filled = [name for name in SCOPE_FIELDS if record[name]]
    if len(filled) > 1:
        found.append(_error(record, filled[1], errors.SEVERAL_SCOPES))
        return None, ""
    if filled:
        return filled[0], filled[0]
    if record["code"]:
        found.append(_error(record, "level", errors.LEVEL_MISSING, record["code"]))
        return None, ""
    return Level.NETWORK, ""


def _scope(
    record: Record, refs: ObjectiveReferences, found: list[RowError]
) -> tuple[str | None, int | None]:
    level, column = _level(record, found)
    if level is None or level == Level.NETWORK:
        return level, None
    code = record[column]
    scope_id = refs.scopes[level].get(code.lower())
    if code == "":
        label = Level(level).label
        found.append(_error(record, column, errors.SCOPE_MISSING, str(label).lower()))
    elif scope_id is None:
        found.append(_error(record, column, UNKNOWN_SCOPE[Level(level)], code))
    return (level, scope_id) if scope_id is not None else (None, None)


def _period(record: Record, found: list[RowError]) -> str | None:
    text = record["period"]
    period = PERIOD_NAMES.get(normalise_header(text))
    if text == "":
        found.append(_error(record, "period", errors.EMPTY_VALUE))
    elif period is None:
        found.append(_error(record, "period", errors.UNKNOWN_PERIOD, text))
    return period


def _period_start(
    record: Record, start: pd.Timestamp, period: str | None, found: list[RowError]
) -> dt.date | None:
    text = record["period_start"]
    if text == "":
        found.append(_error(record, "period_start", errors.EMPTY_VALUE))
        return None
    if pd.isna(start):
        found.append(_error(record, "period_start", errors.BAD_DATE, text))
        return None
    day = start.date()
    first_day = period_start_of(period, day) if period else day
    if first_day != day:
        found.append(
            _error(record, "period_start", errors.BAD_PERIOD_START, f"{first_day:%d/%m/%Y}")
        )
        return None
    return day
