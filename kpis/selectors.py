"""Reads of KPIs, objectives and rollups. Every selector takes `tenant=` and filters on it."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from network_animation.models import Membership, PointOfSale, Tenant

from .models import (
    Aggregation,
    KpiDefinition,
    KpiRollup,
    Level,
    Objective,
    RollupLevel,
    RollupPeriod,
    Source,
)


def kpi_list(*, tenant: Tenant, active_only: bool = False) -> QuerySet[KpiDefinition]:
    kpis = KpiDefinition.objects.filter(tenant=tenant).select_related("numerator", "denominator")
    return kpis.filter(is_active=True) if active_only else kpis


def kpi_get(*, tenant: Tenant, id: int) -> KpiDefinition:
    kpi = kpi_list(tenant=tenant).filter(pk=id).first()
    if kpi is None:
        raise Http404
    return kpi


def kpi_ids_by_code(*, tenant: Tenant, importable: bool) -> dict[str, int]:
    """Lower-cased codes of the KPIs facts can be imported for (or of those they cannot)."""
    condition = Q(source=Source.IMPORTED) & ~Q(aggregation=Aggregation.RATIO)
    kpis = KpiDefinition.objects.filter(tenant=tenant).filter(
        condition if importable else ~condition
    )
    return {code.lower(): pk for code, pk in kpis.values_list("code", "pk")}


def point_of_sale_ids_by_code(*, tenant: Tenant) -> dict[str, int]:
    points = PointOfSale.objects.filter(tenant=tenant).values_list("code", "pk")
    return {code.lower(): pk for code, pk in points}


def membership_ids_by_email(*, tenant: Tenant) -> dict[str, int]:
    members = Membership.objects.filter(tenant=tenant).values_list(Lower("user__email"), "pk")
    return dict(members)


def objective_list(
    *,
    tenant: Tenant,
    kpi: KpiDefinition | None = None,
    level: str = "",
    period: str = "",
    year: int | None = None,
) -> QuerySet[Objective]:
    """Objectives with their KPI and scope loaded, latest periods first."""
    objectives = (
        Objective.objects.filter(tenant=tenant)
        .select_related("kpi", "point_of_sale", "person__user", "zone", "region")
        .order_by("-period_start", "kpi__position", "kpi__code", "level", "period", "scope_key")
    )
    if kpi is not None:
        objectives = objectives.filter(kpi=kpi)
    if level:
        objectives = objectives.filter(level=level)
    if period:
        objectives = objectives.filter(period=period)
    if year is not None:
        objectives = objectives.filter(period_start__year=year)
    return objectives


def objective_get(*, tenant: Tenant, id: int) -> Objective:
    objective = objective_list(tenant=tenant).filter(pk=id).first()
    if objective is None:
        raise Http404
    return objective


def rollup_list(*, tenant: Tenant) -> QuerySet[KpiRollup]:
    return KpiRollup.objects.filter(tenant=tenant).select_related(
        "kpi", "point_of_sale", "zone", "region"
    )


def point_of_sale_families(*, tenant: Tenant) -> dict[int, set[str]]:
    """The KPI families each active point of sale has objectives on, whatever the objective's
    level (its own, one of its people's, its zone's, its region's, the network's)."""
    scopes: dict[str, dict[int | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    objectives = (
        Objective.objects.filter(tenant=tenant, kpi__is_active=True)
        .exclude(kpi__family="")
        .order_by()
        .values_list(
            "level",
            "point_of_sale_id",
            "person__point_of_sale_id",
            "zone_id",
            "region_id",
            "kpi__family",
        )
        .distinct()
    )
    for level, point, person_point, zone, region, family in objectives:
        scope: dict[str, int | None] = {
            Level.POINT_OF_SALE: point,
            Level.PERSON: person_point,
            Level.ZONE: zone,
        }
        scopes[level][scope.get(level, region if level == Level.REGION else None)].add(family)
    points = PointOfSale.objects.filter(tenant=tenant, is_active=True).values_list(
        "pk", "zone_id", "zone__region_id"
    )
    return {
        pk: scopes[Level.NETWORK][None]
        | scopes[Level.POINT_OF_SALE][pk]
        | scopes[Level.PERSON][pk]
        | scopes[Level.ZONE][zone]
        | scopes[Level.REGION][region]
        for pk, zone, region in points
    }


def points_far_above_target(
    *, tenant: Tenant, month: dt.date, rate: float
) -> list[tuple[int, int, float]]:
    """(point of sale, KPI, achievement rate) of a month's rollups at least `rate` of target."""
    rows = KpiRollup.objects.filter(
        tenant=tenant,
        level=RollupLevel.POINT_OF_SALE,
        period=RollupPeriod.MONTH,
        period_start=month,
        achievement_rate__gte=rate,
    ).values_list("scope_id", "kpi_id", "achievement_rate")
    return [(point, kpi, achieved) for point, kpi, achieved in rows if achieved is not None]


def off_target_kpi_ids(
    *, tenant: Tenant, point_of_sale: PointOfSale, period: str, period_start: dt.date
) -> list[int]:
    """The KPIs a point of sale is off target on in a period (at its current pace)."""
    rollups = KpiRollup.objects.filter(
        tenant=tenant,
        level=RollupLevel.POINT_OF_SALE,
        scope_id=point_of_sale.pk,
        period=period,
        period_start=period_start,
        target__isnull=False,
    ).select_related("kpi")
    return [rollup.kpi_id for rollup in rollups if rollup.is_off_target]


def points_off_target(*, tenant: Tenant, kpi_id: int, month: dt.date) -> set[int]:
    """The points of sale off target on a KPI in a month (at their current pace)."""
    rollups = KpiRollup.objects.filter(
        tenant=tenant,
        kpi_id=kpi_id,
        level=RollupLevel.POINT_OF_SALE,
        period=RollupPeriod.MONTH,
        period_start=month,
        target__isnull=False,
    ).select_related("kpi")
    return {rollup.scope_id for rollup in rollups if rollup.is_off_target}
