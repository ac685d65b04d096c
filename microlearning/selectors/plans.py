"""Training plans as their person and their manager see them, and certifications: who holds
which on a day (`certified_people`, the criterion challenges and labels may use)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from network_animation.models import Membership, Region, Role, Tenant, Zone
from network_animation.permissions import membership_zone_ids

from ..models import (
    Certification,
    CertificationAward,
    CertificationRequirement,
    Competence,
    Module,
    ModuleCompetence,
    ObservedGap,
    PlanItem,
    Progress,
    TrainingPlan,
)
from .competences import competence_tree


@dataclass(frozen=True)
class PlanLine:
    item: PlanItem
    done: bool
    late: bool
    running: bool  # started, not finished


@dataclass
class PlanView:
    membership: Membership
    plan: TrainingPlan | None
    lines: list[PlanLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def done(self) -> int:
        return sum(line.done for line in self.lines)

    @property
    def late(self) -> int:
        return sum(line.late for line in self.lines)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_line(self) -> PlanLine | None:
        return next((line for line in self.lines if not line.done), None)


def plan_of(*, tenant: Tenant, membership: Membership, today: dt.date) -> PlanView:
    """The person's plan: its modules still in it (not removed), the open ones first by due
    date, each done (finished once), late (not done, past its due date) or running (three
    queries)."""
    plan = TrainingPlan.objects.filter(tenant=tenant, membership=membership).first()
    if plan is None:
        return PlanView(membership, None)
    items = list(
        PlanItem.objects.filter(tenant=tenant, plan=plan, removed_at__isnull=True)
        .select_related("module__published", "competence", "adjusted_by__user")
        .order_by("due_on", "pk")
    )
    progress = dict(
        Progress.objects.filter(
            tenant=tenant, membership=membership, module_id__in=[i.module_id for i in items]
        ).values_list("module_id", "times_completed")
    )
    lines = [
        PlanLine(
            item,
            done=progress.get(item.module_id, 0) > 0,
            late=progress.get(item.module_id, 0) == 0 and item.due_on < today,
            running=progress.get(item.module_id) == 0,
        )
        for item in items
    ]
    lines.sort(key=lambda line: (line.done, line.item.due_on, line.item.pk))
    return PlanView(membership, plan, lines)


def plan_item_get(*, tenant: Tenant, person: Membership, id: int) -> PlanItem:
    found = (
        PlanItem.objects.filter(tenant=tenant, plan__membership=person, pk=id)
        .select_related("plan__membership__point_of_sale", "module")
        .first()
    )
    if found is None:
        raise Http404
    return found


def people_reviewed_by(*, tenant: Tenant, manager: Membership) -> QuerySet[Membership]:
    """Whose plans the manager sees: a point of sale manager its staff, an animator the
    managers of their zones' points of sale, head office everyone with a plan."""
    people = Membership.objects.filter(tenant=tenant, is_active=True).exclude(pk=manager.pk)
    if manager.role == Role.POS_MANAGER:
        people = people.filter(role=Role.POS_STAFF, point_of_sale_id=manager.point_of_sale_id)
    elif manager.role == Role.ANIMATOR:
        people = people.filter(
            role=Role.POS_MANAGER, point_of_sale__zone_id__in=membership_zone_ids(manager)
        )
    elif manager.role == Role.HEAD_OFFICE:
        plans = TrainingPlan.objects.filter(tenant=tenant).values("membership_id")
        people = people.filter(pk__in=plans)
    else:
        return people.none()
    return people.select_related("user", "point_of_sale").order_by(
        "point_of_sale__name", "user__last_name", "user__first_name", "pk"
    )


@dataclass(frozen=True)
class PersonPlan:
    membership: Membership
    total: int
    done: int
    late: int
    reviewed: bool


def plans_summary(*, tenant: Tenant, people: list[Membership], today: dt.date) -> list[PersonPlan]:
    """Each person's plan in figures, for the manager's list (three queries)."""
    items = PlanItem.objects.filter(
        tenant=tenant, plan__membership__in=people, removed_at__isnull=True
    ).values_list("plan__membership_id", "module_id", "due_on")
    reviewed = set(
        TrainingPlan.objects.filter(
            tenant=tenant, membership__in=people, reviewed_at__isnull=False
        ).values_list("membership_id", flat=True)
    )
    done = set(
        Progress.objects.filter(
            tenant=tenant, membership__in=people, times_completed__gt=0
        ).values_list("membership_id", "module_id")
    )
    figures: dict[int, list[int]] = {person.pk: [0, 0, 0] for person in people}
    for membership_id, module_id, due_on in items:
        finished = (membership_id, module_id) in done
        row = figures[membership_id]
        row[0] += 1
        row[1] += finished
        row[2] += not finished and due_on < today
    return [
        PersonPlan(
            person,
            total=figures[person.pk][0],
            done=figures[person.pk][1],
            late=figures[person.pk][2],
            reviewed=person.pk in reviewed,
        )
        for person in people
    ]


def person_get(*, tenant: Tenant, id: int) -> Membership:
    found = (
        Membership.objects.filter(tenant=tenant, pk=id)
        .select_related("user", "point_of_sale")
        .first()
    )
    if found is None:
        raise Http404
    return found


def certifications_list(*, tenant: Tenant) -> QuerySet[Certification]:
    requirements = Prefetch(
        "requirements",
        queryset=CertificationRequirement.objects.select_related("competence", "level"),
    )
    return Certification.objects.filter(tenant=tenant).prefetch_related(requirements)


def certifications_with_holders(*, tenant: Tenant, on: dt.date) -> QuerySet[Certification]:
    """The certifications, each with `holders`: how many people hold it that day."""
    valid = Q(awards__granted_on__lte=on, awards__expires_on__gt=on)
    return certifications_list(tenant=tenant).annotate(
        holders=Count("awards__membership", filter=valid, distinct=True)
    )


def certification_get(*, tenant: Tenant, id: int) -> Certification:
    found = certifications_list(tenant=tenant).filter(pk=id).first()
    if found is None:
        raise Http404
    return found


def _valid_on(on: dt.date) -> Q:
    return Q(granted_on__lte=on, expires_on__gt=on)


def certified_people(
    *, tenant: Tenant, certification: Certification, on: dt.date
) -> QuerySet[Membership]:
    """The people holding the certification on that day (granted, not yet expired): the
    criterion a challenge or a label grid may use."""
    awards = CertificationAward.objects.filter(tenant=tenant, certification=certification).filter(
        _valid_on(on)
    )
    return Membership.objects.filter(
        tenant=tenant, is_active=True, pk__in=awards.values("membership_id")
    )


def certifications_of(
    *, tenant: Tenant, membership: Membership, on: dt.date
) -> list[CertificationAward]:
    """The person's certifications held that day, one per certification (the latest)."""
    awards = (
        CertificationAward.objects.filter(tenant=tenant, membership=membership)
        .filter(_valid_on(on))
        .select_related("certification")
        .order_by("-granted_on", "-pk")
    )
    held: dict[int, CertificationAward] = {}
    for award in awards:
        held.setdefault(award.certification_id, award)
    return list(held.values())


def recently_certified(
    *,
    tenant: Tenant,
    on: dt.date,
    zone: Zone | None = None,
    region: Region | None = None,
    limit: int = 10,
) -> list[CertificationAward]:
    """The certifications of a zone's (a region's, the network's) people still valid that day,
    the latest awarded first (`limit` 0: all of them): the recognition feed's, beside the
    challenges' rewards."""
    awards = CertificationAward.objects.filter(
        tenant=tenant, membership__is_active=True, membership__point_of_sale__isnull=False
    )
    if zone is not None:
        awards = awards.filter(membership__point_of_sale__zone=zone)
    elif region is not None:
        awards = awards.filter(membership__point_of_sale__zone__region=region)
    found = (
        awards.filter(_valid_on(on))
        .select_related("certification", "membership__user", "membership__point_of_sale")
        .order_by("-created_at", "-pk")
    )
    return list(found[:limit] if limit else found)


def plan_items_list(*, tenant: Tenant) -> QuerySet[PlanItem]:
    """Everyone's plan items still in their plan (the API's), each with `done`: the module
    finished once."""
    finished = Progress.objects.filter(
        tenant=tenant,
        membership_id=OuterRef("plan__membership_id"),
        module_id=OuterRef("module_id"),
        times_completed__gt=0,
    )
    return (
        PlanItem.objects.filter(tenant=tenant, removed_at__isnull=True)
        .annotate(done=Exists(finished))
        .select_related("plan__membership__user")
        .order_by("plan__membership_id", "due_on", "pk")
    )


def certifications_expiring(
    *, tenant: Tenant, today: dt.date, within: dt.timedelta
) -> list[CertificationAward]:
    """Valid awards expiring within `within`, unless the person holds a later one of the same
    certification (renewed)."""
    renewed = CertificationAward.objects.filter(
        tenant=tenant,
        certification_id=OuterRef("certification_id"),
        membership_id=OuterRef("membership_id"),
        expires_on__gt=OuterRef("expires_on"),
    )
    return list(
        CertificationAward.objects.filter(
            tenant=tenant,
            granted_on__lte=today,
            expires_on__gt=today,
            expires_on__lte=today + within,
            membership__is_active=True,
        )
        .filter(~Exists(renewed))
        .select_related("certification")
    )


def observed_gaps_of(*, tenant: Tenant, membership_ids: list[int]) -> dict[int, list[Competence]]:
    """Each person's competences observed short of the standard at work (one query)."""
    found: dict[int, list[Competence]] = {pk: [] for pk in membership_ids}
    gaps = ObservedGap.objects.filter(tenant=tenant, membership_id__in=membership_ids)
    for gap in gaps.select_related("competence").order_by("observed_at", "pk"):
        found[gap.membership_id].append(gap.competence)
    return found


@dataclass(frozen=True)
class CompetenceChoice:
    competence: Competence
    depth: int
    modules: int  # published modules that build it


def competences_with_modules(*, tenant: Tenant) -> list[CompetenceChoice]:
    """The framework's competences as a tree, each with how many published modules build it
    (what a gap observed on it brings to a plan): two queries."""
    counts = dict(
        ModuleCompetence.objects.filter(tenant=tenant, module__status=Module.Status.PUBLISHED)
        .values("competence_id")
        .annotate(modules=Count("module_id", distinct=True))
        .values_list("competence_id", "modules")
    )
    return [
        CompetenceChoice(row.competence, row.depth, counts.get(row.competence.pk, 0))
        for row in competence_tree(tenant=tenant)
    ]
