# ruff: noqa: S608  # PLACES_SQL is formatted with table names and placeholders only
"""Reads of challenges, rewards and labels. Every selector takes `tenant=`; boards cost a fixed
number of queries whatever the number of challenges or participants."""

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kpis import challenge_reads as reads
from kpis.models import Aggregation, KpiDefinition
from microlearning.selectors.plans import certifications_list
from network_animation.models import Membership, PointOfSale, Region, Tenant, Zone

from . import scoring
from .models import (
    Challenge,
    ChallengeKpi,
    ChallengeStanding,
    LabelAward,
    LabelGrid,
    LabelLevel,
    Measure,
    Reward,
    ScopeLevel,
    ScoringRule,
    Status,
)
from .services.labels import certified_figures, grid_rules, unit_evidence, year_figures

RECENTLY_CLOSED = dt.timedelta(days=45)
PAST_CHALLENGES_PER_PAGE = 20
# A leaderboard's order: rank (the unranked last on PostgreSQL), then the point of sale's code.
STANDING_ORDER = ("rank", "point_of_sale__code", "person_key")
PODIUM = 3  # every board shows the top three, then one neighbour either side of its participant


def challenge_list(*, tenant: Tenant) -> QuerySet[Challenge]:
    return Challenge.objects.filter(tenant=tenant).select_related("zone", "region")


def challenge_get(*, tenant: Tenant, id: int) -> Challenge:
    challenge = challenge_list(tenant=tenant).filter(pk=id).first()
    if challenge is None:
        raise Http404
    return challenge


def challenge_list_for_scope(
    *, tenant: Tenant, zone: Zone | None = None, region: Region | None = None
) -> QuerySet[Challenge]:
    """The challenges a zone (a region) takes part in: its own, its region's, the network's."""
    network = Q(level=ScopeLevel.NETWORK)
    if zone is not None:
        condition = network | Q(zone=zone) | Q(region_id=zone.region_id)
    elif region is not None:
        condition = network | Q(region=region) | Q(zone__region=region)
    else:
        condition = Q()
    return challenge_list(tenant=tenant).filter(condition)


def challenge_list_for_point_of_sale(
    *, tenant: Tenant, point_of_sale: PointOfSale, today: dt.date | None = None
) -> list[Challenge]:
    today = today or timezone.localdate()
    challenges = challenge_list(tenant=tenant).filter(
        Q(status__in=[Status.SCHEDULED, Status.RUNNING])
        | Q(status=Status.CLOSED, end_date__gte=today - RECENTLY_CLOSED),
        participants__point_of_sale=point_of_sale,
    )
    return list(challenges.distinct().order_by("status", "-end_date"))


def challenge_kpis(*, tenant: Tenant, challenges: list[Challenge]) -> dict[int, list[ChallengeKpi]]:
    found: dict[int, list[ChallengeKpi]] = {c.pk: [] for c in challenges}
    for choice in ChallengeKpi.objects.filter(
        tenant=tenant, challenge__in=challenges
    ).select_related("kpi"):
        found[choice.challenge_id].append(choice)
    return found


def standings_by_challenge(
    *, tenant: Tenant, challenges: list[Challenge]
) -> dict[int, list[ChallengeStanding]]:
    """Whole leaderboards, for a challenge's own page and its exports: panels read excerpts."""
    found: dict[int, list[ChallengeStanding]] = {c.pk: [] for c in challenges}
    rows = ChallengeStanding.objects.filter(tenant=tenant, challenge__in=challenges).select_related(
        "point_of_sale", "person__user"
    )
    for row in rows.order_by(*STANDING_ORDER):
        found[row.challenge_id].append(row)
    return found


def standing_list(*, tenant: Tenant, challenge: Challenge) -> QuerySet[ChallengeStanding]:
    """A whole leaderboard, in its order, for callers that page through it (the API)."""
    return (
        ChallengeStanding.objects.filter(tenant=tenant, challenge=challenge)
        .select_related("point_of_sale", "person__user")
        .order_by(*STANDING_ORDER)
    )


@dataclass
class Excerpt:
    """The rows of a leaderboard a panel shows, with their place in the whole leaderboard."""

    participants: int = 0
    peers: int = 0  # the ranked participants
    standings: list[ChallengeStanding] = field(default_factory=list)  # in leaderboard order
    positions: dict[int, int] = field(default_factory=dict)  # standing id -> 1-based position


def my_standing_ids(
    *,
    tenant: Tenant,
    challenges: list[Challenge],
    point_of_sale: PointOfSale,
    person_id: int | None,
) -> dict[int, int]:
    """The standing a dealer's board centres on, per challenge: in an individual challenge their
    own row (the point of sale's last one when they are not one of its people), else the point of
    sale's row. A handful of rows: a point of sale's own, or its people's."""
    rows = ChallengeStanding.objects.filter(
        tenant=tenant, challenge__in=challenges, point_of_sale=point_of_sale
    ).order_by(*STANDING_ORDER)
    individual = {c.pk for c in challenges if c.is_individual}
    mine: dict[int, int] = {}
    for pk, challenge_id, row_person_id in rows.values_list("pk", "challenge_id", "person_id"):
        if challenge_id not in individual:
            mine.setdefault(challenge_id, pk)
        elif person_id is None:
            mine[challenge_id] = pk
        elif row_person_id == person_id:
            mine.setdefault(challenge_id, pk)
    return mine


def standings_excerpts(
    *, tenant: Tenant, challenges: list[Challenge], mine: Collection[int] = ()
) -> dict[int, Excerpt]:
    """What the panels show of each leaderboard, however long: the podium and, around each
    standing of `mine`, its neighbours and the last one ranked better (to tell the gap). Two
    queries for any number of challenges: the places, then those rows."""
    found = {c.pk: Excerpt() for c in challenges}
    if not challenges:
        return found
    places = _places(tenant=tenant, challenges=challenges, mine=mine)
    rows = ChallengeStanding.objects.filter(tenant=tenant, pk__in=places).select_related(
        "point_of_sale", "person__user"
    )
    if not mine:
        rows = rows.defer("details")  # only a dealer's gap to the one above reads them
    for row in sorted(rows, key=lambda r: places[r.pk][0]):
        excerpt = found[row.challenge_id]
        excerpt.positions[row.pk], excerpt.participants, excerpt.peers = places[row.pk]
        excerpt.standings.append(row)
    return found


# Window functions number the whole leaderboard, in the order `standings_by_challenge` reads
# (SQLite puts NULL ranks first, PostgreSQL last, in both), but return only the rows to show.
# Written out because the ORM's equivalent (annotate windows, filter on them) costs ~3 ms of
# Python per request to compile, and this is read on every dealer page.
PLACES_SQL = """
SELECT id, position, participants, peers FROM (
    SELECT standing.id, standing.rank,
        ROW_NUMBER() OVER in_order AS position,
        COUNT(*) OVER leaderboard AS participants,
        COUNT(standing.rank) OVER leaderboard AS peers,
        LAG(standing.id) OVER in_order AS previous_id,
        LEAD(standing.id) OVER in_order AS next_id,
        LEAD(standing.rank) OVER in_order AS next_rank,
        MAX(CASE WHEN standing.id IN ({mine}) THEN standing.rank END) OVER leaderboard AS my_rank
    FROM {standings} AS standing
    JOIN {points_of_sale} AS point_of_sale ON point_of_sale.id = standing.point_of_sale_id
    WHERE standing.tenant_id = %s AND standing.challenge_id IN ({challenges})
    WINDOW leaderboard AS (PARTITION BY standing.challenge_id),
        in_order AS (leaderboard ORDER BY standing.rank, point_of_sale.code, standing.person_key)
) AS places
WHERE position <= %s OR id IN ({mine}) OR previous_id IN ({mine}) OR next_id IN ({mine})
    OR (rank < my_rank AND next_rank >= my_rank)
"""


def _places(
    *, tenant: Tenant, challenges: list[Challenge], mine: Collection[int]
) -> dict[int, tuple[int, int, int]]:
    """Standing id -> (position, participants, peers) of the rows to show."""
    # `IN (NULL)` matches nothing: a board seen by no participant is its podium only
    centres: list[int | None] = [*mine] or [None]
    sql = PLACES_SQL.format(
        standings=ChallengeStanding._meta.db_table,
        points_of_sale=PointOfSale._meta.db_table,
        mine=", ".join(["%s"] * len(centres)),
        challenges=", ".join(["%s"] * len(challenges)),
    )
    params = [*centres, tenant.pk, *(c.pk for c in challenges), PODIUM, *centres * 3]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: (position, participants, peers) for pk, position, participants, peers in cursor}


@dataclass
class Board:
    """A challenge's leaderboard as one participant sees it: the top, and their neighbours."""

    challenge: Challenge
    kpis: list[ChallengeKpi]
    standings: list[ChallengeStanding]  # the excerpt loaded, in leaderboard order
    peers: int = 0
    me: ChallengeStanding | None = None
    rows: list[ChallengeStanding | None] = field(default_factory=list)

    @property
    def above(self) -> ChallengeStanding | None:
        """The last one ranked better than me (the excerpt always holds them)."""
        if self.me is None or self.me.rank in (None, 1):
            return None
        better = [s for s in self.standings if s.rank is not None and s.rank < self.me.rank]
        return better[-1] if better else None

    @property
    def gap_in_kpi(self) -> tuple[float, ChallengeKpi] | None:
        """An absolute, single-KPI challenge's gap in the KPI's own unit ("2 sales")."""
        above, me = self.above, self.me
        if above is None or me is None or len(self.kpis) != 1:
            return None
        if self.challenge.scoring_rule != ScoringRule.ABSOLUTE:
            return None
        key = str(self.kpis[0].kpi_id)
        mine, theirs = me.details.get(key, {}).get("value"), above.details.get(key, {}).get("value")
        if mine is None or theirs is None:
            return None
        return abs(theirs - mine), self.kpis[0]

    @property
    def gap_points(self) -> float | None:
        return (
            None if self.me is None or self.me.gap_to_above is None else self.me.gap_to_above * 100
        )


def board(
    challenge: Challenge, kpis: list[ChallengeKpi], excerpt: Excerpt, my_id: int | None = None
) -> Board:
    by_position = {excerpt.positions[s.pk]: s for s in excerpt.standings}
    me = next((s for s in excerpt.standings if s.pk == my_id), None)
    me_index = excerpt.positions[me.pk] - 1 if me is not None else -1
    rows = [
        None if index is None else by_position[index + 1]
        # one neighbour either side: the rows PLACES_SQL picks with LAG and LEAD
        for index in scoring.window(excerpt.participants, me_index, top=PODIUM, around=1)
    ]
    return Board(challenge, kpis, excerpt.standings, excerpt.peers, me, rows)


def boards_for_point_of_sale(
    *, tenant: Tenant, point_of_sale: PointOfSale, person: Membership | None = None
) -> list[Board]:
    challenges = challenge_list_for_point_of_sale(tenant=tenant, point_of_sale=point_of_sale)
    kpis = challenge_kpis(tenant=tenant, challenges=challenges)
    person_id = (
        person.pk if person is not None and person.point_of_sale_id == point_of_sale.pk else None
    )
    mine = my_standing_ids(
        tenant=tenant, challenges=challenges, point_of_sale=point_of_sale, person_id=person_id
    )
    excerpts = standings_excerpts(tenant=tenant, challenges=challenges, mine=mine.values())
    return [board(c, kpis[c.pk], excerpts[c.pk], mine.get(c.pk)) for c in challenges]


@dataclass
class ScopeChallenges:
    """A zone's challenges as its animator follows them: running, scheduled, drafts (for who
    may launch), and a page of the past ones, each with its board (the podium, its scores)."""

    running: list[Board]
    scheduled: list[Board]
    drafts: list[Board]
    past: list[Board]
    past_page: Page[Challenge]


def zone_challenges(
    *, tenant: Tenant, zone: Zone, with_drafts: bool, page: str | int | None = None
) -> ScopeChallenges:
    """Five queries whatever the number of challenges: current ones, a page of past ones
    (and its count), their KPIs, their boards' places and rows."""
    challenges = challenge_list_for_scope(tenant=tenant, zone=zone)
    if not with_drafts:
        challenges = challenges.exclude(status=Status.DRAFT)
    current = list(challenges.exclude(status=Status.CLOSED).order_by("start_date", "pk"))
    past = challenges.filter(status=Status.CLOSED).order_by("-end_date", "-pk")
    past_page = Paginator(past, PAST_CHALLENGES_PER_PAGE).get_page(page)
    shown = [*current, *past_page.object_list]
    kpis = challenge_kpis(tenant=tenant, challenges=shown)
    excerpts = standings_excerpts(tenant=tenant, challenges=shown)
    boards = {c.pk: board(c, kpis[c.pk], excerpts[c.pk]) for c in shown}

    def of(status: str) -> list[Board]:
        return [boards[c.pk] for c in current if c.status == status]

    return ScopeChallenges(
        running=of(Status.RUNNING),
        scheduled=of(Status.SCHEDULED),
        drafts=of(Status.DRAFT),
        past=[boards[c.pk] for c in past_page.object_list],
        past_page=past_page,
    )


def recognition_feed(
    *, tenant: Tenant, zone: Zone | None = None, region: Region | None = None, limit: int = 10
) -> QuerySet[Reward]:
    """The latest rewards of a zone's (a region's, the network's) points of sale and people."""
    rewards = Reward.objects.filter(tenant=tenant).select_related(
        "challenge", "point_of_sale", "person__user"
    )
    if zone is not None:
        rewards = rewards.filter(point_of_sale__zone=zone)
    elif region is not None:
        rewards = rewards.filter(point_of_sale__zone__region=region)
    return rewards.order_by("-awarded_at", "rank")[:limit] if limit else rewards


def rewards_of_point_of_sale(*, tenant: Tenant, point_of_sale: PointOfSale) -> QuerySet[Reward]:
    return Reward.objects.filter(tenant=tenant, point_of_sale=point_of_sale).select_related(
        "challenge", "person__user"
    )


def points_total(*, tenant: Tenant, point_of_sale: PointOfSale) -> int:
    total = rewards_of_point_of_sale(tenant=tenant, point_of_sale=point_of_sale).aggregate(
        total=Sum("points")
    )["total"]
    return total or 0


def label_awards_of(*, tenant: Tenant, point_of_sale: PointOfSale) -> QuerySet[LabelAward]:
    return LabelAward.objects.filter(tenant=tenant, point_of_sale=point_of_sale).order_by("-year")


def label_award_list(*, tenant: Tenant) -> QuerySet[LabelAward]:
    return LabelAward.objects.filter(tenant=tenant).select_related("point_of_sale")


def label_grid_list(*, tenant: Tenant) -> QuerySet[LabelGrid]:
    return LabelGrid.objects.filter(tenant=tenant).prefetch_related(
        "criteria__kpi", "criteria__certification"
    )


def label_grid_get(*, tenant: Tenant, id: int) -> LabelGrid:
    grid = label_grid_list(tenant=tenant).filter(pk=id).first()
    if grid is None:
        raise Http404
    return grid


def label_awards_of_year(*, tenant: Tenant, year: int) -> QuerySet[LabelAward]:
    return LabelAward.objects.filter(tenant=tenant, year=year).select_related("point_of_sale")


def label_preview(
    *, tenant: Tenant, point_of_sale: PointOfSale, year: int
) -> scoring.LabelResult | None:
    """Where a point of sale stands this year against this year's grid, from the rollups to date."""
    grid = LabelGrid.objects.filter(tenant=tenant, year=year).first()
    if grid is None:
        return None
    rules = grid_rules(tenant=tenant, grid=grid)
    only = [point_of_sale.pk]
    figures = year_figures(tenant=tenant, year=year, rules=rules, point_of_sale_ids=only)
    units = unit_evidence(tenant=tenant, year=year, rules=rules, point_of_sale_ids=only)
    certified = certified_figures(tenant=tenant, year=year, rules=rules, point_of_sale_ids=only)
    return scoring.evaluate_label(
        rules,
        figures.get(point_of_sale.pk, {}),
        units.get(point_of_sale.pk),
        certified.get(point_of_sale.pk),
    )


def target_suggestions(
    *,
    tenant: Tenant,
    kpis: list[KpiDefinition],
    zone: Zone | None,
    region: Region | None,
    participants: int,
) -> dict[int, float | None]:
    """A goal per participant from the scope's gap to its objectives this month: a summed KPI's
    remaining volume shared out among the participants, rounded up to the KPI's decimals (a
    count to whole units: 2.3 sales each is 3 to make); a rate's target at its decimals."""
    if zone is not None:
        level, scope_id = ScopeLevel.ZONE, zone.pk
    elif region is not None:
        level, scope_id = ScopeLevel.REGION, region.pk
    else:
        level, scope_id = ScopeLevel.NETWORK, 0
    gaps = reads.scope_gaps(
        tenant=tenant, kpi_ids=[k.pk for k in kpis], level=level, scope_id=scope_id
    )
    suggestions: dict[int, float | None] = {}
    for kpi in kpis:
        rollup = gaps.get(kpi.pk)
        if rollup is None or not rollup.remaining_to_target:
            suggestions[kpi.pk] = None
        elif kpi.aggregation == Aggregation.SUM:
            share = rollup.remaining_to_target / max(participants, 1)
            suggestions[kpi.pk] = _rounded_up(share, kpi.decimals)
        else:
            target = rollup.target
            suggestions[kpi.pk] = None if target is None else round(target, kpi.decimals)
    return suggestions


def _rounded_up(value: float, decimals: int) -> float:
    scale = 10**decimals
    return math.ceil(value * scale - 1e-9) / scale  # 1e-9: 3.0000000001 is still 3


def evidence_rows(*, tenant: Tenant, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence of a label (as stored) with each KPI's and certification's name, for display
    and exports."""
    names = {
        kpi.pk: kpi
        for kpi in KpiDefinition.objects.filter(
            tenant=tenant, pk__in=[e["kpi_id"] for e in evidence if e["kpi_id"] is not None]
        )
    }
    wanted = [e["certification_id"] for e in evidence if e.get("certification_id")]
    certifications = (
        {c.pk: c for c in certifications_list(tenant=tenant).filter(pk__in=wanted)}
        if wanted
        else {}
    )
    return [
        {
            **row,
            "kpi": names.get(row["kpi_id"]),
            "certification": certifications.get(row.get("certification_id") or 0),
            "level_label": LabelLevel(row["level"]).label,
            "measure_label": Measure(row["measure"]).label,
        }
        for row in evidence
    ]
