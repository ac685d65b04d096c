"""challenges/services: launching, scoring, closing and renewing, each idempotent."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from challenges.models import (
    Challenge,
    ChallengeStanding,
    Renewal,
    Reward,
    ScoringRule,
    Status,
)
from challenges.services import (
    KpiChoice,
    challenge_close,
    challenge_renew,
    challenge_scoring_change,
    challenge_standings_refresh,
    challenges_start_due,
)
from communities.models import PostKpi, Thread
from communities.services import community_memberships_sync
from network_animation.jobs import nightly_chain_run
from network_animation.models import AuditEvent, Notification, Role
from network_animation.tenancy import tenant_scope

from .factories import launch

pytestmark = pytest.mark.django_db
REWARDS = {
    "winner_count": 1,
    "winner_points": 100,
    "winner_badge": "Champion",
    "threshold": 0.85,
    "threshold_points": 20,
}


def standings(network, challenge):
    with tenant_scope(network.tenant):
        challenge_standings_refresh(
            tenant=network.tenant, challenge=challenge, today=dt.date(2025, 3, 31)
        )
        rows = ChallengeStanding.objects.filter(challenge=challenge).select_related("point_of_sale")
        return {row.point_of_sale.name: (row.rank, row.score) for row in rows}


def test_a_launch_enrols_the_zones_points_of_sale_and_runs_when_its_period_began(
    network_a, kpis_a, zone_a
):
    challenge = launch(network_a, [kpis_a.sales])
    assert challenge.status == Status.RUNNING
    with tenant_scope(network_a.tenant):
        enrolled = set(challenge.participants.values_list("point_of_sale_id", flat=True))
        assert AuditEvent.objects.filter(action="challenge_launched").count() == 1
    assert enrolled == {p.pk for p in zone_a.points}


def test_a_filter_on_size_class_narrows_the_participants(network_a, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales], size_class="XL")
    with tenant_scope(network_a.tenant):
        assert challenge.participants.get().point_of_sale == zone_a.points[2]


def test_points_of_sale_of_another_zone_cannot_be_enrolled(network_a, kpis_a):
    with pytest.raises(ValidationError, match=network_a.other_point_of_sale.code):
        launch(network_a, [kpis_a.sales], points_of_sale=[network_a.other_point_of_sale])


def test_an_individual_challenge_scores_people_on_their_own_objectives(network_a, kpis_a, zone_a):
    from kpis.models import Level, Period

    from ..kpis.factories import ObjectiveFactory
    from .conftest import MARCH, add_facts, refresh

    manager, staff = network_a.members["pos_manager"], network_a.members["pos_staff"]
    for person, value, target in ((manager, 30, 60), (staff, 20, 25)):
        add_facts(
            kpis_a.leads, network_a.point_of_sale, {dt.date(2025, 3, 3): value}, person=person
        )
        ObjectiveFactory(
            kpi=kpis_a.leads,
            level=Level.PERSON,
            person=person,
            period=Period.MONTH,
            period_start=MARCH,
            target=target,
        )
    refresh(network_a)
    challenge = launch(
        network_a, [kpis_a.leads], participant_kind="person", scoring_rule=ScoringRule.ACHIEVEMENT
    )
    standings(network_a, challenge)
    with tenant_scope(network_a.tenant):
        ranks = dict(
            ChallengeStanding.objects.filter(challenge=challenge).values_list("person_id", "rank")
        )
    assert ranks[staff.pk] == 1  # 20 of 25 beats 30 of 60
    assert ranks[manager.pk] == 2


def test_a_kpi_of_another_network_is_refused(network_a, kpis_a, kpis_b):
    with pytest.raises(ValidationError):
        launch(network_a, [kpis_b.sales])


def test_a_scheduled_challenge_starts_when_due(network_a, kpis_a):
    challenge = launch(network_a, [kpis_a.sales], today=dt.date(2025, 2, 1))
    assert challenge.status == Status.SCHEDULED
    with tenant_scope(network_a.tenant):
        assert challenges_start_due(tenant=network_a.tenant, today=dt.date(2025, 3, 1)) == 1
        challenge.refresh_from_db()
    assert challenge.status == Status.RUNNING


def test_a_running_challenges_scoring_cannot_change(network_a, kpis_a):
    challenge = launch(network_a, [kpis_a.sales])
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError):
        challenge_scoring_change(
            tenant=network_a.tenant,
            challenge=challenge,
            scoring_rule="absolute",
            tie_break="shared",
            weights={},
        )


def test_achievement_ranks_each_against_its_own_objective(network_a, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales], scoring_rule=ScoringRule.ACHIEVEMENT)
    found = standings(network_a, challenge)
    assert found["Medium"] == (1, pytest.approx(1.1))
    assert found[network_a.point_of_sale.name] == (2, pytest.approx(1.0))
    assert found["Small"] == (3, pytest.approx(0.9))
    assert found["Large"] == (4, pytest.approx(0.8))


def test_progress_ranks_against_the_same_period_a_year_before(network_a, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales], scoring_rule=ScoringRule.PROGRESS)
    found = standings(network_a, challenge)
    assert found["Small"] == (1, pytest.approx(1.5))
    assert found["Large"] == (4, pytest.approx(1.0))


def test_absolute_ranks_by_value_and_keeps_the_figures(network_a, kpis_a, zone_a):
    challenge = launch(
        network_a,
        [KpiChoice(kpis_a.sales, 2), KpiChoice(kpis_a.leads, 1)],
        scoring_rule=ScoringRule.ABSOLUTE,
    )
    found = standings(network_a, challenge)
    assert found["Large"][0] == 1
    with tenant_scope(network_a.tenant):
        row = ChallengeStanding.objects.get(challenge=challenge, rank=1)
    assert row.details[str(kpis_a.sales.pk)]["value"] == 400


def test_an_individual_challenge_ranks_people_on_their_own_facts(network_a, kpis_a, zone_a):
    from .conftest import add_facts

    manager, staff = network_a.members["pos_manager"], network_a.members["pos_staff"]
    add_facts(kpis_a.leads, network_a.point_of_sale, {dt.date(2025, 3, 3): 4}, person=manager)
    add_facts(kpis_a.leads, network_a.point_of_sale, {dt.date(2025, 3, 3): 9}, person=staff)
    challenge = launch(
        network_a, [kpis_a.leads], participant_kind="person", scoring_rule=ScoringRule.ABSOLUTE
    )
    standings(network_a, challenge)
    with tenant_scope(network_a.tenant):
        ranks = dict(
            ChallengeStanding.objects.filter(challenge=challenge).values_list("person_id", "rank")
        )
    assert ranks == {staff.pk: 1, manager.pk: 2}


def test_closing_twice_rewards_and_notifies_once(
    network_a, kpis_a, zone_a, django_capture_on_commit_callbacks
):
    challenge = launch(network_a, [kpis_a.sales], rewards=REWARDS)
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        first = challenge_close(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
        second = challenge_close(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
        rewards = {r.point_of_sale.name: (r.reason, r.points) for r in Reward.objects.all()}
        notes = Notification.objects.filter(kind="challenge.closed").count()
    assert (first, second) == (True, False)
    assert rewards == {
        "Medium": ("winner", 100),
        network_a.point_of_sale.name: ("threshold", 20),
        "Small": ("threshold", 20),
    }
    assert notes == 2  # the manager and the staff of the fixture's point of sale
    assert len(mail.outbox) == 2
    assert all("2 sur 4" in message.body for message in mail.outbox)


def test_the_nightly_chain_run_twice_awards_nothing_twice(network_a, kpis_a, zone_a):
    launch(network_a, [kpis_a.sales], rewards=REWARDS)
    for _ in range(2):
        nightly_chain_run(tenant=network_a.tenant)
    with tenant_scope(network_a.tenant):
        assert Challenge.objects.get().status == Status.CLOSED
        assert Reward.objects.count() == 3
        assert Notification.objects.filter(kind="challenge.closed").count() == 2


def test_a_renewal_is_created_once_for_the_following_period(network_a, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales], renewal=Renewal.MONTHLY)
    with tenant_scope(network_a.tenant):
        challenge_close(tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 2))
        again = challenge_renew(tenant=network_a.tenant, challenge=challenge)
        renewed = Challenge.objects.get(previous=challenge)
        assert renewed.participants.count() == 4
    assert again is None
    assert (renewed.start_date, renewed.end_date) == (dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert renewed.status == Status.RUNNING


def test_the_nightly_chain_leaves_another_tenant_untouched(
    network_a, network_b, kpis_a, kpis_b, zone_a
):
    launch(network_a, [kpis_a.sales])
    other = launch(network_b, [kpis_b.sales])
    nightly_chain_run(tenant=network_a.tenant)
    with tenant_scope(network_b.tenant):
        other.refresh_from_db()
        assert other.status == Status.RUNNING
        assert not ChallengeStanding.objects.filter(challenge=other).exists()


def test_a_winning_point_of_sale_is_invited_once_to_tell_how_it_won(
    network_a, kpis_a, zone_a, django_capture_on_commit_callbacks
):
    """Seed 003: the winner's manager gets a prefilled draft in their zone's community, which
    nobody else sees until they publish it; closing again invites nobody twice."""
    with tenant_scope(network_a.tenant):
        community_memberships_sync(tenant=network_a.tenant)
    challenge = launch(network_a, [kpis_a.sales], rewards={**REWARDS, "winner_count": 4})
    with tenant_scope(network_a.tenant), django_capture_on_commit_callbacks(execute=True):
        challenge_close(tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1))
        challenge.status = Status.RUNNING  # a second close (a rerun) claims nothing
        challenge_close(tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1))
        drafts = list(Thread.objects.filter(is_draft=True).select_related("author"))
        invitations = Notification.objects.filter(kind="community.best_practice_invitation")
        assert invitations.count() == 1  # only the fixture's point of sale has a manager
        linked = set(PostKpi.objects.values_list("kpi_id", flat=True))
    assert [draft.author for draft in drafts] == [network_a.members[Role.POS_MANAGER]]
    assert challenge.name in drafts[0].title
    assert linked == {kpis_a.sales.pk}
