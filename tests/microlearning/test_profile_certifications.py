"""A person's account page shows their certifications in each brand they work for (issue 15,
item 5: "shown on their profile"): name, the day obtained, until when it is valid; an expired
one says so and asks for the assessment again; nothing of anyone else's."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from microlearning.models import CertificationAward, ScaleLevel
from microlearning.services import CertificationData, certification_save
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory
from .factories import make_competence, make_scale

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def certification(network, name):
    with tenant_scope(network.tenant):
        levels = list(ScaleLevel.objects.filter(tenant=network.tenant).order_by("min_score"))
    levels = levels or make_scale(network)
    competence = make_competence(network, f"Compétence {name}")
    with tenant_scope(network.tenant):
        return certification_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            data=CertificationData(name_fr=name, requirements=[(competence, levels[1])]),
        ).certification


def award(network, certification, membership, granted_on, expires_on):
    with tenant_scope(network.tenant):
        CertificationAward.objects.create(
            tenant=network.tenant,
            certification=certification,
            membership=membership,
            granted_on=granted_on,
            expires_on=expires_on,
        )


def short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def account_page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_account_page_lists_valid_and_expired_certifications(network_a):
    staff = network_a.members[Role.POS_STAFF]
    today = timezone.localdate()
    valid = certification(network_a, "Vendeur confirmé")
    lapsed = certification(network_a, "Expert après-vente")
    award(network_a, valid, staff, today - dt.timedelta(days=30), today + dt.timedelta(days=300))
    award(network_a, lapsed, staff, dt.date(2023, 5, 2), dt.date(2025, 5, 2))
    page = account_page(staff.user)
    assert "My certifications" in page
    assert "Vendeur confirmé" in page
    obtained, until = short(today - dt.timedelta(days=30)), short(today + dt.timedelta(days=300))
    assert f"Obtained on {obtained}, valid until {until}." in page
    assert "Expert après-vente" in page
    assert (
        f"Obtained on {short(dt.date(2023, 5, 2))}, expired on {short(dt.date(2025, 5, 2))}: "
        "take the assessment again."
    ) in page
    assert page.index("Vendeur confirmé") < page.index("Expert après-vente")  # valid first
    assert reverse("microlearning:assessments", args=[network_a.tenant.slug]) in page


def test_a_renewed_certification_shows_once_with_its_latest_period(network_a):
    staff = network_a.members[Role.POS_STAFF]
    today = timezone.localdate()
    kind = certification(network_a, "Vendeur confirmé")
    award(network_a, kind, staff, dt.date(2023, 1, 5), dt.date(2025, 1, 5))
    award(network_a, kind, staff, today - dt.timedelta(days=3), today + dt.timedelta(days=700))
    page = account_page(staff.user)
    assert page.count("Vendeur confirmé") == 1
    assert "expired on" not in page


def test_nothing_shows_without_certification_nor_anyone_elses(network_a, network_b):
    staff, manager = network_a.members[Role.POS_STAFF], network_a.members[Role.POS_MANAGER]
    today = timezone.localdate()
    kind = certification(network_a, "Vendeur confirmé")
    award(network_a, kind, manager, today, today + dt.timedelta(days=300))
    assert "My certifications" not in account_page(staff.user)
    assert "Vendeur confirmé" in account_page(manager.user)


def test_a_person_of_two_brands_sees_each_brands_certifications_under_its_name(
    network_a, network_b
):
    staff = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_b.tenant):
        elsewhere = MembershipFactory(
            tenant=network_b.tenant,
            role=Role.POS_STAFF,
            user=staff.user,
            point_of_sale=network_b.point_of_sale,
        )
    today = timezone.localdate()
    here, there = certification(network_a, "Vendeur A"), certification(network_b, "Vendeur B")
    award(network_a, here, staff, today, today + dt.timedelta(days=300))
    award(network_b, there, elsewhere, today, today + dt.timedelta(days=300))
    page = account_page(staff.user)
    assert network_a.tenant.name in page
    assert network_b.tenant.name in page
    assert page.index("Vendeur A") < page.index(network_b.tenant.name) < page.index("Vendeur B")
