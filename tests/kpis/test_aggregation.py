"""kpis/aggregation: the rollups equal a reference computed independently with pandas, for
sums, averages, last values and ratios at every level; incremental equals full; twice changes
nothing."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.aggregation import kpi_rollups_refresh
from kpis.loader import kpi_facts_load
from kpis.models import KpiDirtyMonth, KpiFact, KpiRollup, Level, Objective, Period
from kpis.services.dirty import months_mark_dirty
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory, RegionFactory, ZoneFactory
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
KEY = ["kpi", "period", "period_start", "level", "scope_id"]
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


# The reference: the same rules, written the obvious way with pandas.


def reference(facts: pd.DataFrame, world) -> pd.DataFrame:
    _network, kpis, _points, _people = world
    frames = []
    for period, freq in (("month", "M"), ("year", "Y")):
        dated = facts.assign(
            period=period, period_start=facts["date"].dt.to_period(freq).dt.start_time
        )
        for kpi in kpis.all()[:5]:
            frames.append(_kpi_reference(dated, kpi))
    frame = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    return _targets_and_ranks(frame, world).sort_values(KEY).reset_index(drop=True)


def _parts(dated: pd.DataFrame, kpi) -> pd.DataFrame:
    """Per point of sale and period: numerator, denominator, fact count, last day of data."""
    keys = ["period", "period_start", "point_of_sale_id", "zone_id", "region_id"]
    if kpi.is_ratio:
        rows = dated[dated["kpi_id"].isin([kpi.numerator_id, kpi.denominator_id])].copy()
        rows["num"] = rows["value"].where(rows["kpi_id"] == kpi.numerator_id, 0.0)
        rows["den"] = rows["value"].where(rows["kpi_id"] == kpi.denominator_id, 0.0)
        return (
            rows.groupby(keys)
            .agg(numerator=("num", "sum"), denominator=("den", "sum"), fact_count=("value", "size"))
            .reset_index()
        )
    rows = dated[dated["kpi_id"] == kpi.pk]
    if kpi.aggregation == "last":
        last_day = rows.groupby(keys)["date"].transform("max")
        parts = rows[rows["date"] == last_day].groupby(keys)["value"].sum().rename("numerator")
        counts = rows.groupby(keys).size().rename("fact_count")
        return pd.concat([parts, counts], axis=1).reset_index().assign(denominator=np.nan)
    parts = rows.groupby(keys).agg(numerator=("value", "sum"), fact_count=("value", "size"))
    parts["denominator"] = parts["fact_count"] if kpi.aggregation == "average" else np.nan
    return parts.reset_index()


def _kpi_reference(dated: pd.DataFrame, kpi) -> pd.DataFrame:
    parts = _parts(dated, kpi)
    if parts.empty:
        return parts
    part_ids = [kpi.numerator_id, kpi.denominator_id] if kpi.is_ratio else [kpi.pk]
    through = (
        dated[dated["kpi_id"].isin(part_ids)]
        .groupby(["period", "period_start"])["date"]
        .max()
        .rename("data_through")
    )
    levels = [parts.assign(level="point_of_sale", scope_id=parts["point_of_sale_id"])]
    for level, column in (("zone", "zone_id"), ("region", "region_id"), ("network", None)):
        keys = ["period", "period_start"] + ([column] if column else [])
        summed = (
            parts.groupby(keys)
            .agg(
                numerator=("numerator", "sum"),
                fact_count=("fact_count", "sum"),
                denominator=("denominator", lambda d: d.sum() if d.notna().any() else np.nan),
            )
            .reset_index()
        )
        levels.append(summed.assign(level=level, scope_id=summed[column] if column else 0))
    frame = pd.concat(levels, ignore_index=True).join(through, on=["period", "period_start"])
    denominator = frame["denominator"]
    ratio = frame["numerator"] / denominator.where(denominator != 0)
    frame["value"] = frame["numerator"].where(denominator.isna(), ratio) * kpi.multiplier
    frame["days_elapsed"] = (frame["data_through"] - frame["period_start"]).dt.days + 1
    starts = frame["period_start"].dt
    month_days, year_days = starts.days_in_month, np.where(starts.is_leap_year, 366, 365)
    frame["days_in_period"] = np.where(frame["period"] == "month", month_days, year_days)
    return frame.assign(kpi=kpi.pk, direction=kpi.direction, aggregation=kpi.aggregation)


def _targets_and_ranks(frame: pd.DataFrame, world) -> pd.DataFrame:
    _network, kpis, points, _people = world
    frame["target"] = np.nan
    sales_point = (frame["kpi"] == kpis.sales.pk) & (frame["level"] == "point_of_sale")
    index_of = {point.pk: i for i, point in enumerate(points)}
    month_target = frame["scope_id"].map(lambda pk: 100.0 * (index_of.get(pk, 0) + 1))
    # Month objectives for 18 months from START; a year adds up those that fall in it.
    months_in_year = frame["period_start"].dt.year.map({2024: 2, 2025: 12, 2026: 4})
    frame.loc[sales_point, "target"] = np.where(
        frame["period"] == "month", month_target, month_target * months_in_year
    )[sales_point]
    for level, column in (("zone", "zone_id"), ("region", "region_id"), ("network", None)):
        sums = (
            frame[sales_point]
            .groupby(["period", "period_start"] + ([column] if column else []))["target"]
            .sum()
        )
        rows = (frame["kpi"] == kpis.sales.pk) & (frame["level"] == level)
        keys = frame.loc[rows, ["period", "period_start"] + ([column] if column else [])]
        frame.loc[rows, "target"] = [
            sums[tuple(k)] if len(k) > 1 else sums[k[0]] for k in keys.itertuples(index=False)
        ]
    satisfaction = (
        (frame["kpi"] == kpis.satisfaction.pk)
        & (frame["level"] == "network")
        & (frame["period_start"].dt.year == 2025)
    )
    frame.loc[satisfaction, "target"] = 4.0
    far_zone = points[3].zone_id
    # A quarter objective: its months take it as it is (a level, not a sum), and so does its
    # year (the average of its quarters' objectives).
    stock = (
        (frame["kpi"] == kpis.stock.pk)
        & (frame["level"] == "zone")
        & (frame["scope_id"] == far_zone)
        & (frame["period_start"].dt.year == 2025)
        & ((frame["period"] == "year") | (frame["period_start"].dt.month <= 3))
    )
    frame.loc[stock, "target"] = 50.0
    return _performance(frame)


def _performance(frame: pd.DataFrame) -> pd.DataFrame:
    lower = frame["direction"] == "lower"
    target = frame["target"].where(frame["target"] != 0)
    frame["achievement_rate"] = np.where(
        lower, 2 - frame["value"] / target, frame["value"] / target
    )
    gap = np.where(lower, frame["value"] - frame["target"], frame["target"] - frame["value"])
    frame["remaining_to_target"] = (
        pd.Series(gap).clip(lower=0).where(frame["target"].notna() & frame["value"].notna())
    )
    frame["projection"] = frame["value"].where(
        frame["aggregation"] != "sum",
        frame["value"] * frame["days_in_period"] / frame["days_elapsed"],
    )
    best_first = frame["value"].where(lower, -frame["value"])
    frame["_best"] = best_first
    network = frame.groupby(["kpi", "period", "period_start", "level"])["_best"]
    frame["network_rank"] = network.rank(method="min", na_option="bottom")
    frame["network_peers"] = network.transform("size")
    zone = frame.groupby(["kpi", "period", "period_start", "level", "zone_id"])["_best"]
    is_point = frame["level"] == "point_of_sale"
    frame["zone_rank"] = zone.rank(method="min", na_option="bottom").where(is_point)
    frame["zone_peers"] = zone.transform("size").where(is_point)
    frame["network_gap_to_above"] = _gaps(frame, ["kpi", "period", "period_start", "level"])
    zone_keys = ["kpi", "period", "period_start", "level", "zone_id"]
    frame["zone_gap_to_above"] = _gaps(frame, zone_keys).where(is_point)
    return frame


def _gaps(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """How far each value is behind the next better value of its group (ties all as far)."""
    gaps = pd.Series(np.nan, index=frame.index)
    for _key, group in frame.groupby(keys, dropna=False):
        better = sorted(group["_best"].dropna().unique())
        above = {b: better[i - 1] for i, b in enumerate(better) if i > 0}
        gaps[group.index] = [abs(b - above[b]) if b in above else np.nan for b in group["_best"]]
    return gaps


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
