"""challenges/views: the launch steps, permissions, pages, exports, CSRF and isolation."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, Status
from challenges.services import challenge_standings_refresh
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..walk import tenant_routes
from .factories import challenge_walk_objects, launch
from .units_factories import unit_walk_objects
from .visits_factories import visit_walk_objects

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(network, name, *args):
    return reverse(name, args=[network.tenant.slug, *args])


def steps(kpi, zone_points=None, **last):
    today = timezone.localdate()
    one = {
        "step": "1",
        "name": "Sprint de mars",
        "participant_kind": "point_of_sale",
        "scoring_rule": "achievement",
        "tie_break": "heaviest_kpi",
        "kpi_1": kpi.pk,
        "weight_1": "2",
    }
    two = {
        **one,
        "step": "2",
        "start": today.isoformat(),
        "end": (today + dt.timedelta(days=20)).isoformat(),
        "target_1": "12",
    }
    if zone_points is not None:
        two["points_of_sale"] = zone_points
    three = {
        **two,
        "step": "3",
        "winner_count": "3",
        "winner_points": "100",
        "threshold_points": "0",
        **last,
    }
    return one, two, three


def test_an_animator_launches_a_challenge_in_three_htmx_steps(network_a, kpis_a):
    client = network_a.client(Role.ANIMATOR)
    launch_url = url(network_a, "challenges:launch_zone", network_a.zone.pk)
    first = client.get(launch_url, **HTMX)
    assert first.status_code == 200
    assert b"<html" not in first.content
    one, two, three = steps(kpis_a.sales)
    assert 'name="start"' in client.post(launch_url, one, **HTMX).content.decode()
    assert 'name="winner_count"' in client.post(launch_url, two, **HTMX).content.decode()
    done = client.post(launch_url, {**three, "launch": "1"}, **HTMX)
    with tenant_scope(network_a.tenant):
        challenge = Challenge.objects.get()
    assert challenge.status == Status.RUNNING
    assert challenge.zone == network_a.zone
    assert "est lancé" in done.content.decode()


def test_a_step_with_errors_is_shown_again(network_a, kpis_a):
    client = network_a.client(Role.ANIMATOR)
    one, _, _ = steps(kpis_a.sales)
    answer = client.post(
        url(network_a, "challenges:launch_zone", network_a.zone.pk), {**one, "name": ""}, **HTMX
    )
    assert 'value="1"' in answer.content.decode()
    assert "field__error" in answer.content.decode()


def test_another_zones_points_of_sale_cannot_be_enrolled(network_a, kpis_a):
    client = network_a.client(Role.ANIMATOR)
    _, _, three = steps(kpis_a.sales, zone_points=[network_a.other_point_of_sale.pk])
    client.post(url(network_a, "challenges:launch_zone", network_a.zone.pk), three, **HTMX)
    with tenant_scope(network_a.tenant):
        assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        (Role.ANIMATOR, "other_zone", 403),
        (Role.ANIMATOR, "zone", 200),
        (Role.REGIONAL_DIRECTOR, "region", 200),
        (Role.ANIMATOR, "region", 403),
        (Role.POS_MANAGER, "zone", 403),
        (Role.HEAD_OFFICE, "network", 200),
        (Role.REGIONAL_DIRECTOR, "network", 403),
    ],
)
def test_each_role_launches_only_within_its_scope(network_a, kpis_a, role, target, status):
    names = {
        "zone": ("challenges:launch_zone", network_a.zone.pk),
        "other_zone": ("challenges:launch_zone", network_a.other_zone.pk),
        "region": ("challenges:launch_region", network_a.region.pk),
        "network": ("challenges:launch_network",),
    }
    name, *args = names[target]
    assert network_a.client(role).get(url(network_a, name, *args)).status_code == status


def test_a_dealer_sees_the_challenge_and_their_rank(network_a, kpis_a, zone_a):
    challenge = launch(network_a, [kpis_a.sales])
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
    page = network_a.client(Role.POS_STAFF).get(
        url(network_a, "point_of_sale", network_a.point_of_sale.pk)
    )
    body = page.content.decode()
    assert "Sprint" in body
    assert "2<sup>e</sup> sur 4" in body
    assert "Medium" in body
    assert "Small" in body


def test_the_leaderboard_downloads_without_formulas(network_a, kpis_a, zone_a):
    zone_a.points[1].name = "=HYPERLINK(evil)"
    with tenant_scope(network_a.tenant):
        zone_a.points[1].save()
    challenge = launch(network_a, [kpis_a.sales])
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
    client = network_a.client(Role.ANIMATOR)
    csv = client.get(url(network_a, "challenges:detail", challenge.pk) + "?format=csv")
    assert "'=HYPERLINK(evil)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url(network_a, "challenges:detail", challenge.pk) + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_launch_without_the_csrf_token_is_refused(network_a, kpis_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(network_a.members[Role.ANIMATOR].user)
    one, _, _ = steps(kpis_a.sales)
    launch_url = url(network_a, "challenges:launch_zone", network_a.zone.pk)
    assert client.post(launch_url, one, **HTMX).status_code == 403
    client.get(launch_url)
    token = client.cookies["csrftoken"].value
    assert client.post(launch_url, one, HTTP_X_CSRFTOKEN=token, **HTMX).status_code == 200


def test_only_head_office_edits_label_grids(network_a, kpis_a):
    objects = challenge_walk_objects(network_a)
    grid_url = url(network_a, "challenges:label_grid", objects["label_grid_id"])
    assert network_a.client(Role.ANIMATOR).get(grid_url).status_code == 403
    head_office = network_a.client(Role.HEAD_OFFICE)
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-level": "2",
        "form-0-kpi": kpis_a.sales.pk,
        "form-0-measure": "achievement",
        "form-0-threshold": "95",
    }
    assert head_office.post(grid_url, form).status_code == 302
    with tenant_scope(network_a.tenant):
        from challenges.models import LabelCriterion

        criterion = LabelCriterion.objects.get(grid_id=objects["label_grid_id"])
    assert criterion.threshold == pytest.approx(0.95)


def test_no_challenge_page_of_a_shows_b(network_a, network_b, kpis_a):
    objects = {
        **challenge_walk_objects(network_a),
        **unit_walk_objects(network_a),
        **visit_walk_objects(network_a),
    }
    challenge_walk_objects(network_b)
    unit_walk_objects(network_b)
    visit_walk_objects(network_b)
    params = {
        "zone_id": network_a.zone.pk,
        "region_id": network_a.region.pk,
        "point_of_sale_id": network_a.point_of_sale.pk,
        "membership_id": network_a.members[Role.POS_STAFF].pk,
        **objects,
    }
    for role in Role.values:
        client = network_a.client(role)
        for route in tenant_routes():
            if not route.name.startswith("challenges:"):
                continue
            kwargs = {p: params[p] for p in route.params if p != "tenant_slug"}
            answer = client.get(
                reverse(route.name, kwargs={"tenant_slug": network_a.tenant.slug, **kwargs})
            )
            assert answer.status_code in (200, 302, 403, 405), (role, route.name)
            content = (
                b"".join(answer.streaming_content) if answer.streaming else answer.content
            )  # a visit's photo is streamed
            assert b"CANARY" not in content, (role, route.name)


def test_the_animator_follows_the_zones_challenges_with_their_results(
    network_a, network_b, kpis_a, zone_a
):
    march = launch(network_a, [kpis_a.sales], name="Sprint de mars")
    april = dt.date(2025, 4, 2)
    spring = {"start": dt.date(2025, 4, 1), "end": dt.date(2025, 4, 30), "today": april}
    launch(network_a, [kpis_a.sales], name="Sprint d'avril", **spring)
    may = {"start": dt.date(2025, 5, 1), "end": dt.date(2025, 5, 31), "today": april}
    launch(network_a, [kpis_a.sales], name="Sprint de mai", **may)
    launch(network_a, [kpis_a.sales], name="Idée", draft=True, **may)
    other = challenge_walk_objects(network_b)["challenge_id"]
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(tenant=network_a.tenant, challenge=march, today=april)
        Challenge.objects.filter(pk=march.pk).update(status=Status.CLOSED)
    page = network_a.client(Role.ANIMATOR).get(
        url(network_a, "challenges:zone_challenges", network_a.zone.pk)
    )
    listing = page.context["listing"]
    names = {
        group: [board.challenge.name for board in getattr(listing, group)]
        for group in ("running", "scheduled", "drafts", "past")
    }
    assert names == {
        "running": ["Sprint d'avril"],
        "scheduled": ["Sprint de mai"],
        "drafts": ["Idée"],
        "past": ["Sprint de mars"],
    }
    # The past challenge's results: its podium, best first (Medium made 110 % of its target).
    [past] = listing.past
    assert past.rows[0].point_of_sale.name == "Medium"
    body = page.content.decode()
    assert "Medium" in body
    assert f'data-challenge="{other}"' not in body
    # A dealer of the zone follows the same list, without the drafts.
    dealer = network_a.client(Role.POS_STAFF).get(
        url(network_a, "challenges:zone_challenges", network_a.zone.pk)
    )
    assert dealer.context["listing"].drafts == []


def test_the_zones_challenges_stay_within_their_viewers(network_a, kpis_a):
    launch(network_a, [kpis_a.sales])
    other_zone = url(network_a, "challenges:zone_challenges", network_a.other_zone.pk)
    assert network_a.client(Role.ANIMATOR).get(other_zone).status_code == 403
    assert network_a.client(Role.HEAD_OFFICE).get(other_zone).status_code == 200
