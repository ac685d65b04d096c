"""kpis/aggregation: the rollups equal a reference computed independently with pandas, for
sums, averages, last values and ratios at every level; incremental equals full; twice changes
nothing."""

import datetime as dt
from importlib import import_module
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.aggregation import kpi_rollups_refresh
from kpis.loader import kpi_facts_load
from kpis.models import KpiDirtyMonth, KpiFact, KpiRollup, Level, Objective, Period
from kpis.services.dirty import months_mark_dirty
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory, RegionFactory, ZoneFactory
from .aggregation_reference import KEY, reference
from .factories import ObjectiveFactory

START = dt.date(2024, 11, 1)
COMPARED = [
    "value",
    "numerator",
    "denominator",
    "fact_count",
    "target",
    "achievement_rate",
    "remaining_to_target",
    "projection",
    "zone_rank",
    "network_rank",
    "zone_peers",
    "network_peers",
    "days_elapsed",
    "days_in_period",
    "zone_gap_to_above",
    "network_gap_to_above",
]
# The rollup table as the aggregation's statements name it.
ROLLUPS = connection.ops.quote_name(KpiRollup._meta.db_table)


def deletes_rollups(sql_text: str) -> bool:
    return sql_text.split()[:3] == ["DELETE", "FROM", ROLLUPS]


@pytest.fixture
def world(network_a, kpis_a):
    """Five points of sale in three zones and two regions, and a set of objectives."""
    tenant = network_a.tenant
    far_zone = ZoneFactory(region=RegionFactory(tenant=tenant), tenant=tenant)
    points = [
        network_a.point_of_sale,
        network_a.other_point_of_sale,
        PointOfSaleFactory(zone=network_a.zone, tenant=tenant),
        PointOfSaleFactory(zone=far_zone, tenant=tenant),
        PointOfSaleFactory(zone=far_zone, tenant=tenant),
    ]
    for index, point in enumerate(points):
        for month in pd.date_range(START, periods=18, freq="MS"):
            ObjectiveFactory(
                tenant=tenant,
                kpi=kpis_a.sales,
                level=Level.POINT_OF_SALE,
                point_of_sale=point,
                period=Period.MONTH,
                period_start=month.date(),
                target=100.0 * (index + 1),
            )
    ObjectiveFactory(
        tenant=tenant,
        kpi=kpis_a.satisfaction,
        level=Level.NETWORK,
        period=Period.YEAR,
        period_start=dt.date(2025, 1, 1),
        target=4.0,
    )
    ObjectiveFactory(
        tenant=tenant,
        kpi=kpis_a.stock,
        level=Level.ZONE,
        zone=far_zone,
        period=Period.QUARTER,
        period_start=dt.date(2025, 1, 1),
        target=50.0,
    )
    people = [None, network_a.members["pos_staff"].pk, network_a.members["pos_manager"].pk]
    return network_a, kpis_a, points, people


def facts_strategy(points: int):
    fact = st.tuples(
        st.integers(0, points - 1),
        st.sampled_from(["sales", "leads", "satisfaction", "stock"]),
        st.integers(0, 500),
        st.integers(0, 2),
        st.integers(-100_000, 10_000_000),
    )
    return st.lists(fact, min_size=1, max_size=60, unique_by=lambda f: f[:4])


def as_frame(raw, world) -> pd.DataFrame:
    network, kpis, points, people = world
    by_code = {kpi.code: kpi for kpi in kpis.all()}
    return pd.DataFrame(
        {
            "point_of_sale_id": [points[p].pk for p, *_ in raw],
            "zone_id": [points[p].zone_id for p, *_ in raw],
            "region_id": [points[p].zone.region_id for p, *_ in raw],
            "kpi_id": [by_code[k].pk for _, k, *_ in raw],
            "person_id": pd.array([people[h] for *_, h, _ in raw], dtype="Int64"),
            "date": pd.to_datetime([START + dt.timedelta(days=d) for _, _, d, *_ in raw]),
            "value": [v / 100 for *_, v in raw],
        }
    ).assign(month_start=lambda f: f["date"].dt.to_period("M").dt.start_time)


def load(world, frame: pd.DataFrame) -> None:
    with tenant_scope(world[0].tenant):
        kpi_facts_load(tenant=world[0].tenant, facts=frame)


def rollups(tenant) -> pd.DataFrame:
    with tenant_scope(tenant):
        # The organisation's levels; people's rollups have their own test (test_person_rollups).
        rows = (
            KpiRollup.objects.filter(tenant=tenant)
            .exclude(level="person")
            .values("kpi", *KEY[1:], *COMPARED)
        )
        frame = pd.DataFrame(list(rows))
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame.sort_values(KEY).reset_index(drop=True)


def refresh(tenant, full=False):
    with tenant_scope(tenant):
        return kpi_rollups_refresh(tenant=tenant, full=full)


def reset(tenant) -> None:
    with tenant_scope(tenant):
        KpiFact.objects.filter(tenant=tenant).delete()
        KpiRollup.objects.filter(tenant=tenant).delete()
        KpiDirtyMonth.objects.filter(tenant=tenant).delete()


def assert_same(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert actual[KEY].astype(str).values.tolist() == expected[KEY].astype(str).values.tolist()
    for column in COMPARED:
        left = pd.to_numeric(actual[column], errors="coerce").to_numpy(dtype=float)
        right = pd.to_numeric(expected[column], errors="coerce").to_numpy(dtype=float)
        np.testing.assert_allclose(
            left, right, rtol=1e-9, atol=1e-6, equal_nan=True, err_msg=column
        )


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_rollups_equal_the_pandas_reference_and_incremental_equals_full(world, data):
    tenant = world[0].tenant
    reset(tenant)
    first = data.draw(facts_strategy(len(world[2])), label="first batch")
    late = data.draw(facts_strategy(len(world[2])), label="late batch and corrections")
    load(world, as_frame(first, world))
    refresh(tenant)
    load(world, as_frame(late, world))
    refresh(tenant)
    incremental = rollups(tenant)
    merged = {f[:4]: f for f in first} | {f[:4]: f for f in late}
    assert_same(incremental, reference(as_frame(list(merged.values()), world), world))
    assert refresh(tenant).months == 0
    pd.testing.assert_frame_equal(rollups(tenant), incremental)
    refresh(tenant, full=True)
    pd.testing.assert_frame_equal(rollups(tenant), incremental)


@pytest.mark.django_db
def test_a_refresh_touches_only_its_own_tenant(world, network_b, kpis_b):
    """CHECKLIST T7: B's rollups are untouched by A's run."""
    load(world, as_frame([(0, "sales", 3, 0, 500)], world))
    with tenant_scope(network_b.tenant):
        kpi_facts_load(
            tenant=network_b.tenant,
            facts=pd.DataFrame(
                {
                    "point_of_sale_id": [network_b.point_of_sale.pk],
                    "kpi_id": [kpis_b.sales.pk],
                    "person_id": pd.array([None], dtype="Int64"),
                    "date": [pd.Timestamp(START)],
                    "value": [1.0],
                    "month_start": [pd.Timestamp(START)],
                }
            ),
        )
    refresh(network_b.tenant)
    before = rollups(network_b.tenant)
    refresh(world[0].tenant, full=True)
    pd.testing.assert_frame_equal(rollups(network_b.tenant), before)
    with tenant_scope(network_b.tenant):
        assert not Objective.objects.filter(tenant=world[0].tenant).exists()


def computed_at(tenant) -> dict:
    with tenant_scope(tenant):
        return {
            (r.kpi_id, r.period, r.period_start, r.level, r.scope_id): r.computed_at
            for r in KpiRollup.objects.filter(tenant=tenant)
        }


@pytest.mark.django_db
def test_a_rebuild_rewrites_only_the_rows_whose_figures_changed(world):
    """`computed_at` is when a row last changed; rows left without facts are deleted."""
    tenant, points = world[0].tenant, world[2]
    facts = [(0, "sales", 3, 0, 500), (1, "sales", 4, 0, 700), (3, "sales", 40, 0, 900)]
    load(world, as_frame(facts, world))
    refresh(tenant)
    first = computed_at(tenant)
    refresh(tenant, full=True)
    assert computed_at(tenant) == first

    load(world, as_frame([(0, "sales", 3, 0, 600)], world))  # one correction in November
    refresh(tenant)
    changed = {key for key, at in computed_at(tenant).items() if at != first[key]}
    november = dt.date(2024, 11, 1)
    assert (world[1].sales.pk, "month", november, "point_of_sale", points[0].pk) in changed
    assert all(key[2] in (november, dt.date(2024, 1, 1)) for key in changed)
    assert not any(key[4] == points[3].pk for key in changed)  # December, another zone

    with tenant_scope(tenant):
        KpiFact.objects.filter(tenant=tenant, point_of_sale=points[1]).delete()
        months_mark_dirty(tenant=tenant, months=[(world[1].sales.pk, november)])
    refresh(tenant)
    assert not any(
        key[3] == "point_of_sale" and key[4] == points[1].pk for key in computed_at(tenant)
    )
    left = [(0, "sales", 3, 0, 600), (3, "sales", 40, 0, 900)]
    assert_same(rollups(tenant), reference(as_frame(left, world), world))


@pytest.mark.django_db
def test_sqlite_deletes_the_rows_no_longer_computed_by_index_lookups(world):
    """The anti-join runs once per rollup row on SQLite: each must be an index lookup into the
    new rows, not a scan of them (a scan made the demo's seeding 2 min instead of 26 s)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL hashes the new rows instead")
    load(world, as_frame([(0, "sales", 3, 0, 500), (3, "sales", 40, 0, 900)], world))
    plans = []

    def explain(execute, sql_text, params, many, context):
        if deletes_rollups(sql_text):
            context["cursor"].execute(f"EXPLAIN QUERY PLAN {sql_text}", params)
            plans.append(" ".join(str(row) for row in context["cursor"].fetchall()))
        return execute(sql_text, params, many, context)

    with connection.execute_wrapper(explain):
        refresh(world[0].tenant, full=True)
    assert plans
    assert "kpi_rollup_new_key" in plans[0]


@pytest.mark.django_db
def test_postgresql_full_rebuilds_hash_join_the_rollups_whatever_their_statistics(world):
    """Here the statistics say the rollup table is empty (analysed before a rebuild wrote it):
    a nested loop would compare every pair of rows, hours for a large tenant."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite looks the new rows up by their key index instead")
    load(world, as_frame([(0, "sales", 3, 0, 500), (3, "sales", 40, 0, 900)], world))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ROLLUPS}")
    refresh(world[0].tenant, full=True)
    plans = []

    def explain(execute, sql_text, params, many, context):
        if deletes_rollups(sql_text) or sql_text.lstrip().startswith("WITH x"):
            context["cursor"].execute(f"EXPLAIN {sql_text}", params)
            plans.append(" ".join(row[0] for row in context["cursor"].fetchall()))
        return execute(sql_text, params, many, context)

    with connection.execute_wrapper(explain):
        refresh(world[0].tenant, full=True)
    write, delete = plans
    assert "Hash Anti Join" in write
    assert "Hash Anti Join" in delete
    assert "Nested Loop" not in write + delete


@pytest.mark.django_db
def test_postgresql_full_rebuilds_leave_the_rollups_statistics_true(world):
    """A rebuild from an empty rollup table renews its statistics: planned on those of the empty
    table, the next nightly run and the pages' reads took nested loops (75 s instead of 3 s)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without statistics")
    load(world, as_frame([(0, "sales", 3, 0, 500), (3, "sales", 40, 0, 900)], world))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ROLLUPS}")  # the statistics of an empty table
        refresh(world[0].tenant, full=True)
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [KpiRollup._meta.db_table]
        )
        estimated = cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {ROLLUPS}")  # noqa: S608  # the model's table
        assert estimated == cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_a_month_the_brands_figures_have_passed_is_over_for_a_kpi_with_sparse_facts(world):
    """A survey score with no facts on November's last days: once the sales of the 30th come in,
    November is over for it too ("to date" no more), though the night recomputes only sales."""
    tenant, kpis = world[0].tenant, world[1]
    november = dt.date(2024, 11, 1)
    load(world, as_frame([(0, "sales", 28, 0, 500), (0, "satisfaction", 19, 0, 400)], world))
    refresh(tenant)

    def november_rollup(kpi):
        with tenant_scope(tenant):
            return KpiRollup.objects.get(
                kpi=kpi, period="month", period_start=november, level="network"
            )

    assert november_rollup(kpis.satisfaction).is_running  # the sales run to the 29th only
    assert november_rollup(kpis.sales).is_running

    load(world, as_frame([(1, "sales", 29, 0, 300)], world))
    assert refresh(tenant).months == 1
    survey = november_rollup(kpis.satisfaction)
    assert not survey.is_running
    assert survey.days_elapsed == 30
    assert survey.data_through == dt.date(2024, 11, 20)  # its own figures still end on the 20th
    sales = november_rollup(kpis.sales)
    assert not sales.is_running
    assert sales.projection == sales.value
    with tenant_scope(tenant):
        assert not KpiRollup.objects.filter(
            tenant=tenant, period_start=november, days_elapsed__lt=30
        ).exists()  # every level, not only the network's
    incremental = rollups(tenant)
    refresh(tenant, full=True)
    pd.testing.assert_frame_equal(rollups(tenant), incremental)


@pytest.mark.django_db
def test_the_migration_closes_the_periods_already_written_as_running(world):
    tenant, kpis = world[0].tenant, world[1]
    load(world, as_frame([(0, "sales", 29, 0, 500), (0, "satisfaction", 19, 0, 400)], world))
    refresh(tenant)
    with tenant_scope(tenant):
        written = KpiRollup.objects.filter(tenant=tenant, kpi=kpis.satisfaction, period="month")
        written.update(days_elapsed=20)  # as the aggregation wrote it before
    migration = ("kpis", "0011_rollups_passed_periods_closed")
    data_migration = import_module(".".join([migration[0], "migrations", migration[1]]))
    historical = MigrationLoader(connection).project_state(migration).apps
    data_migration.passed_periods_closed(historical, SimpleNamespace(connection=connection))
    with tenant_scope(tenant):
        assert {r.days_elapsed for r in written} == {30}
        year = KpiRollup.objects.filter(tenant=tenant, period="year").first()
    assert year.is_running  # 2024 is not over: the figures run to 30 November
