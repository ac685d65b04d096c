"""challenges/selectors: panels read an excerpt of each leaderboard (the podium, my row, my
neighbours, the one above me) and show exactly what the whole leaderboard would show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from challenges import scoring, selectors
from challenges.models import ChallengeParticipant, ChallengeStanding
from network_animation.models import PointOfSale, Role
from network_animation.tenancy import tenant_scope

from ..factories import PointOfSaleFactory
from .factories import launch

pytestmark = pytest.mark.django_db

# 30 participants: shared ranks (competition ranking), a 4-way tie; then two without figures yet
# (SQLite lists them first, PostgreSQL last: the excerpt follows either).
RANKS = [1, 2, 2, 4, 5, 6, 7, 7, 7, 7, *range(11, 23), 23, 23, *range(25, 31)]
UNRANKED = [*RANKS[:-2], None, None]


def leaderboard(network, kpi, *, ranks=RANKS, name="Sprint"):
    """A zone challenge whose standings are `ranks`, the network's own point of sale 18th (or
    last of fewer), the others' names and codes in leaderboard order."""
    challenge = launch(network, [kpi], name=name)
    with tenant_scope(network.tenant):
        ChallengeStanding.objects.filter(challenge=challenge).delete()
        points = [
            PointOfSaleFactory(zone=network.zone, name=f"Rival {n:02d}", code=f"{name}{n:03d}")
            for n in range(len(ranks) - 1)
        ]
        points.insert(17, network.point_of_sale)
        for index, (point, rank) in enumerate(zip(points, ranks, strict=True)):
            ChallengeParticipant.objects.get_or_create(
                tenant=network.tenant, challenge=challenge, point_of_sale=point
            )
            ChallengeStanding.objects.create(
                tenant=network.tenant,
                challenge=challenge,
                point_of_sale=point,
                rank=rank,
                score=None if rank is None else 1 - index / 100,
                gap_to_above=None if rank in (None, 1) else 0.01,
                details={str(kpi.pk): {"value": 100 - index}},
                computed_at=timezone.now(),
            )
    return challenge


def whole_board(network, challenge, point_of_sale_id):
    """What the panel showed when it read the whole leaderboard (the reference)."""
    standings = selectors.standings_by_challenge(tenant=network.tenant, challenges=[challenge])
    rows = standings[challenge.pk]
    me_index = next((i for i, s in enumerate(rows) if s.point_of_sale_id == point_of_sale_id), -1)
    me = rows[me_index] if me_index >= 0 else None
    shown = [None if p is None else rows[p] for p in scoring.window(len(rows), me_index)]
    better = [s for s in rows if me and me.rank not in (None, 1) and s.rank and s.rank < me.rank]
    return shown, me, (better[-1] if better else None), sum(1 for s in rows if s.rank)


def challenges_panel(page) -> str:
    after = page.content.decode().split('class="card challenges-panel"', 1)[1]
    return after.split("</section>", 1)[0]


@pytest.mark.parametrize("ranks", [RANKS, UNRANKED, [1, 1, 1, 1, 5], [3, 1]])
def test_every_participant_sees_what_the_whole_leaderboard_showed(network_a, kpis_a, ranks):
    challenge = leaderboard(network_a, kpis_a.sales, ranks=ranks)
    with tenant_scope(network_a.tenant):
        participants = ChallengeStanding.objects.filter(challenge=challenge)
        for point_of_sale_id in participants.values_list("point_of_sale_id", flat=True):
            point = PointOfSale.objects.get(pk=point_of_sale_id)
            (board,) = selectors.boards_for_point_of_sale(
                tenant=network_a.tenant, point_of_sale=point
            )
            rows, me, above, peers = whole_board(network_a, challenge, point_of_sale_id)
            assert board.rows == rows, point.name
            assert (board.me, board.above, board.peers) == (me, above, peers), point.name


def test_a_dealer_sees_the_podium_their_rank_and_neighbours(network_a, kpis_a):
    leaderboard(network_a, kpis_a.sales)
    page = network_a.client(Role.POS_STAFF).get(
        reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    )
    panel = challenges_panel(page)
    assert "18<sup>e</sup> sur 30" in panel
    assert "1,0 points derrière le 17<sup>e</sup>" in panel
    for shown in ("Rival 00", "Rival 01", "Rival 02", "Rival 16", "Rival 17"):  # top 3, neighbours
        assert shown in panel
    assert "Rival 10" not in panel


def test_a_zone_sees_the_podium_only(network_a, kpis_a):
    leaderboard(network_a, kpis_a.sales)
    page = network_a.client(Role.ANIMATOR).get(
        reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    )
    panel = challenges_panel(page)
    assert "Rival 00" in panel
    assert "Rival 02" in panel
    assert "Rival 03" not in panel


def test_a_board_costs_the_same_queries_for_5_or_30_participants(network_a, kpis_a):
    small = leaderboard(network_a, kpis_a.sales, ranks=[1, 2, 3, 4, 5], name="Small")
    large = leaderboard(network_a, kpis_a.leads, name="Large")
    counts = []
    with tenant_scope(network_a.tenant):
        for challenge in (small, large):
            with CaptureQueriesContext(connection) as queries:
                excerpts = selectors.standings_excerpts(
                    tenant=network_a.tenant, challenges=[challenge]
                )
            counts.append(len(queries))
            assert len(excerpts[challenge.pk].standings) <= 3
    assert counts == [2, 2]


def test_no_standing_of_another_tenant_shows(network_a, network_b, kpis_a, kpis_b):
    mine = leaderboard(network_a, kpis_a.sales)
    leaderboard(network_b, kpis_b.sales)
    with tenant_scope(network_a.tenant):
        excerpts = selectors.standings_excerpts(tenant=network_a.tenant, challenges=[mine])
    assert {s.tenant_id for s in excerpts[mine.pk].standings} == {network_a.tenant.pk}
    assert excerpts[mine.pk].participants == 30
