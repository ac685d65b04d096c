"""Challenge panels are rendered once and read from the cache until what they show changes:
every write path of challenges, standings, rewards, notifications and labels gives the tenant's
challenges a new version, and a panel is never served to someone it was not rendered for."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.cache import CHALLENGES
from challenges.models import LabelLevel, Measure, ScoringRule
from challenges.services import (
    CriterionSpec,
    challenge_close,
    challenge_publish,
    challenge_scoring_change,
    challenge_standings_refresh,
    challenges_start_due,
    label_grid_save,
    labels_evaluate,
)
from network_animation.data_versions import tenant_version
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .conftest import add_facts
from .factories import launch

pytestmark = pytest.mark.django_db


def challenges_version(tenant) -> str:
    return tenant_version(CHALLENGES, tenant.pk)


APRIL = dt.date(2025, 4, 1)


def page(network, role=Role.POS_STAFF) -> str:
    url = reverse("point_of_sale", args=[network.tenant.slug, network.point_of_sale.pk])
    answer = network.client(role).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def test_every_write_path_gives_a_new_version(network_a, kpis_a, zone_a, committed):
    tenant = network_a.tenant
    seen = [challenges_version(tenant)]

    def changes(write) -> None:
        with tenant_scope(tenant):
            committed(write)
            seen.append(challenges_version(tenant))
        assert seen[-1] != seen[-2], write

    draft = committed(
        lambda: launch(network_a, [kpis_a.sales], draft=True, start=APRIL, end=dt.date(2025, 4, 30))
    )
    seen.append(challenges_version(tenant))
    changes(
        lambda: challenge_scoring_change(
            tenant=tenant,
            challenge=draft,
            scoring_rule=ScoringRule.ABSOLUTE,
            tie_break="shared",
            weights={kpis_a.sales.pk: 2},
        )
    )
    changes(lambda: challenge_publish(tenant=tenant, challenge=draft, today=dt.date(2025, 3, 20)))
    changes(lambda: challenges_start_due(tenant=tenant, today=APRIL))
    running = committed(lambda: launch(network_a, [kpis_a.sales], name="March"))
    seen.append(challenges_version(tenant))
    changes(
        lambda: challenge_standings_refresh(
            tenant=tenant, challenge=running, today=dt.date(2025, 3, 31)
        )
    )
    changes(lambda: challenge_close(tenant=tenant, challenge=running, today=APRIL))
    changes(
        lambda: label_grid_save(
            tenant=tenant,
            actor=None,
            year=2025,
            criteria=[CriterionSpec(LabelLevel.BRONZE, kpis_a.sales, Measure.VALUE, 1.0)],
        )
    )
    changes(lambda: labels_evaluate(tenant=tenant, year=2025))


def test_the_dealer_reads_the_panel_from_the_cache_until_the_standings_change(
    network_a, kpis_a, zone_a, committed
):
    challenge = committed(
        lambda: launch(network_a, [kpis_a.sales], name="March", scoring_rule=ScoringRule.ABSOLUTE)
    )
    with tenant_scope(network_a.tenant):
        committed(
            lambda: challenge_standings_refresh(
                tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 3, 31)
            )
        )
    assert "3<sup>e</sup> sur 4" in page(network_a)  # 60 sold: behind 400 and 110
    with CaptureQueriesContext(connection) as cold:
        page(network_a)
    assert not any("challenges_challengestanding" in q["sql"] for q in cold.captured_queries)

    add_facts(kpis_a.sales, network_a.point_of_sale, {dt.date(2025, 3, 30): 500})
    with tenant_scope(network_a.tenant):
        committed(
            lambda: challenge_standings_refresh(
                tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 3, 31)
            )
        )
    assert "1<sup>er</sup> sur 4" in page(network_a)


def test_a_dealer_panel_is_never_served_to_another_person(network_a, kpis_a, zone_a, committed):
    """In a challenge between people, each one's panel says where they stand themselves."""
    manager, staff = network_a.members["pos_manager"], network_a.members["pos_staff"]
    add_facts(kpis_a.leads, network_a.point_of_sale, {dt.date(2025, 3, 3): 4}, person=manager)
    add_facts(kpis_a.leads, network_a.point_of_sale, {dt.date(2025, 3, 3): 9}, person=staff)
    challenge = launch(
        network_a, [kpis_a.leads], participant_kind="person", scoring_rule=ScoringRule.ABSOLUTE
    )
    with tenant_scope(network_a.tenant):
        committed(
            lambda: challenge_standings_refresh(
                tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 3, 31)
            )
        )
    manager_page, staff_page = page(network_a, Role.POS_MANAGER), page(network_a, Role.POS_STAFF)
    assert "2<sup>e</sup> sur 2" in manager_page
    assert "1<sup>er</sup> sur 2" in staff_page
    assert "1<sup>er</sup> sur 2" not in manager_page


def test_the_zone_panel_keeps_drafts_and_the_launch_button_to_those_who_may_launch(
    network_a, kpis_a, zone_a
):
    launch(network_a, [kpis_a.sales], name="Draft sprint", draft=True)
    url = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    launch_url = reverse("challenges:launch_zone", args=[network_a.tenant.slug, network_a.zone.pk])
    animator = network_a.client(Role.ANIMATOR).get(url).content.decode()
    coach = network_a.client(Role.COACH).get(url).content.decode()  # sees every zone, launches none
    assert launch_url in animator
    assert "Draft sprint" in animator
    assert launch_url not in coach
    assert "Draft sprint" not in coach
