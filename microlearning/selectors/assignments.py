"""Assignments as the zone page and the learners see them: each person's training status
(assigned, started, done, late, and their training plan's modules late) by point of sale, and
what a person's next five minutes are."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from network_animation.models import Membership, PointOfSale, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids

from ..models import Assignment, Enrolment, Module, PlanItem, Progress
from .review import review_today


@dataclass
class PersonTraining:
    name: str
    assigned: int = 0
    started: int = 0
    done: int = 0
    late: int = 0
    plan_late: int = 0  # modules of their training plan not done, past their due date


@dataclass
class PointTraining:
    point_of_sale_id: int
    name: str
    people: list[PersonTraining] = field(default_factory=list)

    @property
    def late(self) -> int:
        return sum(person.late for person in self.people)

    @property
    def plan_late(self) -> int:
        return sum(person.plan_late for person in self.people)


def _name(row: Mapping[str, Any], prefix: str = "membership__user__") -> str:
    full = f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}".strip()
    return full or row[prefix + "email"]


def _plans_late(tenant: Tenant, zone: Zone, today: dt.date) -> list[dict[str, Any]]:
    """The zone's people with modules of their training plan late (still in the plan, not
    done, past the due date), how many: one query."""
    done = Progress.objects.filter(
        tenant=tenant,
        membership_id=OuterRef("plan__membership_id"),
        module_id=OuterRef("module_id"),
        times_completed__gt=0,
    )
    person = "plan__membership__"
    return list(
        PlanItem.objects.filter(
            tenant=tenant,
            plan__membership__point_of_sale__zone=zone,
            plan__membership__is_active=True,
            removed_at__isnull=True,
            due_on__lt=today,
        )
        .filter(~Exists(done))
        .values(
            f"{person}id",
            f"{person}point_of_sale_id",
            f"{person}point_of_sale__name",
            f"{person}user__first_name",
            f"{person}user__last_name",
            f"{person}user__email",
        )
        .annotate(late=Count("pk"))
        .order_by(f"{person}user__last_name", f"{person}id")
    )


def zone_training(*, tenant: Tenant, zone: Zone, today: dt.date) -> list[PointTraining]:
    """The people of the zone's points of sale who have modules assigned or their plan's
    modules late, and where they are with them, by point of sale; every active point of sale
    of the zone is there, to push a module to (four queries). Late: not done and the due date
    passed."""
    rows = list(
        Enrolment.objects.filter(
            tenant=tenant, membership__point_of_sale__zone=zone, membership__is_active=True
        )
        .values(
            "membership_id",
            "membership__user__first_name",
            "membership__user__last_name",
            "membership__user__email",
            "membership__point_of_sale_id",
            "membership__point_of_sale__name",
            "assignment__module_id",
            "assignment__due_on",
        )
        .order_by("membership__point_of_sale__name", "membership__user__last_name", "pk")
    )
    progress = {
        (membership_id, module_id): finished > 0
        for membership_id, module_id, finished in Progress.objects.filter(
            tenant=tenant,
            membership_id__in={row["membership_id"] for row in rows},
            module_id__in={row["assignment__module_id"] for row in rows},
        ).values_list("membership_id", "module_id", "times_completed")
    }
    points = {
        pk: PointTraining(pk, name)
        for pk, name in PointOfSale.objects.filter(tenant=tenant, zone=zone, is_active=True)
        .order_by("name", "pk")
        .values_list("pk", "name")
    }
    people: dict[int, PersonTraining] = {}
    for row in rows:
        point_id = row["membership__point_of_sale_id"]
        point = points.setdefault(
            point_id, PointTraining(point_id, row["membership__point_of_sale__name"])
        )
        person = people.get(row["membership_id"])
        if person is None:
            person = people[row["membership_id"]] = PersonTraining(_name(row))
            point.people.append(person)
        done = progress.get((row["membership_id"], row["assignment__module_id"]))
        person.assigned += 1
        person.done += done is True
        person.started += done is False
        person.late += done is not True and row["assignment__due_on"] < today
    for late in _plans_late(tenant, zone, today):
        point_id = late["plan__membership__point_of_sale_id"]
        point = points.setdefault(
            point_id, PointTraining(point_id, late["plan__membership__point_of_sale__name"])
        )
        person = people.get(late["plan__membership__id"])
        if person is None:
            person = people[late["plan__membership__id"]] = PersonTraining(
                _name(late, "plan__membership__user__")
            )
            point.people.append(person)
        person.plan_late = late["late"]
    return list(points.values())


def assignments_made(*, tenant: Tenant, membership: Membership) -> QuerySet[Assignment]:
    """The assignments the person sees: head office every one, an animator those of their
    zones' modules or made by them."""
    assignments = Assignment.objects.filter(tenant=tenant)
    if membership.role == Role.ANIMATOR:
        zones = membership_zone_ids(membership)
        assignments = assignments.filter(created_by=membership) | assignments.filter(
            point_of_sale__zone_id__in=zones
        )
    elif membership.role != Role.HEAD_OFFICE:
        return assignments.none()
    return assignments.select_related("module", "point_of_sale", "created_by__user").order_by(
        "-created_at", "-pk"
    )


@dataclass(frozen=True)
class NextFiveMinutes:
    """The module to resume, else today's review, else the next module assigned."""

    kind: str  # RESUME, REVIEW or ASSIGNED
    module: Module | None = None
    step_number: int = 0
    step_count: int = 0
    cards: int = 0
    seconds: int = 0
    due_on: dt.date | None = None


RESUME, REVIEW, ASSIGNED = "resume", "review", "assigned"


def next_five_minutes(
    *, tenant: Tenant, membership: Membership, now: dt.datetime | None = None
) -> NextFiveMinutes | None:
    now = now or timezone.now()
    running = (
        Progress.objects.filter(tenant=tenant, membership=membership, completed_at__isnull=True)
        .select_related("module", "version")
        .order_by("-last_step_at", "-pk")
        .first()
    )
    if running is not None:
        return NextFiveMinutes(
            RESUME,
            module=running.module,
            step_number=running.position + 1,
            step_count=running.version.step_count,
        )
    review = review_today(tenant=tenant, membership=membership, now=now)
    if review.cards:
        return NextFiveMinutes(REVIEW, cards=len(review.cards), seconds=review.seconds_left)
    done = Progress.objects.filter(
        tenant=tenant,
        membership=membership,
        module_id=OuterRef("assignment__module_id"),
        times_completed__gt=0,
    )
    enrolment = (
        Enrolment.objects.filter(
            tenant=tenant, membership=membership, assignment__module__status=Module.Status.PUBLISHED
        )
        .filter(~Exists(done))
        .select_related("assignment__module__published")
        .order_by("assignment__due_on", "pk")
        .first()
    )
    if enrolment is None:
        return None
    module = enrolment.assignment.module
    published = module.published
    return NextFiveMinutes(
        ASSIGNED,
        module=module,
        step_count=published.step_count if published else 0,
        seconds=published.total_seconds if published else 0,
        due_on=enrolment.assignment.due_on,
    )
