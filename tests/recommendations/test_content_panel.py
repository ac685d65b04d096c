"""The dealer's page shows the content recommended for its off-target KPIs, with the reason and
a link, only what the reader may open, nothing for a held-out point of sale, never another
tenant's; in a bounded number of queries, hostile titles rendered harmlessly."""

import pytest
from django.urls import reverse
from django.utils import timezone

from microlearning.models import Module
from network_animation.jobs import tracked_job
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from recommendations.holdout import quarter_start
from recommendations.models import HoldoutPoint, HoldoutQuarter
from recommendations.services import recommendations_nightly_step

from ..harmless import dangers
from ..microlearning.test_xss import PAYLOADS
from ..network_animation.test_isolation import CANARY
from .conftest import build_diagnosed
from .content_setup import build_helped

pytestmark = pytest.mark.django_db

TITLE = 'id="recommended-content-title"'


def _nightly(tenant) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)


def _dealer_page(helped, role=Role.POS_MANAGER) -> str:
    network = helped.diagnosed.network
    url = reverse("point_of_sale", args=[network.tenant.slug, helped.diagnosed.a_little_off.pk])
    answer = network.client(role).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    return answer.content.decode()


@pytest.fixture
def helped(diagnosed, committed):
    found = build_helped(diagnosed, title="Selling accessories")
    committed(lambda: _nightly(diagnosed.network.tenant))
    return found


def test_the_dealer_sees_the_module_with_its_reason_and_link(helped):
    page = _dealer_page(helped)
    assert TITLE in page
    assert "Recommended for you" in page
    network = helped.diagnosed.network
    link = reverse("microlearning:module", args=[network.tenant.slug, helped.module.pk])
    assert f'<a href="{link}">Selling accessories</a>' in page
    assert "Points of sale like yours (dealer, size S) did 17% better on Sales" in page
    assert "5 of them did it" in page


def test_the_animator_reads_it_for_this_point_of_sale(helped):
    page = _dealer_page(helped, Role.ANIMATOR)
    assert "Recommended for this point of sale" in page
    assert "Selling accessories" in page


def test_a_module_the_reader_may_not_open_is_not_shown(helped):
    network = helped.diagnosed.network
    with tenant_scope(network.tenant):  # now a module of the other zone's animator
        Module.objects.filter(pk=helped.module.pk).update(zone=network.other_zone)
    assert TITLE not in _dealer_page(helped)
    assert "Selling accessories" not in _dealer_page(helped, Role.ANIMATOR)
    assert "Selling accessories" in _dealer_page(helped, Role.HEAD_OFFICE)


def test_an_archived_module_is_not_shown(helped):
    network = helped.diagnosed.network
    with tenant_scope(network.tenant):
        Module.objects.filter(pk=helped.module.pk).update(status=Module.Status.ARCHIVED)
    assert TITLE not in _dealer_page(helped)


def test_a_held_out_point_of_sale_sees_no_recommendation(helped):
    """Drawn after the night wrote its rows (a new quarter): the page still shows nothing."""
    network, point = helped.diagnosed.network, helped.diagnosed.a_little_off
    with tenant_scope(network.tenant):
        quarter = HoldoutQuarter.objects.get(
            tenant=network.tenant, quarter_start=quarter_start(timezone.localdate())
        )
        HoldoutPoint.objects.create(
            tenant=network.tenant,
            quarter=quarter,
            point_of_sale=point,
            zone_id_drawn=point.zone_id,
            size_class_drawn=point.size_class,
        )
    for role in (Role.POS_MANAGER, Role.ANIMATOR, Role.HEAD_OFFICE):
        page = _dealer_page(helped, role)
        assert TITLE not in page
        assert "Selling accessories" not in page
    assert "Your peers" in _dealer_page(helped)  # diagnostics are still shown


def test_nothing_is_rendered_when_nothing_is_recommended(diagnosed, committed):
    committed(lambda: _nightly(diagnosed.network.tenant))
    network = diagnosed.network
    url = reverse("point_of_sale", args=[network.tenant.slug, diagnosed.a_little_off.pk])
    page = network.client(Role.POS_MANAGER).get(url).content.decode()
    assert TITLE not in page


def test_the_page_costs_a_bounded_number_of_queries(helped, django_assert_max_num_queries):
    network = helped.diagnosed.network
    url = reverse("point_of_sale", args=[network.tenant.slug, helped.diagnosed.a_little_off.pk])
    dealer = network.client(Role.POS_MANAGER)
    with django_assert_max_num_queries(42):  # every app's panels; ours: 2 queries
        assert TITLE in dealer.get(url).content.decode()
    with django_assert_max_num_queries(9):  # seen again: the panels' HTML from the cache
        assert TITLE in dealer.get(url).content.decode()


def test_the_panel_reads_a_fixed_number_of_queries(helped, django_assert_max_num_queries):
    from django.test import RequestFactory

    from recommendations.panels import content_panel

    network = helped.diagnosed.network
    request = RequestFactory().get("/")
    request.tenant = network.tenant
    request.membership = network.members[Role.ANIMATOR]
    # The recommendations, what the reader dismissed here, their zones, the modules among them
    # they may open.
    with tenant_scope(network.tenant), django_assert_max_num_queries(4):
        assert len(content_panel(request, helped.diagnosed.a_little_off)["rows"]) == 1


def test_no_other_tenants_content_is_shown(helped, network_b, committed):
    other = build_diagnosed(network_b)
    build_helped(other, title=f"Module {CANARY}")
    committed(lambda: _nightly(network_b.tenant))
    for role in (Role.POS_MANAGER, Role.ANIMATOR, Role.HEAD_OFFICE):
        assert CANARY not in _dealer_page(helped, role)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_module_title_is_rendered_harmlessly(diagnosed, committed, payload):
    helped = build_helped(diagnosed, title=payload)
    committed(lambda: _nightly(diagnosed.network.tenant))
    page = _dealer_page(helped)
    assert TITLE in page
    assert dangers(page) == []


def test_the_reason_is_read_in_the_readers_language(helped):
    network = helped.diagnosed.network
    url = reverse("point_of_sale", args=[network.tenant.slug, helped.diagnosed.a_little_off.pk])
    answer = network.client(Role.POS_MANAGER).get(url, HTTP_ACCEPT_LANGUAGE="fr")
    page = answer.content.decode()
    assert TITLE in page
    assert "Les points de vente comme le vôtre (concession, taille S) ont fait 17" in page
    assert "5 d’entre eux l’ont suivi" in page
