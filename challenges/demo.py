"""Demo challenges and labels: a running and a closed challenge in the demo animator's zone, a
regional one, the story's "Reconquête" challenge there (demo_story), and labels awarded for last
year. Scored by the same services as the nightly chain
(set-based reads), so seeding stays fast. Also the visits: head office's store-visit grid, the
demo animator's visits in their zone over the last two months, and a mystery-visit campaign
whose scores are written as KPI facts and rolled up, so the dashboards show them."""

import datetime as dt
import random

from django.utils import timezone

from kpis.aggregation import kpi_rollups_refresh
from kpis.models import Aggregation, KpiDefinition
from kpis.services.computed import computed_facts_refresh
from network_animation.models import Membership, PointOfSale, Region, Role, Tenant, Zone

from .demo_story import story_challenge
from .models import AnswerKind, CampaignKind, LabelLevel, Measure, Renewal, ScoringRule
from .services import (
    ChallengeSpec,
    CriterionSpec,
    KpiChoice,
    challenge_close,
    challenge_launch,
    challenge_standings_refresh,
    label_grid_save,
    labels_evaluate,
)
from .visits.kpi_facts import VISIT_FACTS
from .visits.services import CriterionSpec as VisitCriterionSpec
from .visits.services import (
    VisitSpec,
    campaign_create,
    campaign_import,
    visit_grid_create,
    visit_record,
)

REWARDS = {
    "winner_count": 3,
    "winner_points": 150,
    "winner_badge": "Champion",
    "threshold": 1.0,
    "threshold_points": 50,
}


def _month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def challenges_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    summed = list(KpiDefinition.objects.filter(tenant=tenant, aggregation=Aggregation.SUM))
    if len(summed) < 2:
        return
    # The demo accounts' point of sale: the first created (PointOfSale orders by name).
    first = (
        PointOfSale.objects.filter(tenant=tenant)
        .select_related("zone__region")
        .order_by("pk")
        .first()
    )
    if first is None:
        return
    zone, today = first.zone, timezone.localdate()
    animator = Membership.objects.filter(tenant=tenant, role=Role.ANIMATOR, zones=zone).first()
    start, end = _month_bounds(today)
    sprint = _sprint(summed, zone, start, end)
    running = challenge_launch(tenant=tenant, actor=animator, today=today, spec=sprint)
    previous_start, previous_end = _month_bounds(start - dt.timedelta(days=1))
    last_month = _progression("Progression", summed[1], previous_start, previous_end, zone=zone)
    closed = challenge_launch(tenant=tenant, actor=animator, today=previous_start, spec=last_month)
    regional_spec = _progression("Challenge régional", summed[0], start, end, region=zone.region)
    regional = challenge_launch(tenant=tenant, actor=None, today=today, spec=regional_spec)
    for challenge in (running, regional):
        challenge_standings_refresh(tenant=tenant, challenge=challenge, today=today)
    challenge_close(tenant=tenant, challenge=closed, today=today)
    story_challenge(tenant=tenant, zone=zone, animator=animator, today=today)
    _labels(tenant, summed[0], today)
    _visits(tenant, today, rng)


def _sprint(summed: list[KpiDefinition], zone: Zone, start: dt.date, end: dt.date) -> ChallengeSpec:
    """The zone's monthly sprint on two KPIs, the first weighing double."""
    return ChallengeSpec(
        name=f"Sprint {summed[0].name_fr}",
        start=start,
        end=end,
        zone=zone,
        kpis=[KpiChoice(summed[0], 2), KpiChoice(summed[1], 1)],
        rewards=REWARDS,
        scoring_rule=ScoringRule.ACHIEVEMENT,
        renewal=Renewal.MONTHLY,
    )


def _progression(
    title: str,
    kpi: KpiDefinition,
    start: dt.date,
    end: dt.date,
    *,
    zone: Zone | None = None,
    region: Region | None = None,
) -> ChallengeSpec:
    """A challenge on progress over last year, in a zone or a region."""
    return ChallengeSpec(
        name=f"{title} {kpi.name_fr}",
        start=start,
        end=end,
        zone=zone,
        region=region,
        kpis=[KpiChoice(kpi)],
        rewards=REWARDS,
        scoring_rule=ScoringRule.PROGRESS,
    )


def _labels(tenant: Tenant, sales: KpiDefinition, today: dt.date) -> None:
    satisfaction = KpiDefinition.objects.filter(tenant=tenant, code="satisfaction").first()
    criteria = [
        CriterionSpec(LabelLevel.BRONZE, sales, Measure.ACHIEVEMENT, 0.9),
        CriterionSpec(LabelLevel.SILVER, sales, Measure.ACHIEVEMENT, 1.0),
        CriterionSpec(LabelLevel.GOLD, sales, Measure.ACHIEVEMENT, 1.05),
    ]
    if satisfaction is not None:
        criteria += [
            CriterionSpec(LabelLevel.SILVER, satisfaction, Measure.VALUE, 8.0),
            CriterionSpec(LabelLevel.GOLD, satisfaction, Measure.VALUE, 8.5),
        ]
    for year in (today.year - 1, today.year):
        label_grid_save(tenant=tenant, actor=None, year=year, criteria=criteria)
    labels_evaluate(tenant=tenant, year=today.year - 1)


VISIT_CRITERIA = [
    ("Vitrine propre et éclairée", 2, AnswerKind.YES_NO, 5),
    ("Prix affichés sur chaque véhicule exposé", 1, AnswerKind.YES_NO, 5),
    ("Accueil en moins d'une minute", 3, AnswerKind.SCALE, 5),
    ("Découverte des besoins avant l'essai", 3, AnswerKind.SCALE, 5),
    ("Proposition d'un rendez-vous de suivi", 1, AnswerKind.YES_NO, 5),
]
VISIT_COMMENTS = [
    "Bon accueil, mais **l'attente** au comptoir dépasse cinq minutes le samedi.",
    "Showroom rangé ; penser à rallumer la vitrine le soir.",
    "La découverte des besoins est rapide : reprendre la grille de questions en équipe.",
]


def _visits(tenant: Tenant, today: dt.date, rng: random.Random) -> None:
    """The grid, two or three visits per point of sale of the demo accounts' zone (its first
    point of sale's) by its animator (in the last two months, or for every third store more
    than ten weeks ago), a mystery-visit campaign over every point of sale, and their facts
    rolled up."""
    head_office = Membership.objects.filter(tenant=tenant, role=Role.HEAD_OFFICE).first()
    demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
    if head_office is None or demo_point is None:
        return
    zone = demo_point.zone
    animator = (
        Membership.objects.filter(tenant=tenant, role=Role.ANIMATOR, zones=zone)
        .order_by("pk")
        .first()
    )
    if animator is None:
        return
    grid = visit_grid_create(
        tenant=tenant,
        actor=head_office,
        name="Visite magasin",
        criteria=[VisitCriterionSpec(*row) for row in VISIT_CRITERIA],
    )
    version = grid.versions.get()
    criteria = list(version.criteria.all())
    points = PointOfSale.objects.filter(tenant=tenant, zone=zone, is_active=True).order_by("pk")
    for index, point in enumerate(points):
        # The animator has not been to every third store since the summer: where one of them
        # is also falling, the recommendations suggest a visit.
        days_ago = (1, 60) if index % 3 != 2 else (70, 120)  # noqa: PLR2004
        for number in range(rng.randint(2, 3)):
            answers = {c.pk: rng.randint(max(c.top - 2, 0), c.top) for c in criteria}
            spec = VisitSpec(
                today - dt.timedelta(days=rng.randint(*days_ago)),
                answers,
                VISIT_COMMENTS[number % len(VISIT_COMMENTS)],
            )
            visit_record(
                tenant=tenant,
                actor=animator,
                point_of_sale=point,
                version=version,
                spec=spec,
                today=today,
            )
    _mystery_campaign(tenant, head_office, today, rng)
    computed_facts_refresh(tenant=tenant, producer=VISIT_FACTS, full=True)
    kpi_rollups_refresh(tenant=tenant)


def _mystery_campaign(
    tenant: Tenant, head_office: Membership, today: dt.date, rng: random.Random
) -> None:
    campaign = campaign_create(
        tenant=tenant,
        actor=head_office,
        name="Visites mystère",
        kind=CampaignKind.MYSTERY_VISIT,
        firm="Client Mystère & Associés",
    )
    # The firm's file, as head office would import it: two waves over every point of sale.
    lines = ["code;date;score"]
    points = PointOfSale.objects.filter(tenant=tenant, is_active=True).order_by("code")
    for code in points.values_list("code", flat=True):
        for days_ago in (45, 15):
            day = today - dt.timedelta(days=days_ago + rng.randint(0, 5))
            lines.append(f"{code};{day.isoformat()};{rng.uniform(55, 95):.1f}")
    campaign_import(
        tenant=tenant,
        actor=head_office,
        campaign=campaign,
        content="\n".join(lines).encode(),
        filename="visites-mystere.csv",
        today=today,
    )
