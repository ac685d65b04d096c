"""A challenge's scoring changes until it starts, and never after (issue: life cycle)."""

import pytest
from django.urls import reverse

from challenges.models import ChallengeKpi, ScoringRule, Status, TieBreak
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from tests.factories import MembershipFactory, ZoneFactory

from .factories import launch

pytestmark = pytest.mark.django_db


def scoring_url(network, challenge):
    return reverse("challenges:scoring", args=[network.tenant.slug, challenge.pk])


def test_the_animator_changes_the_scoring_of_a_draft(network_a, kpis_a):
    challenge = launch(network_a, [kpis_a.sales, kpis_a.leads], draft=True)
    answer = network_a.client(Role.ANIMATOR).post(
        scoring_url(network_a, challenge),
        {
            "scoring_rule": ScoringRule.ABSOLUTE,
            "tie_break": TieBreak.SHARED,
            f"weight_{kpis_a.sales.pk}": 3,
            f"weight_{kpis_a.leads.pk}": 1,
        },
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        challenge.refresh_from_db()
        weights = dict(
            ChallengeKpi.objects.filter(challenge=challenge).values_list("kpi_id", "weight")
        )
    assert (challenge.scoring_rule, challenge.tie_break) == (ScoringRule.ABSOLUTE, TieBreak.SHARED)
    assert weights == {kpis_a.sales.pk: 3, kpis_a.leads.pk: 1}


def test_a_running_challenge_keeps_its_scoring(network_a, kpis_a):
    challenge = launch(network_a, [kpis_a.sales])
    assert challenge.status == Status.RUNNING
    answer = network_a.client(Role.ANIMATOR).post(
        scoring_url(network_a, challenge),
        {
            "scoring_rule": ScoringRule.ABSOLUTE,
            "tie_break": TieBreak.SHARED,
            f"weight_{kpis_a.sales.pk}": 2,
        },
    )
    assert answer.status_code == 400
    with tenant_scope(network_a.tenant):
        challenge.refresh_from_db()
    assert challenge.scoring_rule != ScoringRule.ABSOLUTE


def test_an_animator_of_another_zone_cannot_change_it(network_a, kpis_a):
    challenge = launch(network_a, [kpis_a.sales], draft=True)
    elsewhere = MembershipFactory(
        tenant=network_a.tenant, role=Role.ANIMATOR, zones=[ZoneFactory(region=network_a.region)]
    )
    from django.test import Client

    client = Client()
    client.force_login(elsewhere.user)
    assert client.get(scoring_url(network_a, challenge)).status_code == 403
    assert (
        network_a.client(Role.POS_MANAGER).get(scoring_url(network_a, challenge)).status_code == 403
    )
