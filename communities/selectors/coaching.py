"""Reads of coaching: who sees a difficulty, a lesson sheet, an assignment, decided here once.

A difficulty is read by its reporter, their coaches (assigned to its point of sale, zone or
region) and head office; unless it is private, by the network's other coaches too (one steps in
when a colleague is away). Nobody else: every page, panel, notification and API answer about a
difficulty goes through `difficulty_get_visible` or `difficulties_visible` (T12).

A lesson sheet is read by everyone of the tenant once published, never with its difficulty;
before, by its author, head office and, once submitted, the coaches who may review it.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from network_animation.models import Membership, Role, Tenant

from .. import coaching_permissions as rights
from ..models import CoachAssignment, Difficulty, FollowUp, LessonSheet

QUEUE_STATUSES = ("open", "closed", "all")


def coaches_of(
    *,
    tenant: Tenant,
    point_of_sale_id: int | None,
    zone_id: int | None,
    region_id: int | None,
) -> list[Membership]:
    """The active coaches of a place, the nearest first: the point of sale's, the zone's, the
    region's (each coach once)."""
    places = Q(pk__in=[])
    if point_of_sale_id:
        places |= Q(point_of_sale_id=point_of_sale_id)
    if zone_id:
        places |= Q(zone_id=zone_id)
    if region_id:
        places |= Q(region_id=region_id)
    assignments = (
        CoachAssignment.objects.filter(places, tenant=tenant, coach__is_active=True)
        .select_related("coach__user")
        .order_by("pk")
    )
    nearest = sorted(assignments, key=lambda a: (a.point_of_sale_id is None, a.zone_id is None))
    coaches: dict[int, Membership] = {}
    for assignment in nearest:
        coaches.setdefault(assignment.coach_id, assignment.coach)
    return list(coaches.values())


def _assigned_to(membership: Membership) -> Q:
    """The difficulties of the places this coach is assigned to."""
    assigned = CoachAssignment.objects.filter(tenant_id=membership.tenant_id, coach=membership)
    return (
        Q(point_of_sale_id__in=assigned.exclude(point_of_sale=None).values("point_of_sale_id"))
        | Q(zone_id__in=assigned.exclude(zone=None).values("zone_id"))
        | Q(region_id__in=assigned.exclude(region=None).values("region_id"))
    )


def _visible_to(membership: Membership) -> Q:
    if membership.role == Role.HEAD_OFFICE:
        return Q()
    mine = Q(reporter=membership)
    if membership.role == Role.COACH:
        return mine | _assigned_to(membership) | Q(is_private=False)
    return mine


def difficulties_visible(*, tenant: Tenant, membership: Membership) -> QuerySet[Difficulty]:
    return Difficulty.objects.filter(_visible_to(membership), tenant=tenant)


def difficulty_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> Difficulty:
    """The difficulty if the person may read it; 404 for anyone else, as for a missing one."""
    found = (
        difficulties_visible(tenant=tenant, membership=membership)
        .select_related(
            "reporter__user", "point_of_sale", "zone", "region", "kpi", "practice_post__thread"
        )
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def is_coach_of(*, tenant: Tenant, membership: Membership, difficulty: Difficulty) -> bool:
    """Whether this person is one of the coaches assigned to the difficulty's place."""
    if membership.role != Role.COACH:
        return False
    return Difficulty.objects.filter(
        _assigned_to(membership), tenant=tenant, pk=difficulty.pk
    ).exists()


def may_follow_up(*, tenant: Tenant, membership: Membership, difficulty: Difficulty) -> bool:
    """A coach who may read it (its own coaches; any coach unless it is private)."""
    if membership.role != Role.COACH:
        return False
    return not difficulty.is_private or is_coach_of(
        tenant=tenant, membership=membership, difficulty=difficulty
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"
    mine: bool = True  # those of my places, or every one I may read
    kpi_id: int | None = None
    private: bool | None = None


def difficulty_queue(
    *, tenant: Tenant, membership: Membership, filters: QueueFilters | None = None
) -> QuerySet[Difficulty]:
    """A coach's difficulties, the oldest first (the longest waiting), with their follow-ups'
    number and date of the latest; head office's, every one."""
    filters = filters or QueueFilters()
    found = difficulties_visible(tenant=tenant, membership=membership)
    if filters.mine and membership.role == Role.COACH:
        found = found.filter(_assigned_to(membership))
    if filters.status in ("open", "closed"):
        found = found.filter(status=filters.status)
    if filters.kpi_id is not None:
        found = found.filter(kpi_id=filters.kpi_id)
    if filters.private is not None:
        found = found.filter(is_private=filters.private)
    return (
        found.select_related("reporter__user", "point_of_sale", "kpi")
        .annotate(follow_up_count=Count("follow_ups"), last_follow_up=Max("follow_ups__date"))
        .order_by("created_at", "pk")
    )


def difficulties_reported(*, tenant: Tenant, membership: Membership) -> QuerySet[Difficulty]:
    return Difficulty.objects.filter(tenant=tenant, reporter=membership).order_by(
        "-created_at", "-pk"
    )


def follow_ups_of(*, tenant: Tenant, difficulty: Difficulty) -> QuerySet[FollowUp]:
    """A difficulty's follow-ups (`difficulty` from `difficulty_get_visible`)."""
    return FollowUp.objects.filter(tenant=tenant, difficulty=difficulty).select_related(
        "coach__user"
    )


def sheet_of_difficulty(
    *, tenant: Tenant, membership: Membership, difficulty: Difficulty
) -> LessonSheet | None:
    """The link from a difficulty to its sheet: only for the sheet's author and head office."""
    sheet = LessonSheet.objects.filter(tenant=tenant, difficulty=difficulty).first()
    if sheet is None:
        return None
    if membership.role == Role.HEAD_OFFICE or sheet.author_id == membership.pk:
        return sheet
    return None


def _sheets_readable(membership: Membership) -> Q:
    published = Q(status=LessonSheet.Status.PUBLISHED)
    if membership.role == Role.HEAD_OFFICE:
        return Q()
    readable = published | Q(author=membership)
    if rights.may_review_sheets(membership):
        readable |= Q(status=LessonSheet.Status.IN_REVIEW)
    return readable


def sheet_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> LessonSheet:
    """The sheet if the person may read it; 404 for anyone else. Never joined to its
    difficulty: its page has nothing of it to show."""
    found = (
        LessonSheet.objects.filter(_sheets_readable(membership), tenant=tenant, pk=id)
        .select_related("author__user", "reviewer__user", "document", "zone_thread")
        .select_related("type_thread")
        .prefetch_related("kpis")
        .first()
    )
    if found is None:
        raise Http404
    return found


def sheets_of_author(*, tenant: Tenant, membership: Membership) -> dict[str, list[LessonSheet]]:
    """The person's sheets by status (the coach's home)."""
    by_status: dict[str, list[LessonSheet]] = {status: [] for status in LessonSheet.Status.values}
    for sheet in LessonSheet.objects.filter(tenant=tenant, author=membership).order_by(
        "-updated_at", "-pk"
    ):
        by_status[sheet.status].append(sheet)
    return by_status


def sheets_to_review(*, tenant: Tenant, membership: Membership) -> QuerySet[LessonSheet]:
    """The sheets waiting for a reviewer, other than the person's own, the oldest first."""
    if not rights.may_review_sheets(membership):
        return LessonSheet.objects.none()
    return (
        LessonSheet.objects.filter(tenant=tenant, status=LessonSheet.Status.IN_REVIEW)
        .exclude(author=membership)
        .select_related("author__user")
        .order_by("submitted_at", "pk")
    )


def sheets_published(*, tenant: Tenant) -> QuerySet[LessonSheet]:
    return (
        LessonSheet.objects.filter(tenant=tenant, status=LessonSheet.Status.PUBLISHED)
        .select_related("author__user")
        .prefetch_related("kpis")
        .order_by("-published_at", "-pk")
    )


def coach_assignments(*, tenant: Tenant) -> QuerySet[CoachAssignment]:
    return (
        CoachAssignment.objects.filter(tenant=tenant)
        .select_related("coach__user", "point_of_sale", "zone", "region")
        .order_by("coach__user__last_name", "coach__user__first_name", "pk")
    )


def coach_assignment_get(*, tenant: Tenant, id: int) -> CoachAssignment:
    found = CoachAssignment.objects.filter(tenant=tenant, pk=id).first()
    if found is None:
        raise Http404
    return found
