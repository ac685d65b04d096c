"""Certifications: granted when the latest levels reach every requirement (for the role),
shown to the person and on their zone's page, valid for the period, then expired until the
assessment is passed again; `certified_people` answers who holds one on a day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from microlearning.models import CertificationAward
from microlearning.planning import Reached, add_months, certification_period
from microlearning.selectors.plans import certified_people
from microlearning.services import CertificationData, certification_save
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import make_assessment, make_competence, make_scale, take

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """These pages are read in English here (French is the default; tests/test_translations.py
    checks that every string has its French)."""
    settings.LANGUAGE_CODE = "en"


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


@pytest.fixture
def setup(network_a):
    levels = make_scale(network_a)
    vente = make_competence(network_a, "Vente")
    relation = make_competence(network_a, "Relation client")
    assessment = make_assessment(network_a, [vente, relation])
    with tenant_scope(network_a.tenant):
        certification = certification_save(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            data=CertificationData(
                name_fr="Vendeur confirmé",
                role=Role.POS_STAFF,
                validity_months=12,
                requirements=[(vente, levels[2]), (relation, levels[1])],
            ),
        ).certification
    return {
        "levels": levels,
        "vente": vente,
        "relation": relation,
        "assessment": assessment,
        "certification": certification,
    }


def holders(network, certification, on) -> set[int]:
    with tenant_scope(network.tenant):
        return set(
            certified_people(tenant=network.tenant, certification=certification, on=on).values_list(
                "pk", flat=True
            )
        )


def test_certified_when_the_levels_are_reached(network_a, setup):
    dealer = network_a.members[Role.POS_STAFF]
    today = timezone.localdate()
    # "Vente" needs Expert (85 %): one of two right is not enough.
    take(
        network_a,
        setup["assessment"],
        right=lambda q: q.competence_id == setup["relation"].pk or q.position == 0,
    )
    assert holders(network_a, setup["certification"], today) == set()
    take(network_a, setup["assessment"])
    assert holders(network_a, setup["certification"], today) == {dealer.pk}
    with tenant_scope(network_a.tenant):
        award = CertificationAward.objects.get()
    assert (award.granted_on, award.expires_on) == (today, add_months(today, 12))


def test_the_certification_expires_after_its_validity(network_a, setup):
    take(network_a, setup["assessment"])
    today = timezone.localdate()
    dealer = network_a.members[Role.POS_STAFF]
    assert holders(
        network_a, setup["certification"], add_months(today, 12) - dt.timedelta(days=1)
    ) == {dealer.pk}
    assert holders(network_a, setup["certification"], add_months(today, 12)) == set()
    assert holders(network_a, setup["certification"], today - dt.timedelta(days=1)) == set()


def test_head_office_sees_how_many_hold_it(network_a, setup):
    take(network_a, setup["assessment"])
    page = network_a.client().get(url(network_a, "framework")).content.decode()
    assert "1 person certified" in page


def test_only_for_its_role(network_a, setup):
    take(network_a, setup["assessment"], role=Role.POS_MANAGER)
    assert holders(network_a, setup["certification"], timezone.localdate()) == set()


def test_people_who_already_meet_a_new_certification_are_certified(network_a, setup, committed):
    take(network_a, setup["assessment"], role=Role.POS_MANAGER)
    with tenant_scope(network_a.tenant):
        anyone = committed(
            lambda: certification_save(
                tenant=network_a.tenant,
                actor=network_a.members[Role.HEAD_OFFICE],
                data=CertificationData(
                    name_fr="Vente", requirements=[(setup["vente"], setup["levels"][1])]
                ),
            )
        ).certification
    manager = network_a.members[Role.POS_MANAGER]
    assert holders(network_a, anyone, timezone.localdate()) == {manager.pk}


def test_a_result_older_than_the_validity_does_not_count():
    today = dt.date(2026, 6, 1)
    required = {1: 60, 2: 85}
    fresh = {1: Reached(60, dt.date(2026, 5, 1)), 2: Reached(85, dt.date(2026, 5, 20))}
    assert certification_period(
        required=required, latest=fresh, today=today, validity_months=12
    ) == (
        dt.date(2026, 5, 20),
        dt.date(2027, 5, 1),
    )
    stale = {**fresh, 1: Reached(100, dt.date(2025, 5, 31))}
    assert (
        certification_period(required=required, latest=stale, today=today, validity_months=12)
        is None
    )
    below = {**fresh, 2: Reached(60, dt.date(2026, 5, 20))}
    assert (
        certification_period(required=required, latest=below, today=today, validity_months=12)
        is None
    )
    assert certification_period(required={}, latest=fresh, today=today, validity_months=12) is None


def test_the_certified_see_it_and_their_zone_shows_it(network_a, setup):
    take(network_a, setup["assessment"])
    dealer = network_a.client(Role.POS_STAFF)
    assert "Vendeur confirmé" in dealer.get(url(network_a, "assessments")).content.decode()
    home = dealer.get(
        reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    )
    assert "Certified “Vendeur confirmé”" in home.content.decode()
    zone = network_a.client(Role.ANIMATOR).get(
        reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    )
    feed = zone.content.decode().split("Recognition", 1)[1]  # the zone's recognition feed
    assert "is certified “Vendeur confirmé” since" in feed


def test_another_tenants_certification_is_nobodys(network_a, network_b, setup):
    take(network_a, setup["assessment"])
    with tenant_scope(network_b.tenant):
        assert not certified_people(
            tenant=network_b.tenant, certification=setup["certification"], on=timezone.localdate()
        ).exists()


def test_the_certified_person_is_told_once(network_a, setup):
    from network_animation.models import Notification

    take(network_a, setup["assessment"])
    take(network_a, setup["assessment"])  # the same day again: the same award
    with tenant_scope(network_a.tenant):
        told = Notification.objects.filter(kind="learning.certified")
        assert [n.recipient_id for n in told] == [network_a.members[Role.POS_STAFF].pk]


def test_the_nightly_step_tells_those_whose_certification_expires_within_a_month(network_a, setup):
    from microlearning.services.certifications import certification_expiries_send
    from network_animation.jobs import NIGHTLY_STEPS
    from network_animation.models import Notification

    assert "learning_certification_expiries" in NIGHTLY_STEPS
    take(network_a, setup["assessment"])
    dealer = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        award = CertificationAward.objects.get()
        early = award.expires_on - dt.timedelta(days=31)
        assert certification_expiries_send(tenant=network_a.tenant, today=early) == 0
        soon = award.expires_on - dt.timedelta(days=10)
        assert certification_expiries_send(tenant=network_a.tenant, today=soon) == 1
        certification_expiries_send(tenant=network_a.tenant, today=soon)  # a rerun: once
        told = Notification.objects.filter(kind="learning.certification_expiring")
        assert [n.recipient_id for n in told] == [dealer.pk]
        # Renewed (a later award of the same certification): nothing to tell.
        CertificationAward.objects.create(
            tenant=network_a.tenant,
            certification=award.certification,
            membership=dealer,
            granted_on=soon,
            expires_on=add_months(soon, 12),
        )
        assert certification_expiries_send(tenant=network_a.tenant, today=soon) == 0
