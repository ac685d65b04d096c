"""Demo unit projects and coaching days, in the demo's zone: the demo accounts' point of sale
has its plan written with some actions done (the manager and the salesperson own some), a
neighbour is well under way, one has its diagnostic done, one is in diagnostic, the others have
not started. The demo coach spent days there, rated by the managers; today's day waits for the
demo manager's rating and next week's is planned. On the skills axis, who falls short has the
competences their gap names, and their training plan holds the modules that build them (learning's
demo, seeded before, wrote the framework). The demo regional director runs the region's
own project: diagnostic done, plan written, some of the team's actions done. Played through the
services, dated in the past weeks."""

import datetime as dt
import random
from itertools import islice

from django.utils import timezone

from communities.demo.cast import demo_cast
from kpis.models import KpiDefinition
from microlearning.selectors.modules import module_list_for_learner
from microlearning.selectors.plans import competences_with_modules, plan_of
from network_animation.models import Membership, Notification, PointOfSale, Role, Tenant

from ..models import ActionStatus, Axis, CoachingDay, RegionAxis, SkillLevel, UnitProject
from . import notifications, rights
from .services import (
    ActionSpec,
    DaySpec,
    SkillEntry,
    SlotFigures,
    action_create,
    action_status_set,
    coaching_day_rate,
    coaching_day_record,
    flow_day_save,
    project_diagnostic_save,
    project_stage_set,
    project_start,
    region_action_create,
    region_action_status_set,
    region_diagnostic_save,
    region_project_start,
    region_stage_set,
    skills_save,
)
from .training.services import skill_gap_train

GAPS_NAMED = 2  # competences a gap names on the skills axis
VOICE = (
    "Les clients saluent **l'accueil** mais se plaignent de l'attente le samedi matin.\n\n"
    "- Avis en ligne : 4,1/5, l'attente citée dans un avis sur trois\n"
    "- Appels : la moitié des rappels promis ne sont pas faits"
)
SENSES = {
    "sense_sight": "Des cartons dans l'angle du showroom ; la vitrine éteinte le soir.",
    "sense_touch": "Les sièges d'attente sont durs ; le café est servi dans des gobelets.",
    "sense_smell": "Une odeur d'atelier jusqu'à l'accueil quand la porte reste ouverte.",
    "sense_hearing": "La radio couvre les conversations au bureau commercial.",
}
ACTIONS = [
    ("Rappeler chaque client sous 24 h", Axis.CUSTOMER_VOICE, "responsable", ActionStatus.DONE),
    ("Ranger l'angle du showroom chaque soir", Axis.SENSES, "vendeur", ActionStatus.DONE),
    (
        "Fermer la porte de l'atelier côté accueil",
        Axis.SENSES,
        "responsable",
        ActionStatus.UNDER_WAY,
    ),
    ("Un vendeur de plus le samedi matin", Axis.FLOWS, "responsable", ActionStatus.TO_DO),
    ("Entraînement à la découverte des besoins", Axis.SKILLS, "vendeur", ActionStatus.TO_DO),
    ("Café en tasse et sièges confortables", Axis.SENSES, "", ActionStatus.TO_DO),
]
REGION_DIAGNOSTIC = {
    "customer_voice": (
        "Dans toute la région, l'attente du samedi revient dans un avis sur trois ; "
        "les rappels promis sont le premier irritant."
    ),
    "units_voice": (
        "Les concessions attendent de la région **des réponses en 48 h** et moins de "
        "tableaux à remplir ; elles ne voient leur animateur qu'une fois par trimestre."
    ),
    "cooperation": (
        "Les réunions régionales sont descendantes ; les bonnes pratiques d'une zone "
        "n'arrivent pas dans l'autre."
    ),
}
REGION_ACTIONS = [
    ("Répondre à chaque concession sous 48 h", RegionAxis.UNITS_VOICE, "directeur", True),
    ("Une visite terrain par mois et par zone", RegionAxis.UNITS_VOICE, "animateur", True),
    (
        "Réunion régionale : une bonne pratique par zone",
        RegionAxis.COOPERATION,
        "directeur",
        False,
    ),
    ("Suivre les rappels clients de la région", RegionAxis.CUSTOMER_VOICE, "animateur", False),
]
DAY_TEXTS = [
    (
        "Lancer le diagnostic avec l'équipe",
        "Parcours sensoriel à quatre ; relevé des flux du samedi.",
        "Finir la synthèse de la voix du client.",
    ),
    (
        "Passer du diagnostic au plan d'action",
        "Six actions choisies par l'équipe, chacune avec un responsable.",
        "Suivre le rappel des clients sous 24 h.",
    ),
    (
        "Observer et débriefer l'accueil",
        "Trois observations suivies d'un débriefing avec chaque vendeur.",
        "Objectifs individuels pour la semaine.",
    ),
]


def units_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    cast = demo_cast(tenant=tenant, rng=rng)
    if cast is None:
        return
    today = timezone.localdate()
    kpis = list(KpiDefinition.objects.filter(tenant=tenant, is_active=True).order_by("position"))
    satisfaction = next(
        (k for k in kpis if "satisf" in k.family.lower()), kpis[0] if kpis else None
    )
    _region_project(tenant, cast.people, today, satisfaction)
    coach, home = cast.people["coach"], cast.point_of_sale
    if not rights.is_assigned_coach(tenant=tenant, membership=coach, point=home):
        return  # communities' demo assigns the coach to the zone
    points = list(PointOfSale.objects.filter(tenant=tenant, zone=home.zone).order_by("pk")[:6])
    people = {"responsable": cast.people["responsable"], "vendeur": cast.people["vendeur"]}
    _project(tenant, coach, home, today, 75, stage="plan", kpi=satisfaction, people=people)
    stages = ["advanced", "diagnostic_done", "diagnostic"]
    for point, stage in zip(points[1:], stages, strict=False):
        _project(tenant, coach, point, today, rng.randint(40, 90), stage=stage, kpi=satisfaction)
    _coaching_days(tenant, coach, points, today, rng)


def _project(
    tenant: Tenant,
    coach: Membership,
    point: PointOfSale,
    today: dt.date,
    age: int,
    *,
    stage: str,
    kpi: KpiDefinition | None,
    people: dict[str, Membership] | None = None,
) -> UnitProject:
    start = today - dt.timedelta(days=age)
    project = project_start(tenant=tenant, actor=coach, point_of_sale=point, today=start)
    project_diagnostic_save(
        tenant=tenant, actor=coach, project=project, customer_voice=VOICE, **SENSES
    )
    if stage == "diagnostic":
        return project
    _flows(tenant, coach, project)
    team = list(
        Membership.objects.filter(
            tenant=tenant,
            point_of_sale=point,
            is_active=True,
            role__in=[Role.POS_MANAGER, Role.POS_STAFF],
        )
    )
    _skills(tenant, coach, project, team, people or {}, today)
    done_on = start + dt.timedelta(days=age // 4)
    project_stage_set(
        tenant=tenant, actor=coach, project=project, stage="diagnostic", reached=True, today=done_on
    )
    if stage == "diagnostic_done":
        return project
    written = start + dt.timedelta(days=age // 2)
    project_stage_set(
        tenant=tenant, actor=coach, project=project, stage="plan", reached=True, today=written
    )
    _actions(tenant, coach, project, written, kpi, people or {}, team, advanced=stage == "advanced")
    return project


def _skills(
    tenant: Tenant,
    coach: Membership,
    project: UnitProject,
    team: list[Membership],
    people: dict[str, Membership],
    today: dt.date,
) -> None:
    """The skills axis; who falls short has their gap's competences named: by their manager
    for the unit's staff, by the coach for the manager."""
    levels = _levels(team, people)
    skills_save(
        tenant=tenant,
        actor=coach,
        project=project,
        entries=[
            SkillEntry(p, levels[p.pk], "Reformuler le besoin avant de proposer.") for p in team
        ],
    )
    for person in team:
        if levels[person.pk] < SkillLevel.MEETS:
            staff = person.role == Role.POS_STAFF
            namer = people.get("responsable", coach) if staff else coach
            _gaps_named(tenant, namer, project, person, today)


def _levels(team: list[Membership], people: dict[str, Membership]) -> dict[int, int]:
    """The team's levels in turn; at the demo's point of sale its salesperson is partly there
    and their manager meets the standard."""
    turn = [SkillLevel.PARTLY, SkillLevel.MEETS, SkillLevel.FAR, SkillLevel.MODEL]
    levels = {person.pk: int(turn[i % len(turn)]) for i, person in enumerate(team)}
    demo = {"vendeur": SkillLevel.PARTLY, "responsable": SkillLevel.MEETS}
    levels |= {people[part].pk: int(level) for part, level in demo.items() if part in people}
    return levels


def _gaps_named(
    tenant: Tenant, actor: Membership, project: UnitProject, person: Membership, today: dt.date
) -> None:
    """The competences the person's gap names, among those their plan does not hold yet and
    a module they have not started builds: the plan takes those modules."""
    plan = plan_of(tenant=tenant, membership=person, today=today)
    planned = {line.item.competence_id for line in plan.lines}
    to_do = module_list_for_learner(tenant=tenant, membership=person)
    built = (
        choice.competence
        for choice in competences_with_modules(tenant=tenant)
        if choice.modules and choice.competence.pk not in planned
    )
    named = list(
        islice(
            (c for c in built if to_do.filter(competence_links__competence=c).exists()),
            GAPS_NAMED,
        )
    )
    if named:
        skill_gap_train(
            tenant=tenant,
            actor=actor,
            project=project,
            person=person,
            competences=named,
            today=today,
        )


def _flows(tenant: Tenant, coach: Membership, project: UnitProject) -> None:
    for day in range(6):  # closed on Sundays
        busy = 1.8 if day == 5 else 1.0
        slots = []
        for hour in project.hours:
            peak = 1.6 if hour in (11, 12, 17, 18) else 1.0
            traffic = round(6 * busy * peak)
            needed = max(1, round(traffic / 5))
            slots.append(SlotFigures(hour, traffic, needed, 2))  # short at the peaks
        flow_day_save(tenant=tenant, actor=coach, project=project, weekday=day, slots=slots)


def _actions(
    tenant: Tenant,
    coach: Membership,
    project: UnitProject,
    written: dt.date,
    kpi: KpiDefinition | None,
    people: dict[str, Membership],
    team: list[Membership],
    *,
    advanced: bool,
) -> None:
    for index, (title, axis, owner, status) in enumerate(ACTIONS):
        person = people.get(owner) or (team[index % len(team)] if team and owner else None)
        action = action_create(
            tenant=tenant,
            actor=coach,
            project=project,
            spec=ActionSpec(
                title=title,
                axis=axis,
                owner=person,
                due_on=written + dt.timedelta(days=14 * (index + 1)),
                kpi=kpi if axis in (Axis.CUSTOMER_VOICE, Axis.SENSES) else None,
            ),
        )
        final = ActionStatus.DONE if advanced and index < 5 else status
        if final != ActionStatus.TO_DO:
            done = written + dt.timedelta(days=7 * (index + 1))
            action_status_set(tenant=tenant, actor=coach, action=action, status=final, today=done)


def _region_project(
    tenant: Tenant, cast: dict[str, Membership], today: dt.date, kpi: KpiDefinition | None
) -> None:
    """The demo director's region: diagnostic done, plan written, half its actions done."""
    director = cast["directeur"]
    if director.region is None:
        return
    start = today - dt.timedelta(days=60)
    project = region_project_start(
        tenant=tenant, actor=director, region=director.region, today=start
    )
    region_diagnostic_save(tenant=tenant, actor=director, project=project, **REGION_DIAGNOSTIC)
    for stage, age in (("diagnostic", 45), ("plan", 30)):
        region_stage_set(
            tenant=tenant,
            actor=director,
            project=project,
            stage=stage,
            reached=True,
            today=today - dt.timedelta(days=age),
        )
    for index, (title, axis, owner, done) in enumerate(REGION_ACTIONS):
        action = region_action_create(
            tenant=tenant,
            actor=director,
            project=project,
            spec=ActionSpec(
                title=title,
                axis=axis,
                owner=cast[owner],
                due_on=today + dt.timedelta(days=14 * index - 7),
                kpi=kpi if axis == RegionAxis.CUSTOMER_VOICE else None,
            ),
        )
        if done:
            finished = today - dt.timedelta(days=20 - 5 * index)
            region_action_status_set(
                tenant=tenant,
                actor=director,
                action=action,
                status=ActionStatus.DONE,
                today=finished,
            )


def _coaching_days(
    tenant: Tenant, coach: Membership, points: list[PointOfSale], today: dt.date, rng: random.Random
) -> None:
    """Held and rated days across the zone, today's at the demo's point of sale waiting for its
    rating, next week's planned there."""
    managers = {
        m.point_of_sale_id: m
        for m in Membership.objects.filter(
            tenant=tenant, role=Role.POS_MANAGER, point_of_sale__in=points, is_active=True
        ).order_by("pk")
    }
    rated: list[int] = []
    for number, point in enumerate(points[:4]):
        for round_ in range(2 if number else 3):
            date = today - dt.timedelta(days=60 - 20 * round_ - 3 * number)
            objectives, done, next_steps = DAY_TEXTS[round_ % len(DAY_TEXTS)]
            day = coaching_day_record(
                tenant=tenant,
                actor=coach,
                point_of_sale=point,
                spec=DaySpec(date, objectives, done, next_steps),
                today=date,
            )
            manager = managers.get(point.pk)
            if manager is not None:
                score = rng.choice([4, 4, 5, 5, 3])
                coaching_day_rate(
                    tenant=tenant, actor=manager, day=day, score=score, comment="", today=date
                )
                rated.append(day.pk)
    home = points[0]
    objectives, done, next_steps = DAY_TEXTS[2]
    coaching_day_record(
        tenant=tenant,
        actor=coach,
        point_of_sale=home,
        spec=DaySpec(today, objectives, done, next_steps),
        today=today,
    )
    coaching_day_record(
        tenant=tenant,
        actor=coach,
        point_of_sale=home,
        spec=DaySpec(today + dt.timedelta(days=7), "Faire le point sur le plan d'action"),
        today=today,
    )
    # Past days were rated as soon as asked: their requests are read.
    Notification.objects.filter(
        tenant=tenant,
        kind=notifications.RATING_REQUEST,
        target_id__in=rated,
        target_type__model=CoachingDay._meta.model_name,
    ).update(read_at=timezone.now())
