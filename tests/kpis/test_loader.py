"""kpis/loader.py: the staging table, the upsert and the months it marks dirty."""

import datetime as dt

import pandas as pd
import pytest

from kpis import loader
from kpis.loader import kpi_facts_load
from kpis.models import KpiDirtyMonth, KpiFact
from network_animation.tenancy import tenant_scope
from tests.factories import PointOfSaleFactory


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Facts as the service hands them over: (point of sale, KPI, person, date, value)."""
    points, kpis, people, dates, values = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "point_of_sale_id": list(points),
            "kpi_id": list(kpis),
            "person_id": pd.array(list(people), dtype="Int64"),
            "date": pd.to_datetime(list(dates)),
            "value": list(values),
        }
    )


def load(network, rows: list[tuple]) -> int:
    with tenant_scope(network.tenant):
        return kpi_facts_load(tenant=network.tenant, facts=frame(rows)).written


def stored(network) -> set[tuple]:
    with tenant_scope(network.tenant):
        return set(
            KpiFact.objects.filter(tenant=network.tenant).values_list(
                "point_of_sale_id", "kpi_id", "person_id", "date", "value"
            )
        )


def dirty_months(network) -> list[tuple]:
    with tenant_scope(network.tenant):
        return sorted(
            KpiDirtyMonth.objects.filter(tenant=network.tenant).values_list("kpi_id", "month_start")
        )


def forget_dirty_months(network) -> None:
    with tenant_scope(network.tenant):
        KpiDirtyMonth.objects.filter(tenant=network.tenant).delete()


@pytest.mark.django_db
def test_only_the_months_of_new_or_changed_facts_are_marked_dirty(network_a, network_b, kpis_a):
    point, sales, leads = network_a.point_of_sale.pk, kpis_a.sales.pk, kpis_a.leads.pk
    first = [
        (point, sales, None, "2025-01-10", 1.0),
        (point, sales, None, "2025-02-10", 2.0),
        (point, leads, None, "2025-03-10", 3.0),
    ]
    assert load(network_a, first) == 3
    assert dirty_months(network_a) == [
        (sales, dt.date(2025, 1, 1)),
        (sales, dt.date(2025, 2, 1)),
        (leads, dt.date(2025, 3, 1)),
    ]
    forget_dirty_months(network_a)

    # January unchanged, February changed, a new fact in April; March not sent.
    again = [
        (point, sales, None, "2025-01-10", 1.0),
        (point, sales, None, "2025-02-10", 2.5),
        (point, leads, None, "2025-04-30", 4.0),
    ]
    assert load(network_a, again) == 2
    assert dirty_months(network_a) == [(sales, dt.date(2025, 2, 1)), (leads, dt.date(2025, 4, 1))]
    assert (point, sales, None, dt.date(2025, 2, 10), 2.5) in stored(network_a)
    assert dirty_months(network_b) == []


@pytest.mark.django_db
def test_loading_the_same_facts_again_writes_nothing_and_marks_nothing(network_a, kpis_a):
    person = network_a.members["pos_staff"].pk
    rows = [
        (network_a.point_of_sale.pk, kpis_a.sales.pk, None, "2025-01-10", 1.0),
        (network_a.point_of_sale.pk, kpis_a.sales.pk, person, "2025-01-10", 1.0),
    ]
    assert load(network_a, rows) == 2
    forget_dirty_months(network_a)
    assert load(network_a, rows) == 0
    assert dirty_months(network_a) == []
    assert len(stored(network_a)) == 2


@pytest.mark.django_db
def test_people_dates_and_values_are_stored_exactly(network_a, kpis_a):
    """The staging copy loses nothing: NULL people, dates on both sides of 2000, every bit of
    a float."""
    point, sales = network_a.point_of_sale.pk, kpis_a.sales.pk
    person = network_a.members["pos_staff"].pk
    rows = [
        (point, sales, None, "1999-12-31", 0.1),
        (point, sales, person, "2000-01-01", -1234567.891),
        (point, sales, None, "2024-02-29", 1e-300),
        (point, sales, None, "2038-01-20", 1.7976931348623157e308),
    ]
    load(network_a, rows)
    assert stored(network_a) == {
        (p, k, who, dt.date.fromisoformat(day), value) for p, k, who, day, value in rows
    }


@pytest.mark.django_db
def test_a_batch_of_days_partly_loaded_already_writes_and_marks_what_is_new(network_a, kpis_a):
    """Facts of a (KPI, day) that has facts already go through the upsert, the others are
    inserted plainly (PostgreSQL): either way each is written once, the months marked."""
    first, sales, leads = network_a.point_of_sale.pk, kpis_a.sales.pk, kpis_a.leads.pk
    second = PointOfSaleFactory(zone=network_a.zone).pk
    assert load(network_a, [(first, sales, None, "2025-01-10", 1.0)]) == 1
    forget_dirty_months(network_a)

    rows = [
        (first, sales, None, "2025-01-10", 1.0),  # the same again
        (second, sales, None, "2025-01-10", 2.0),  # a day of the KPI with a fact already
        (first, sales, None, "2025-02-03", 3.0),  # new days
        (second, leads, None, "2025-02-03", 4.0),
        (first, leads, None, "2025-03-31", 5.0),
    ]
    assert load(network_a, rows) == 4
    assert stored(network_a) == {
        (p, k, who, dt.date.fromisoformat(d), v) for p, k, who, d, v in rows
    }
    assert dirty_months(network_a) == sorted(
        [
            (sales, dt.date(2025, 1, 1)),
            (sales, dt.date(2025, 2, 1)),
            (leads, dt.date(2025, 2, 1)),
            (leads, dt.date(2025, 3, 1)),
        ]
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_facts_committed_by_someone_else_since_the_check_are_upserted(
    network_a, kpis_a, monkeypatch
):
    """The days were found without facts, then another import committed some of them: the
    plain insertion fails on the unique key, and the whole batch goes through the upsert."""
    point, sales = network_a.point_of_sale.pk, kpis_a.sales.pk
    assert load(network_a, [(point, sales, None, "2025-01-10", 1.0)]) == 1
    forget_dirty_months(network_a)
    monkeypatch.setattr(loader, "TAKEN_DAYS", "SELECT NULL::bigint, NULL::date WHERE false")

    rows = [(point, sales, None, "2025-01-10", 1.5), (point, sales, None, "2025-01-11", 2.0)]
    assert load(network_a, rows) == 2
    assert stored(network_a) == {
        (point, sales, None, dt.date(2025, 1, 10), 1.5),
        (point, sales, None, dt.date(2025, 1, 11), 2.0),
    }
    assert dirty_months(network_a) == [(sales, dt.date(2025, 1, 1))]
    assert load(network_a, rows) == 0
