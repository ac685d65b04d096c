"""kpis/fact_table.py: reading and checking facts, without the database."""

import datetime as dt
import math

import pandas as pd

from kpis.fact_table import (
    FactReferences,
    facts_table_from_records,
    names_people,
    parse_numbers,
    validate_facts,
)

REFS = FactReferences(
    points_of_sale={"p1": 10, "p2": 11},
    kpis={"sales": 1},
    computed_kpis=frozenset({"training"}),
    people={"ana@example.com": 20},
    today=dt.date(2025, 6, 15),
)


def test_numbers_are_read_plain_or_as_french_systems_write_them():
    text = pd.Series(
        [
            "12",
            "-3.5",
            "1e3",
            "1 234,5",
            "1.234,5",
            "1\u00a0000",
            "12\u202f000,25",
            "3,5",
            "abc",
            "1,2,3",
            "inf",
            "nan",
            "",
        ]
    )
    numbers = parse_numbers(text).tolist()
    assert numbers[:8] == [12.0, -3.5, 1000.0, 1234.5, 1234.5, 1000.0, 12000.25, 3.5]
    assert all(math.isnan(number) for number in numbers[8:])


def test_a_json_batch_keeps_its_indexes_and_reads_numbers_and_text_alike():
    table, shape_errors = facts_table_from_records(
        [
            {"point_of_sale": " P1 ", "kpi": "SALES", "date": "2025-01-02", "value": 3},
            "not an object",
            {"point_of_sale": "p2", "kpi": "sales", "date": "02/01/2025", "value": "4,5"},
            {"point_of_sale": "p2", "kpi": "sales", "date": "03/01/2025", "value": True},
            {"point_of_sale": "p2", "kpi": "training", "date": None, "value": 1.5},
        ]
    )
    facts, found = validate_facts(table, REFS)
    assert [(error.line, error.column) for error in shape_errors] == [(1, "")]
    assert [(error.line, error.column) for error in found] == [
        (3, "value"),  # a boolean is not a number
        (4, "kpi"),
        (4, "date"),
    ]
    assert facts[["point_of_sale_id", "value"]].values.tolist() == [[10, 3.0], [11, 4.5]]


def test_each_distinct_code_and_date_is_checked_on_every_line_it_appears():
    records = [
        {"point_of_sale": code, "kpi": "sales", "date": day, "value": 1}
        for day in ("2025-01-01", "2025-06-16")
        for code in ("p1", "nope", "P2")
    ]
    facts, found = validate_facts(facts_table_from_records(records)[0], REFS)
    assert [(error.line, error.column) for error in found] == [
        (1, "point_of_sale"),
        (3, "date"),
        (4, "point_of_sale"),
        (4, "date"),
        (5, "date"),
    ]
    assert "16/06/2025" in found[1].reason
    assert facts["point_of_sale_id"].tolist() == [10, 11, 10, 11]


def test_numbers_a_json_batch_sends_are_read_as_sent():
    values = [0.1, 1e300, 7, "7,5", float("inf"), float("nan"), None]
    records = [
        {"point_of_sale": "p1", "kpi": "sales", "date": f"2025-01-0{day}", "value": value}
        for day, value in enumerate(values, start=1)
    ]
    facts, found = validate_facts(facts_table_from_records(records)[0], REFS)
    assert facts["value"].tolist() == [0.1, 1e300, 7.0, 7.5]
    assert [(error.line, error.column) for error in found] == [
        (4, "value"),
        (5, "value"),
        (6, "value"),
    ]
    assert "inf" in found[0].reason


def test_the_people_are_needed_only_when_a_fact_names_one():
    fact = {"point_of_sale": "p1", "kpi": "sales", "date": "2025-01-02", "value": 1.0}
    assert not names_people(facts_table_from_records([fact, {**fact, "person": " "}])[0])
    assert names_people(facts_table_from_records([fact, {**fact, "person": "ana@example.com"}])[0])
