"""kpis/objective_table.py: reading and checking objectives, without the database."""

import datetime as dt

import pandas as pd

from kpis.objective_table import (
    FIELDS,
    ObjectiveReferences,
    objectives_table_from_file,
    validate_objectives,
)

REFS = ObjectiveReferences(
    kpis={"sales": 1},
    scopes={
        "point_of_sale": {"p1": 10},
        "person": {"ana@example.com": 20},
        "zone": {"z1": 30},
        "region": {"r1": 40},
    },
)


def table(*rows: dict) -> pd.DataFrame:
    records = [
        {"line": line, **dict.fromkeys(FIELDS, ""), **row} for line, row in enumerate(rows, 2)
    ]
    return pd.DataFrame(records)


def base(**changes) -> dict:
    return {
        "kpi": "sales",
        "period": "month",
        "period_start": "01/01/2025",
        "target": "1",
        **changes,
    }


def test_the_level_is_given_or_read_from_the_filled_scope_column():
    rows, found = validate_objectives(
        table(
            base(level="Point de vente", code="P1"),
            base(zone="z1"),
            base(level="collaborateur", person="ANA@example.com"),
            base(level="Réseau"),
            base(),
        ),
        REFS,
    )
    assert found[0].line == 6  # the same network objective as line 5
    assert [(row.level, row.scope_id) for row in rows] == [
        ("point_of_sale", 10),
        ("zone", 30),
        ("person", 20),
        ("network", None),
    ]


def test_french_periods_and_numbers_are_read():
    rows, found = validate_objectives(
        table(base(period="Trimestre", period_start="2025-07-01", target="1 234,5")), REFS
    )
    assert found == []
    assert (rows[0].period, rows[0].period_start, rows[0].target) == (
        "quarter",
        dt.date(2025, 7, 1),
        1234.5,
    )


def test_a_header_in_french_and_short_rows_are_read():
    content = "Indicateur;Niveau;Code;Période;Début;Objectif\nsales;zone;z1;mois;01/01/2025\n"
    frame = objectives_table_from_file(content.encode(), "objectifs.csv")
    assert frame.loc[0, ["kpi", "level", "code", "target"]].tolist() == ["sales", "zone", "z1", ""]
    assert frame.loc[0, "line"] == 2
