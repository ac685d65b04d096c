"""Reads of visits and campaigns. Every list is narrowed to what the viewer may read
(challenges/visits/rights.py says who reads what), in the query, never after it."""

import datetime as dt

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from network_animation import permissions
from network_animation.models import Membership, PointOfSale, Role, Tenant, Zone

from ..models import (
    ActionStatus,
    SurveyCampaign,
    SurveyResult,
    UnitAction,
    UnitProject,
    Visit,
    VisitAnswer,
    VisitCriterion,
    VisitGrid,
    VisitGridVersion,
    VisitPhoto,
)
from ..scoring import UnitEvidence
from ..units.selectors import coach_points_of_sale


def grid_list(*, tenant: Tenant) -> QuerySet[VisitGrid]:
    return VisitGrid.objects.filter(tenant=tenant).annotate(
        version_count=Count("versions", distinct=True)
    )


def grid_get(*, tenant: Tenant, id: int) -> VisitGrid:
    found = VisitGrid.objects.filter(tenant=tenant, pk=id).first()
    if found is None:
        raise Http404
    return found


def latest_version(*, tenant: Tenant, grid: VisitGrid) -> VisitGridVersion | None:
    return (
        VisitGridVersion.objects.filter(tenant=tenant, grid=grid)
        .select_related("grid")
        .order_by("-number")
        .first()
    )


def criteria_of(*, tenant: Tenant, version: VisitGridVersion) -> list[VisitCriterion]:
    return list(VisitCriterion.objects.filter(tenant=tenant, version=version))


def active_grids(*, tenant: Tenant) -> QuerySet[VisitGrid]:
    return VisitGrid.objects.filter(
        tenant=tenant, is_active=True, versions__isnull=False
    ).distinct()


def recordable_points(*, tenant: Tenant, membership: Membership) -> QuerySet[PointOfSale]:
    """The active points of sale where the viewer records visits."""
    points = PointOfSale.objects.filter(tenant=tenant, is_active=True)
    if membership.role == Role.HEAD_OFFICE:
        return points.select_related("zone").order_by("name", "pk")
    if membership.role == Role.ANIMATOR:
        zones = permissions.membership_zone_ids(membership)
        return points.filter(zone_id__in=zones).select_related("zone").order_by("name", "pk")
    if membership.role == Role.COACH:
        return coach_points_of_sale(tenant=tenant, coach=membership)
    return points.none()


def _readable(tenant: Tenant, membership: Membership) -> Q:
    """The visits' points of sale the viewer reads, as a filter on Visit."""
    if membership.role == Role.HEAD_OFFICE:
        return Q()
    if membership.role in (Role.ANIMATOR, Role.COACH):
        points = recordable_points(tenant=tenant, membership=membership).values("pk")
        return Q(point_of_sale_id__in=points)
    if membership.role == Role.REGIONAL_DIRECTOR:
        return Q(point_of_sale__zone__region_id=membership.region_id)
    if membership.point_of_sale_id is not None:
        return Q(point_of_sale_id=membership.point_of_sale_id)
    return Q(pk__in=[])


def visits_visible(
    *, tenant: Tenant, membership: Membership, point_of_sale: PointOfSale | None = None
) -> QuerySet[Visit]:
    visits = Visit.objects.filter(_readable(tenant, membership), tenant=tenant)
    if point_of_sale is not None:
        visits = visits.filter(point_of_sale=point_of_sale)
    return visits.select_related("point_of_sale", "visitor__user", "version__grid")


def visit_get(*, tenant: Tenant, id: int) -> Visit:
    found = (
        Visit.objects.filter(tenant=tenant, pk=id)
        .select_related("point_of_sale__zone__region", "visitor__user", "version__grid")
        .first()
    )
    if found is None:
        raise Http404
    return found


def answers_of(*, tenant: Tenant, visit: Visit) -> dict[int, int]:
    """Criterion id -> the visit's answer."""
    return dict(
        VisitAnswer.objects.filter(tenant=tenant, visit=visit).values_list("criterion_id", "value")
    )


def photos_of(*, tenant: Tenant, visit: Visit) -> list[VisitPhoto]:
    return list(VisitPhoto.objects.filter(tenant=tenant, visit=visit))


def campaign_list(*, tenant: Tenant) -> QuerySet[SurveyCampaign]:
    return SurveyCampaign.objects.filter(tenant=tenant).annotate(result_count=Count("results"))


def campaign_get(*, tenant: Tenant, id: int) -> SurveyCampaign:
    found = SurveyCampaign.objects.filter(tenant=tenant, pk=id).first()
    if found is None:
        raise Http404
    return found


def campaign_results(*, tenant: Tenant, campaign: SurveyCampaign) -> QuerySet[SurveyResult]:
    return (
        SurveyResult.objects.filter(tenant=tenant, campaign=campaign)
        .select_related("point_of_sale")
        .order_by("-date", "point_of_sale__name", "pk")
    )


def last_visit_dates(*, tenant: Tenant, zone: Zone, today: dt.date) -> dict[int, dt.date]:
    """Each point of sale of the zone -> the date of its last field visit (one query)."""
    return dict(
        Visit.objects.filter(tenant=tenant, point_of_sale__zone=zone, date__lte=today)
        .values("point_of_sale_id")
        .annotate(last=Max("date"))
        .values_list("point_of_sale_id", "last")
    )


def network_points(*, tenant: Tenant) -> QuerySet[PointOfSale]:
    """The points of sale a campaign's score may be typed in for."""
    return PointOfSale.objects.filter(tenant=tenant).order_by("name", "pk")


def label_evidence(
    *, tenant: Tenant, year: int, point_of_sale_ids: list[int] | None = None
) -> dict[int, UnitEvidence]:
    """Each point of sale's evidence for the labels of `year` (three queries): its diagnostic
    done by the year's end, the share of its plan's actions (created by then) done by then, in
    %, and the average score of its field visits of the year."""
    end = dt.date(year, 12, 31)
    before_next_year = timezone.make_aware(dt.datetime.combine(dt.date(year + 1, 1, 1), dt.time()))
    only = Q(point_of_sale_id__in=point_of_sale_ids) if point_of_sale_ids is not None else Q()
    done = set(
        UnitProject.objects.filter(only, tenant=tenant, diagnostic_done_on__lte=end).values_list(
            "point_of_sale_id", flat=True
        )
    )
    plans = (
        UnitAction.objects.filter(tenant=tenant, created_at__lt=before_next_year)
        .filter(
            Q(project__point_of_sale_id__in=point_of_sale_ids)
            if point_of_sale_ids is not None
            else Q()
        )
        .values("project__point_of_sale_id")
        .annotate(
            total=Count("pk"),
            finished=Count("pk", filter=Q(status=ActionStatus.DONE, done_on__lte=end)),
        )
        .values_list("project__point_of_sale_id", "total", "finished")
    )
    shares = {point: 100 * finished / total for point, total, finished in plans if total}
    averages = dict(
        Visit.objects.filter(only, tenant=tenant, date__year=year)
        .values("point_of_sale_id")
        .annotate(average=Avg("score"))
        .values_list("point_of_sale_id", "average")
    )
    return {
        point: UnitEvidence(point in done, shares.get(point), averages.get(point))
        for point in done.union(shares, averages)
    }
