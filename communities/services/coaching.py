"""Coaching's writes: head office assigns coaches to places; a person reports a difficulty and
their coaches are told; a coach logs follow-ups and closes it."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.audit import audit_record
from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone
from network_animation.services.notifications import notifications_withdraw, notify

from .. import coaching_permissions as rights
from .. import errors, notifications
from ..models import CoachAssignment, Difficulty, FollowUp, Post
from ..selectors import coaching as read

NOT_A_COACH = _("Choose a person with the coach role.")
ONE_PLACE = _("Choose one place: a point of sale, a zone or a region.")
ALREADY_ASSIGNED = _("This coach is already assigned there.")
CANNOT_ASSIGN = _("Only head office assigns coaches.")
CANNOT_REPORT = _("Head office and coaches help with difficulties: they do not report them.")
NOT_A_PRACTICE = _("Link a best practice of this network.")
CANNOT_FOLLOW_UP = _("Only the coaches of the person who reported it follow it up.")
ALREADY_CLOSED = _("This difficulty is closed.")
FUTURE_DATE = _("A follow-up happened today or earlier.")

COACH_ASSIGNED = "coach_assigned"
COACH_UNASSIGNED = "coach_unassigned"


def difficulty_url(difficulty: Difficulty) -> str:
    return reverse("communities:difficulty", args=[difficulty.tenant.slug, difficulty.pk])


def coach_assign(
    *,
    tenant: Tenant,
    actor: Membership,
    coach: Membership,
    point_of_sale: PointOfSale | None = None,
    zone: Zone | None = None,
    region: Region | None = None,
) -> CoachAssignment:
    if not rights.can_assign_coaches(actor):
        raise PermissionDenied(CANNOT_ASSIGN)
    if coach.tenant_id != tenant.pk or coach.role != Role.COACH or not coach.is_active:
        raise ValidationError(NOT_A_COACH)
    places = [place for place in (point_of_sale, zone, region) if place is not None]
    if len(places) != 1 or places[0].tenant_id != tenant.pk:
        raise ValidationError(ONE_PLACE)
    same = CoachAssignment.objects.filter(
        tenant=tenant, coach=coach, point_of_sale=point_of_sale, zone=zone, region=region
    )
    if same.exists():
        raise ValidationError(ALREADY_ASSIGNED)
    with transaction.atomic():
        assignment = CoachAssignment.objects.create(
            tenant=tenant,
            coach=coach,
            point_of_sale=point_of_sale,
            zone=zone,
            region=region,
            assigned_by=actor,
        )
        _audit(tenant, actor, COACH_ASSIGNED, assignment, after={"place": str(places[0])})
    return assignment


def coach_unassign(*, tenant: Tenant, actor: Membership, assignment: CoachAssignment) -> None:
    """The coach leaves the place; the notifications of the difficulties they no longer read
    leave their inbox (T12)."""
    if not rights.can_assign_coaches(actor):
        raise PermissionDenied(CANNOT_ASSIGN)
    coach = assignment.coach
    with transaction.atomic():
        _audit(tenant, actor, COACH_UNASSIGNED, assignment, before={"place": str(assignment)})
        assignment.delete()
        readable = read.difficulties_visible(tenant=tenant, membership=coach)
        lost = Difficulty.objects.filter(tenant=tenant).exclude(pk__in=readable.values("pk"))
        for difficulty_id in lost.values_list("pk", flat=True):
            notifications_withdraw(
                tenant=tenant, membership_ids=[coach.pk], scope=f"difficulty:{difficulty_id}"
            )


def _audit(
    tenant: Tenant,
    actor: Membership,
    action: str,
    assignment: CoachAssignment,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
) -> None:
    target = f"coach {assignment.coach_id}: {assignment}"
    audit_record(
        tenant=tenant, actor=actor.user, action=action, target=target, before=before, after=after
    )


def _place(actor: Membership) -> tuple[PointOfSale | None, Zone | None, Region | None]:
    """Where the reporter works: their point of sale (and its zone and region), the first zone
    an animator looks after, a director's region."""
    if actor.point_of_sale_id is not None and actor.point_of_sale is not None:
        point = actor.point_of_sale
        return point, point.zone, point.zone.region
    if actor.role == Role.ANIMATOR:
        zone = actor.zones.select_related("region").order_by("pk").first()
        return None, zone, zone.region if zone else None
    return None, None, actor.region


def difficulty_report(
    *,
    tenant: Tenant,
    actor: Membership,
    title: str,
    tried: str,
    happened: str,
    practice: str = "",
    practice_post: Post | None = None,
    kpi: KpiDefinition | None = None,
    is_private: bool = False,
) -> Difficulty:
    """A difficulty told to the reporter's coaches (to head office while their place has no
    coach: nobody's difficulty waits unseen)."""
    if not rights.can_report_difficulty(actor):
        raise PermissionDenied(CANNOT_REPORT)
    if not (title.strip() and tried.strip() and happened.strip()):
        raise ValidationError(errors.EMPTY_TEXT)
    if kpi is not None and kpi.tenant_id != tenant.pk:
        raise ValidationError(errors.KPI_OF_ANOTHER_NETWORK)
    if practice_post is not None and (
        practice_post.tenant_id != tenant.pk or not practice_post.is_best_practice
    ):
        raise ValidationError(NOT_A_PRACTICE)
    point, zone, region = _place(actor)
    with transaction.atomic():
        difficulty = Difficulty.objects.create(
            tenant=tenant,
            reporter=actor,
            point_of_sale=point,
            zone=zone,
            region=region,
            title=title.strip(),
            practice=practice.strip(),
            practice_post=practice_post,
            kpi=kpi,
            tried=tried,
            happened=happened,
            is_private=is_private,
        )
        coaches: list[Membership] = read.coaches_of(
            tenant=tenant,
            point_of_sale_id=point.pk if point else None,
            zone_id=zone.pk if zone else None,
            region_id=region.pk if region else None,
        )
        if not coaches:
            head_office = Membership.objects.filter(
                tenant=tenant, role=Role.HEAD_OFFICE, is_active=True
            ).select_related("user")
            coaches = list(head_office)
        _tell(tenant, notifications.DIFFICULTY_NEW, actor, difficulty, coaches)
    return difficulty


def _may_follow_up(tenant: Tenant, actor: Membership, difficulty: Difficulty) -> None:
    if not read.may_follow_up(tenant=tenant, membership=actor, difficulty=difficulty):
        raise PermissionDenied(CANNOT_FOLLOW_UP)
    if not difficulty.is_open:
        raise ValidationError(ALREADY_CLOSED)


def follow_up_log(
    *,
    tenant: Tenant,
    actor: Membership,
    difficulty: Difficulty,
    kind: str,
    date: dt.date,
    note: str = "",
) -> FollowUp:
    """A call, a meeting or advice given; the reporter is told (the note stays the coaches')."""
    _may_follow_up(tenant, actor, difficulty)
    if date > timezone.localdate():
        raise ValidationError(FUTURE_DATE)
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            tenant=tenant, difficulty=difficulty, coach=actor, kind=kind, date=date, note=note
        )
        _tell_reporter(tenant, actor, difficulty, kind)
    return follow_up


def difficulty_close(*, tenant: Tenant, actor: Membership, difficulty: Difficulty) -> Difficulty:
    _may_follow_up(tenant, actor, difficulty)
    difficulty.status, difficulty.closed_at, difficulty.closed_by = (
        Difficulty.Status.CLOSED,
        timezone.now(),
        actor,
    )
    with transaction.atomic():
        difficulty.save(update_fields=["status", "closed_at", "closed_by"])
        _tell_reporter(tenant, actor, difficulty, "closed")
    return difficulty


def _tell_reporter(tenant: Tenant, actor: Membership, difficulty: Difficulty, what: str) -> None:
    if difficulty.reporter_id is None:
        return
    reporter = Membership.objects.filter(tenant=tenant, pk=difficulty.reporter_id, is_active=True)
    _tell(tenant, notifications.DIFFICULTY_FOLLOWED, actor, difficulty, list(reporter), what)


def _tell(
    tenant: Tenant,
    kind: str,
    actor: Membership,
    difficulty: Difficulty,
    people: list[Membership],
    what: str = "",
) -> None:
    """Only people who read the difficulty; its scope withdraws them when they no longer do."""
    params = {"actor": actor.user.get_full_name() or actor.user.email, "title": difficulty.title}
    if what:
        params["coaching_what"] = what
    notify(
        tenant=tenant,
        kind=kind,
        recipients=people,
        actor=actor,
        target=difficulty,
        url=difficulty_url(difficulty),
        params=params,
        scope=f"difficulty:{difficulty.pk}",
    )
