"""The recognition feed of a zone (a region, the network) lists the certifications its people
obtained beside the challenges' rewards, latest first (issue 15, item 5); the panel is read from
the cache until someone is certified, and not rendered again each time a module is started."""

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from challenges.recognition import recognitions
from challenges.services import challenge_close
from microlearning.cache import CERTIFICATIONS
from microlearning.services import CertificationData, certification_save, progress_start
from network_animation.data_versions import tenant_version
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..microlearning.factories import (
    make_assessment,
    make_competence,
    make_module,
    make_scale,
    take,
    text,
)
from .factories import launch

pytestmark = pytest.mark.django_db
REWARDS = {"winner_count": 1, "winner_points": 100, "threshold": 0.9, "threshold_points": 20}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def certification_for(network, name="Vendeur confirmé", role=Role.POS_STAFF):
    """A certification of one competence at the proficient level, and its assessment."""
    levels = make_scale(network)
    vente = make_competence(network, "Vente")
    assessment = make_assessment(network, [vente])
    with tenant_scope(network.tenant), TestCase.captureOnCommitCallbacks(execute=True):
        certification_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            data=CertificationData(name_fr=name, role=role, requirements=[(vente, levels[1])]),
        )
    return assessment


def zone_page(network, role=Role.ANIMATOR) -> str:
    url = reverse("zone", args=[network.tenant.slug, network.zone.pk])
    answer = network.client(role).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_zone_feed_shows_who_was_certified_beside_the_rewards(
    network_a, kpis_a, zone_a, committed
):
    challenge = launch(network_a, [kpis_a.sales], rewards=REWARDS, name="March sprint")
    with tenant_scope(network_a.tenant):
        challenge_close(tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1))
    assessment = certification_for(network_a)
    committed(lambda: take(network_a, assessment))
    dealer = network_a.members[Role.POS_STAFF]
    page = zone_page(network_a)
    feed = page[page.index("Recognition") :]
    certified = (
        f"{dealer.user} ({network_a.point_of_sale.name}) is certified “Vendeur confirmé” since "
    )
    assert certified in feed
    assert "earns 100 points in “March sprint”" in feed
    assert feed.index(certified) < feed.index("earns 100 points")  # the latest first
    assert "Recently certified" not in page  # one feed, not a panel of its own


def test_the_feed_lists_a_scopes_people_only_and_valid_certifications(network_a, network_b):
    assessment = certification_for(network_a, role="")
    take(network_a, assessment, role=Role.POS_STAFF)
    take(network_a, assessment, role=Role.ANIMATOR)  # no point of sale: no line in any feed
    other = certification_for(network_b)
    take(network_b, other)
    today = timezone.localdate()
    with tenant_scope(network_a.tenant):
        zone = recognitions(tenant=network_a.tenant, on=today, zone=network_a.zone)
        other_zone = recognitions(tenant=network_a.tenant, on=today, zone=network_a.other_zone)
        region = recognitions(tenant=network_a.tenant, on=today, region=network_a.region)
        network = recognitions(tenant=network_a.tenant, on=today)
        award = zone[0].certification
        expired = recognitions(tenant=network_a.tenant, on=award.expires_on, zone=network_a.zone)
    staff = network_a.members[Role.POS_STAFF].pk
    assert [line.certification.membership_id for line in zone] == [staff]
    assert other_zone == []
    assert [line.certification.membership_id for line in region] == [staff]
    assert [line.certification.membership_id for line in network] == [staff]
    assert expired == []


def test_a_new_certification_renews_the_cached_feed_and_a_module_started_does_not(
    network_a, committed
):
    assessment = certification_for(network_a)
    module = make_module(network_a, [text()])
    assert "is certified" not in zone_page(network_a)  # rendered, and cached
    version = tenant_version(CERTIFICATIONS, network_a.tenant.pk)
    with tenant_scope(network_a.tenant):
        committed(
            lambda: progress_start(
                tenant=network_a.tenant, actor=network_a.members[Role.POS_STAFF], module=module
            )
        )
    assert tenant_version(CERTIFICATIONS, network_a.tenant.pk) == version
    committed(lambda: take(network_a, assessment))
    assert tenant_version(CERTIFICATIONS, network_a.tenant.pk) != version
    assert "is certified “Vendeur confirmé”" in zone_page(network_a)


def test_the_zones_recognition_page_lists_every_valid_certification_of_its_people(
    network_a, network_b
):
    assessment = certification_for(network_a)
    take(network_a, assessment)
    foreign = certification_for(network_b, name="Vendeur B")
    take(network_b, foreign)
    url = reverse("challenges:zone_recognition", args=[network_a.tenant.slug, network_a.zone.pk])
    page = network_a.client(Role.ANIMATOR).get(url).content.decode()
    table = page[page.index("Certifications obtained") :]
    dealer = network_a.members[Role.POS_STAFF]
    assert "Vendeur confirmé" in table
    assert str(dealer.user) in table
    assert network_a.point_of_sale.name in table
    assert "Vendeur B" not in page
    other_zone = reverse(
        "challenges:zone_recognition", args=[network_a.tenant.slug, network_a.other_zone.pk]
    )
    assert "No certification yet." in network_a.client(Role.HEAD_OFFICE).get(other_zone).text
