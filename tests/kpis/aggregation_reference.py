"""The reference of tests/kpis/test_aggregation.py: the aggregation's rules, written the obvious
way with pandas, independently of kpis/aggregation's SQL."""

import numpy as np
import pandas as pd

KEY = ["kpi", "period", "period_start", "level", "scope_id"]


def reference(facts: pd.DataFrame, world) -> pd.DataFrame:
    _network, kpis, _points, _people = world
    frames = []
    # The brand's figures run to the last day of any of its (imported) KPIs: a period that day
    # has passed is over for every KPI, whichever day its own facts stop.
    brand_through = facts["date"].max()
    for period, freq in (("month", "M"), ("year", "Y")):
        dated = facts.assign(
            period=period, period_start=facts["date"].dt.to_period(freq).dt.start_time
        )
        for kpi in kpis.all()[:5]:
            frames.append(_kpi_reference(dated, kpi, brand_through))
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


def _kpi_reference(dated: pd.DataFrame, kpi, brand_through: pd.Timestamp) -> pd.DataFrame:
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
    starts = frame["period_start"].dt
    month_days, year_days = starts.days_in_month, np.where(starts.is_leap_year, 366, 365)
    frame["days_in_period"] = np.where(frame["period"] == "month", month_days, year_days)
    last_day = frame["period_start"] + pd.to_timedelta(frame["days_in_period"] - 1, unit="D")
    elapsed = (frame["data_through"] - frame["period_start"]).dt.days + 1
    frame["days_elapsed"] = elapsed.where(last_day > brand_through, frame["days_in_period"])
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
