"""challenges/selectors.py: every read takes its tenant; another tenant's challenges, grids
and rewards are invisible to it (the same answer as a missing one)."""

import pytest
from django.http import Http404

from challenges import selectors
from network_animation.tenancy import tenant_scope

from .factories import challenge_walk_objects, launch

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(network_a, network_b) -> dict[int, dict[str, int]]:
    return {n.tenant.pk: challenge_walk_objects(n) for n in (network_a, network_b)}


@pytest.mark.parametrize(
    ("getter", "kind"),
    [("challenge_get", "challenge_id"), ("label_grid_get", "label_grid_id")],
)
def test_a_fetch_by_id_answers_another_tenants_row_as_a_missing_one(
    network_a, network_b, both, getter, kind
):
    fetch = getattr(selectors, getter)
    with tenant_scope(network_a.tenant):
        own = both[network_a.tenant.pk][kind]
        assert fetch(tenant=network_a.tenant, id=own).pk == own
        with pytest.raises(Http404):
            fetch(tenant=network_a.tenant, id=both[network_b.tenant.pk][kind])


def test_lists_hold_the_tenants_own_rows(network_a, network_b, both):
    tenant = network_a.tenant
    with tenant_scope(tenant):
        challenges = list(selectors.challenge_list(tenant=tenant))
        grids = list(selectors.label_grid_list(tenant=tenant))
        scope = list(selectors.challenge_list_for_scope(tenant=tenant, zone=network_a.zone))
    assert [c.pk for c in challenges] == [both[tenant.pk]["challenge_id"]]
    assert [g.pk for g in grids] == [both[tenant.pk]["label_grid_id"]]
    assert scope == challenges


def test_a_zones_challenges_are_its_own_its_regions_and_the_networks(network_a, kpis_a):
    own = launch(network_a, [kpis_a.sales], name="Zone")
    regional = launch(network_a, [kpis_a.sales], name="Region", zone=None, region=network_a.region)
    elsewhere = launch(network_a, [kpis_a.sales], name="Other zone", zone=network_a.other_zone)
    with tenant_scope(network_a.tenant):
        found = set(
            selectors.challenge_list_for_scope(tenant=network_a.tenant, zone=network_a.zone)
        )
    assert found == {own, regional}
    assert elsewhere not in found


def test_a_point_of_sale_without_rewards_has_no_points(network_a, network_b, both):
    with tenant_scope(network_a.tenant):
        total = selectors.points_total(
            tenant=network_a.tenant, point_of_sale=network_a.point_of_sale
        )
        rewards = list(
            selectors.rewards_of_point_of_sale(
                tenant=network_a.tenant, point_of_sale=network_a.point_of_sale
            )
        )
    assert (total, rewards) == (0, [])
