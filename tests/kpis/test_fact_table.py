"""kpis/fact_table.py: reading and checking facts, without the database."""

import datetime as dt
import math

import pandas as pd

from kpis import errors
from kpis.fact_table import (
    FactReferences,
    facts_table_from_file,
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


def _csv(rows: list[str]) -> bytes:
    return ("code_pdv;indicateur;date;valeur;collaborateur\n" + "\n".join(rows)).encode()


def _day(offset: int) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=offset)


def test_bad_cells_deep_in_a_large_file_are_reported_at_their_line_and_column():
    rows = [
        f"P{1 + n % 2};sales;{_day(n // 2):%d/%m/%Y};{n} {n % 1000:03d},5;" for n in range(20_000)
    ]
    rows[12_344] = "P1;sales;31/02/2025;7;"  # no such day
    rows[15_000] = " p9 ;SALES;02/01/2025;1 234,5;"  # unknown point of sale
    rows[17_500] = "P2;sales;03/01/2025;12,3,4;"  # not a number
    rows[19_998] = "P2;sales;04/01/2025;;bob@example.com"  # empty value, unknown person
    rows[19_999] = f"p1;sales;{_day(3):%Y-%m-%d};1;"  # the fact of line 8 again
    facts, found = validate_facts(facts_table_from_file(_csv(rows), "facts.csv"), REFS)
    # Line 1 is the header: the data row at index n is on line n + 2.
    assert [(error.line, error.column) for error in found] == [
        (12_346, "date"),
        (15_002, "point_of_sale"),
        (17_502, "value"),
        (20_000, "value"),
        (20_000, "person"),
        (20_001, "date"),
    ]
    assert "p9" in found[1].reason
    assert "12,3,4" in found[2].reason
    assert found[5].reason == str(errors.DUPLICATE_FACT) % {"value": 8}
    assert len(facts) == 20_000 - 4  # the repeated fact is valid on its own
    assert facts["value"].iloc[12_344] == 12_345_345.5
    assert facts["date"].iloc[-2] == pd.Timestamp(_day(9_998))


def test_french_numbers_and_dates_in_a_file_are_read_in_every_format():
    rows = [f"P1;sales;{day:02d}/01/2025;{day} 000,25;" for day in range(1, 29)]
    rows += ["p2;Sales;2025-01-05;1.234,5;ana@example.com", " P2 ;sales;05.01.2025;7;"]
    facts, found = validate_facts(facts_table_from_file(_csv(rows), "facts.csv"), REFS)
    assert found == []
    assert facts["value"].tolist()[:3] == [1000.25, 2000.25, 3000.25]
    assert facts["person_id"].tolist()[-2:] == [20, pd.NA]
    assert facts[["point_of_sale_id", "value"]].values.tolist()[-2:] == [[11, 1234.5], [11, 7.0]]
    assert facts["date"].tolist()[-2:] == [pd.Timestamp("2025-01-05")] * 2


def test_bad_facts_deep_in_a_large_batch_are_reported_at_their_index():
    records = [
        {"point_of_sale": ("p1", "P2")[n % 2], "kpi": "sales", "date": str(_day(n // 2))}
        | {"value": float(n)}
        for n in range(30_000)
    ]
    records[21_450]["value"] = 10**400  # an integer no float holds
    records[21_451]["value"] = "1 234,5"  # French text among numbers
    records[21_452]["point_of_sale"] = None
    records[21_453]["kpi"] = 7  # a number where a code is expected
    records[29_999]["value"] = False
    facts, found = validate_facts(facts_table_from_records(records)[0], REFS)
    assert [(error.line, error.column) for error in found] == [
        (21_450, "value"),
        (21_452, "point_of_sale"),
        (21_453, "kpi"),
        (29_999, "value"),
    ]
    assert found[2].reason == str(errors.UNKNOWN_KPI) % {"value": "7"}
    assert "False" in found[3].reason
    assert len(facts) == 30_000 - 4
    assert facts["value"].iloc[21_450] == 1234.5


def test_a_repeated_fact_names_the_line_it_repeats_and_people_make_facts_distinct():
    fact = {"point_of_sale": "p1", "kpi": "sales", "date": "2025-01-02", "value": 1.0}
    records = [
        fact,
        {**fact, "person": "ana@example.com"},
        {**fact, "date": "02/01/2025", "point_of_sale": " P1"},  # the first fact again
        {**fact, "kpi": "SALES", "person": "ANA@example.com"},  # the second again
        {**fact, "date": "2025-01-03"},
    ]
    facts, found = validate_facts(facts_table_from_records(records)[0], REFS)
    assert [(error.line, error.column) for error in found] == [(2, "date"), (3, "date")]
    assert [error.reason for error in found] == [
        str(errors.DUPLICATE_FACT) % {"value": line} for line in (0, 1)
    ]
    assert len(facts) == 5


def test_a_batch_of_json_numbers_only_is_read_as_sent_with_its_bad_numbers_at_their_index():
    values = [1.5, 7, float("inf"), float("nan"), -2.25, 1e308 * 10]
    records = [
        {"point_of_sale": "p1", "kpi": "sales", "date": str(_day(n)), "value": value}
        for n, value in enumerate(values)
    ]
    table = facts_table_from_records(records)[0]
    facts, found = validate_facts(table, REFS)
    assert [(error.line, error.column) for error in found] == [
        (2, "value"),
        (3, "value"),
        (5, "value"),
    ]
    assert "inf" in found[0].reason
    assert found[1].reason == str(errors.EMPTY_VALUE)
    assert facts["value"].tolist() == [1.5, 7.0, -2.25]
