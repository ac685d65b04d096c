"""Best practices, lesson sheets and library documents as content: a first read by someone of a
point of sale is an exposure; the nightly step ranks them beside the modules, and the dealer's
page and the API show them with their kind and link, to those who may open them."""

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from communities.models import FirstRead
from communities.services import first_read_record, post_best_practice_set
from kpis.models import KpiDefinition, KpiRollup
from network_animation.jobs import tracked_job
from network_animation.models import Role
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope
from recommendations.content import exposures_frame, items_frame
from recommendations.models import ContentRecommendation, HoldoutSettings
from recommendations.services import recommendations_nightly_step

from ..communities.conftest import start, sync
from ..factories import MembershipFactory, UserFactory
from .content_setup import DONE_ON, ROSE_FROM

pytestmark = pytest.mark.django_db

TITLE = "Le samedi des essais"


def _nightly(tenant) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)


@pytest.fixture
def practiced(diagnosed, committed):
    """A best practice on sales, first read in June 2025 by the staff of five steady dealers
    whose sales then rose by a fifth."""
    network = diagnosed.network
    communities = sync(network)
    thread = start(network, communities.region, role=Role.ANIMATOR, title=TITLE)
    learners = diagnosed.dealers[4:9]
    with tenant_scope(network.tenant):
        HoldoutSettings.objects.create(tenant=network.tenant, share_percent=0)
        sales = KpiDefinition.objects.get(code="sales")
        post = thread.posts.get()
        post_best_practice_set(
            tenant=network.tenant, actor=network.members[Role.ANIMATOR], post=post, kpis=[sales]
        )
        for point in learners:
            reader = MembershipFactory(
                tenant=network.tenant, role=Role.POS_STAFF, point_of_sale=point, user=UserFactory()
            )
            first_read_record(tenant=network.tenant, actor=reader, thread=thread)
        FirstRead.objects.filter(tenant=network.tenant).update(read_at=DONE_ON)
        KpiRollup.objects.filter(
            scope_id__in=[point.pk for point in learners], period_start__gte=ROSE_FROM
        ).update(value=F("value") * 1.2, numerator=F("numerator") * 1.2)
    committed(lambda: _nightly(network.tenant))
    return diagnosed, post


def test_a_first_read_of_a_best_practice_is_an_exposure(practiced):
    diagnosed, post = practiced
    tenant = diagnosed.network.tenant
    with tenant_scope(tenant):
        items = items_frame(tenant=tenant).set_index("item")
        exposures = exposures_frame(tenant=tenant)
    key = f"best_practice:{post.pk}"
    assert items.loc[key, "kind"] == "best_practice"
    mine = exposures[exposures["item"] == key]
    assert sorted(mine["point_of_sale"]) == sorted(point.pk for point in diagnosed.dealers[4:9])


def test_the_dealer_is_recommended_the_best_practice_with_its_link(practiced):
    diagnosed, post = practiced
    network = diagnosed.network
    with tenant_scope(network.tenant):
        stored = ContentRecommendation.objects.filter(
            tenant=network.tenant, point_of_sale=diagnosed.a_little_off, item_kind="best_practice"
        ).get()
    assert stored.item_id == post.pk
    assert "after this best practice; 5 of them applied it" in stored.reason_en
    url = reverse("point_of_sale", args=[network.tenant.slug, diagnosed.a_little_off.pk])
    page = network.client(Role.POS_MANAGER).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = reverse("communities:thread", args=[network.tenant.slug, post.thread_id])
    assert f'<a href="{link}#post-{post.pk}">{TITLE}</a>' in page
    assert 'data-kind="best_practice">best practice, for Sales' in page


def test_the_api_lists_it_with_its_kind(practiced):
    diagnosed, post = practiced
    network = diagnosed.network
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="BI")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = (
        reverse("api:recommendations-content-list")
        + f"?point_of_sale={diagnosed.a_little_off.code}"
    )
    rows = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    practice = [row for row in rows if row["kind"] == "best_practice"]
    assert [(row["item_id"], row["title"]) for row in practice] == [(post.pk, TITLE)]
