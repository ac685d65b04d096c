"""Assignments: a module for the people an audience names (the core's rule engine, as
announcements use it), narrowed to what its author may address, by a due date. People matched
now are enrolled at once; the nightly chain enrols those who match later (idempotent), and
reminds each enrolment once, a few days before the due date, unless the module is done."""

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from network_animation.audiences import (
    Audience,
    AudienceResolver,
    audience_membership_ids,
    audience_within,
)
from network_animation.jobs import JobProgress
from network_animation.models import Membership, PointOfSale, Tenant
from network_animation.services.notifications import notify

from .. import errors, permissions
from ..cache import assignments_changed, learner_changed, learning_changed
from ..models import Assignment, Enrolment, Module, Progress
from ..notifications import ASSIGNMENT_REMINDER

REMIND_DAYS_BEFORE = 3


def _audience_for(module: Module, audience: Audience, actor: Membership) -> Audience:
    narrowed = audience_within(audience=audience, sender=actor)
    if module.zone_id is None:
        return narrowed
    # A zone's module is learnt in that zone only (selectors.modules._zones_seen).
    if narrowed.zones - {module.zone_id} or narrowed.regions:
        raise ValidationError(errors.ZONE_MODULE)
    return replace(narrowed, zones=frozenset({module.zone_id}))


def _enrol(tenant: Tenant, assignment: Assignment, membership_ids: set[int]) -> int:
    """Enrol these people (those enrolled already are left as they are): how many are new."""
    known = set(
        Enrolment.objects.filter(tenant=tenant, assignment=assignment).values_list(
            "membership_id", flat=True
        )
    )
    new = sorted(membership_ids - known - {assignment.created_by_id or 0})
    Enrolment.objects.bulk_create(
        [Enrolment(tenant=tenant, assignment=assignment, membership_id=pk) for pk in new],
        ignore_conflicts=True,
    )
    for membership_id in new:
        learner_changed(tenant=tenant, membership_id=membership_id)
    if new:
        learning_changed(tenant=tenant)
    return len(new)


@transaction.atomic
def assignment_create(
    *,
    tenant: Tenant,
    actor: Membership,
    module: Module,
    audience: Audience,
    due_on: dt.date,
    point_of_sale: PointOfSale | None = None,
) -> Assignment:
    """Assign a published module to an audience by a due date; its people are enrolled now."""
    if not permissions.may_assign(actor):
        raise PermissionDenied(errors.CANNOT_ASSIGN)
    if module.status != Module.Status.PUBLISHED:
        raise ValidationError(errors.NOT_PUBLISHED)
    if due_on < timezone.localdate():
        raise ValidationError(errors.DUE_IN_THE_PAST)
    narrowed = _audience_for(module, audience, actor)
    people = audience_membership_ids(tenant=tenant, audience=narrowed) - {actor.pk}
    if not people:
        raise ValidationError(errors.NOBODY_TO_ENROL)
    assignment = Assignment.objects.create(
        tenant=tenant,
        module=module,
        audience=narrowed.as_json(),
        point_of_sale=point_of_sale,
        due_on=due_on,
        created_by=actor,
    )
    _enrol(tenant, assignment, people)
    assignments_changed(tenant=tenant)
    return assignment


def assignment_push(
    *,
    tenant: Tenant,
    actor: Membership,
    module: Module,
    point_of_sale: PointOfSale,
    due_on: dt.date,
) -> Assignment:
    """The module for one point of sale's people (an animator, from the zone page)."""
    if not permissions.can_push_to(actor, point_of_sale):
        raise PermissionDenied(errors.CANNOT_ASSIGN)
    audience = Audience(points_of_sale=frozenset({point_of_sale.pk}))
    return assignment_create(
        tenant=tenant,
        actor=actor,
        module=module,
        audience=audience,
        due_on=due_on,
        point_of_sale=point_of_sale,
    )


def assignment_enrolments_sync(*, tenant: Tenant, today: dt.date | None = None) -> int:
    """Enrol the people who match an assignment still open (due today or later) and are not
    enrolled yet; run twice, the second run enrols nobody."""
    today = today or timezone.localdate()
    enrolled = 0
    open_ones = Assignment.objects.filter(tenant=tenant, due_on__gte=today)
    resolver = AudienceResolver(tenant)  # the tenant's people read once for all of them
    for assignment in open_ones.select_related("module"):
        people = resolver.members(assignment.rule)
        with transaction.atomic():
            enrolled += _enrol(tenant, assignment, people)
    return enrolled


def assignment_enrolments_step(*, tenant: Tenant, progress: JobProgress) -> None:
    progress.add("learning_enrolments", assignment_enrolments_sync(tenant=tenant))


def _done(tenant: Tenant) -> Exists:
    return Exists(
        Progress.objects.filter(
            tenant=tenant,
            membership_id=OuterRef("membership_id"),
            module_id=OuterRef("assignment__module_id"),
            times_completed__gt=0,
        )
    )


def assignment_reminders_send(*, tenant: Tenant, today: dt.date | None = None) -> int:
    """Once per enrolment, from REMIND_DAYS_BEFORE days before the due date until it, to those
    who have not done the module."""
    today = today or timezone.localdate()
    waiting = Enrolment.objects.filter(
        tenant=tenant,
        reminded_at__isnull=True,
        assignment__due_on__gte=today,
        assignment__due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        membership__is_active=True,
    ).filter(~_done(tenant))
    with transaction.atomic():
        # The claim first: a rerun, or a run in parallel, reminds nobody twice.
        claimed = list(
            waiting.select_for_update(of=("self",), skip_locked=True).select_related(
                "assignment__module", "membership__user"
            )
        )
        Enrolment.objects.filter(pk__in=[e.pk for e in claimed]).update(reminded_at=timezone.now())
        by_assignment: dict[int, list[Enrolment]] = defaultdict(list)
        for enrolment in claimed:
            by_assignment[enrolment.assignment_id].append(enrolment)
        for enrolments in by_assignment.values():
            _remind(tenant, enrolments[0].assignment, [e.membership for e in enrolments])
    return len(claimed)


def _remind(tenant: Tenant, assignment: Assignment, people: list[Membership]) -> None:
    module = assignment.module
    notify(
        tenant=tenant,
        kind=ASSIGNMENT_REMINDER,
        recipients=people,
        target=module,
        url=reverse("microlearning:module", args=[tenant.slug, module.pk]),
        params={
            "title_fr": module.title_fr,
            "title_en": module.title_en,
            "due": assignment.due_on.isoformat(),
        },
        # Once per person and assignment: once per enrolment.
        once_key=f"{ASSIGNMENT_REMINDER}:{assignment.pk}",
    )


def assignment_reminders_step(*, tenant: Tenant, progress: JobProgress) -> None:
    progress.add("learning_reminders", assignment_reminders_send(tenant=tenant))
