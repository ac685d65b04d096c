"""Reads for challenges and labels: a KPI's figures per point of sale (or person) over any range
of days, summed set-based from the facts with the KPI's own aggregation, and objectives prorated
from the month rollups. One query per aggregation kind, whatever the number of participants."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum

from network_animation.models import Tenant

from .models import Aggregation, KpiDefinition, KpiFact, KpiRollup, RollupLevel, RollupPeriod

Key = tuple[int, int]  # (point of sale or person id, KPI id)
Totals = dict[Key, tuple[float, int]]  # (sum of the values, number of facts)


def _facts(
    *,
    tenant: Tenant,
    kpi_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    point_of_sale_ids: list[int],
    by_person: bool,
) -> QuerySet[KpiFact]:
    facts = KpiFact.objects.filter(
        tenant=tenant,
        kpi_id__in=kpi_ids,
        date__gte=start,
        date__lte=end,
        point_of_sale_id__in=point_of_sale_ids,
    )
    return facts.filter(person__isnull=False) if by_person else facts


def _parts(kpis: list[KpiDefinition]) -> tuple[set[int], set[int]]:
    summed: set[int] = set()
    last: set[int] = set()
    for kpi in kpis:
        if kpi.aggregation == Aggregation.RATIO:
            summed |= {kpi.numerator_id or 0, kpi.denominator_id or 0}
        elif kpi.aggregation == Aggregation.LAST:
            last.add(kpi.pk)
        else:
            summed.add(kpi.pk)
    return summed, last


def kpi_values_over(
    *,
    tenant: Tenant,
    kpis: list[KpiDefinition],
    start: dt.date,
    end: dt.date,
    point_of_sale_ids: list[int],
    by_person: bool = False,
) -> dict[Key, float]:
    """Each participant's value of each KPI over [start, end]: sums, averages of the facts,
    ratios of the parts' sums, and the sum of the last day's values for `last` KPIs."""
    group = "person_id" if by_person else "point_of_sale_id"
    scope: dict[str, Any] = {
        "tenant": tenant,
        "start": start,
        "end": end,
        "point_of_sale_ids": point_of_sale_ids,
        "by_person": by_person,
    }
    summed_ids, last_ids = _parts(kpis)
    totals = _totals(_facts(kpi_ids=summed_ids, **scope), group)
    if last_ids:
        totals |= _totals(_on_last_day(_facts(kpi_ids=last_ids, **scope), group), group)
    return _combine(kpis, totals)


def _on_last_day(facts: QuerySet[KpiFact], group: str) -> QuerySet[KpiFact]:
    """The facts of each participant's last day with facts, per KPI."""
    latest = facts.filter(kpi_id=OuterRef("kpi_id"), **{group: OuterRef(group)})
    last_day = latest.order_by().values(group).annotate(day=Max("date")).values("day")
    return facts.filter(date=Subquery(last_day[:1]))


def _totals(facts: QuerySet[KpiFact], group: str) -> Totals:
    """(sum, count) of the values per participant (`group`) and KPI."""
    rows = facts.values(group, "kpi_id").annotate(total=Sum("value"), count=Count("id"))
    return {(row[group], row["kpi_id"]): (row["total"], row["count"]) for row in rows}


def _combine(kpis: list[KpiDefinition], totals: Totals) -> dict[Key, float]:
    participants = {participant for participant, _ in totals}
    values: dict[Key, float] = {}
    for kpi in kpis:
        for participant in participants:
            value = _value(kpi, participant, totals)
            if value is not None:
                values[(participant, kpi.pk)] = value
    return values


def _value(kpi: KpiDefinition, participant: int, totals: Totals) -> float | None:
    if kpi.aggregation == Aggregation.RATIO:
        numerator = totals.get((participant, kpi.numerator_id or 0))
        denominator = totals.get((participant, kpi.denominator_id or 0))
        if numerator is None or denominator is None or not denominator[0]:
            return None
        return numerator[0] / denominator[0] * kpi.multiplier
    total = totals.get((participant, kpi.pk))
    if total is None:
        return None
    return total[0] / total[1] if kpi.aggregation == Aggregation.AVERAGE else total[0]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def objectives_over(
    *,
    tenant: Tenant,
    kpis: list[KpiDefinition],
    start: dt.date,
    end: dt.date,
    point_of_sale_ids: list[int],
    person_ids: list[int] | None = None,
) -> dict[Key, float]:
    """Each point of sale's (or, given `person_ids`, each person's) objective for [start, end],
    from the month rollups' targets (which already fall back on quarter and year objectives): a
    summed KPI's monthly targets prorated to the days covered; any other KPI's, averaged
    weighted by those days."""
    by_person = person_ids is not None
    targets = KpiRollup.objects.filter(
        tenant=tenant,
        period=RollupPeriod.MONTH,
        level=RollupLevel.PERSON if by_person else RollupLevel.POINT_OF_SALE,
        kpi__in=kpis,
        scope_id__in=(person_ids or []) if by_person else point_of_sale_ids,
        target__isnull=False,
        period_start__gte=start.replace(day=1),
        period_start__lte=end,
    ).values_list("scope_id", "kpi_id", "period_start", "target")
    return _prorated(targets, kpis, start, end)


def _prorated(
    targets: Iterable[tuple[int, int, dt.date, float | None]],
    kpis: list[KpiDefinition],
    start: dt.date,
    end: dt.date,
) -> dict[Key, float]:
    """Monthly targets over the days of [start, end] they cover: summed KPIs' prorated, others'
    averaged weighted by those days."""
    additive = {kpi.pk for kpi in kpis if kpi.aggregation == Aggregation.SUM}
    weighted: dict[Key, float] = defaultdict(float)
    days: dict[Key, int] = defaultdict(int)
    for point_id, kpi_id, month, target in targets:
        month_end = _next_month(month)
        covered = (min(end + dt.timedelta(days=1), month_end) - max(start, month)).days
        share = covered / (month_end - month).days
        weighted[(point_id, kpi_id)] += (target or 0.0) * (share if kpi_id in additive else covered)
        days[(point_id, kpi_id)] += covered
    return {
        key: total if key[1] in additive else total / days[key]
        for key, total in weighted.items()
        if days[key] > 0
    }


def last_fact_date(
    *, tenant: Tenant, kpis: list[KpiDefinition], start: dt.date, end: dt.date
) -> dt.date | None:
    """The last day with facts of these KPIs (or their parts) in [start, end], network-wide."""
    summed_ids, last_ids = _parts(kpis)
    return KpiFact.objects.filter(
        tenant=tenant, kpi_id__in=summed_ids | last_ids, date__gte=start, date__lte=end
    ).aggregate(day=Max("date"))["day"]


def year_rollups(
    *, tenant: Tenant, year: int, kpi_ids: list[int], point_of_sale_ids: list[int] | None = None
) -> QuerySet[KpiRollup]:
    """The year rollups of points of sale: what labels are evaluated on."""
    rollups = KpiRollup.objects.filter(
        tenant=tenant,
        period=RollupPeriod.YEAR,
        period_start=dt.date(year, 1, 1),
        level=RollupLevel.POINT_OF_SALE,
        kpi_id__in=kpi_ids,
    )
    if point_of_sale_ids is not None:
        rollups = rollups.filter(scope_id__in=point_of_sale_ids)
    return rollups


def scope_gaps(
    *, tenant: Tenant, kpi_ids: list[int], level: str, scope_id: int
) -> dict[int, KpiRollup]:
    """A zone's (region's, network's) latest month rollup per KPI: its gap to its objectives."""
    latest = KpiRollup.objects.filter(
        tenant=tenant, period=RollupPeriod.MONTH, level=level, scope_id=scope_id
    ).aggregate(month=Max("period_start"))["month"]
    rollups = KpiRollup.objects.filter(
        tenant=tenant,
        period=RollupPeriod.MONTH,
        period_start=latest,
        level=level,
        scope_id=scope_id,
        kpi_id__in=kpi_ids,
    )
    return {rollup.kpi_id: rollup for rollup in rollups} if latest else {}
