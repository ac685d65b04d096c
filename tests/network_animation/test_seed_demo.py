"""`manage.py seed_demo`: two brands, one account per role, the password `demo`."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from network_animation.demo import CAR_MAKER, COSMETICS, DEMO_ACCOUNTS
from network_animation.models import Membership, Notification, PointOfSale, Role, Tenant, Zone
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


def test_the_demo_builds_two_brands_with_an_account_per_role(capsys):
    call_command("seed_demo", pos=24, days=20)
    output = capsys.readouterr().out
    car_maker = Tenant.objects.get(slug=CAR_MAKER.slug)
    cosmetics = Tenant.objects.get(slug=COSMETICS.slug)
    with tenant_scope(car_maker):
        assert PointOfSale.objects.count() == 24
        assert Zone.objects.count() == 12
        assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    with tenant_scope(cosmetics):
        assert PointOfSale.objects.count() == COSMETICS.points_of_sale
    request = RequestFactory().post("/accounts/login/")
    for login, _role in DEMO_ACCOUNTS:
        email = f"{login}@{CAR_MAKER.domain}"
        assert email in output
        assert authenticate(request, username=email, password="demo") is not None


def test_seeding_again_keeps_the_demo_and_reset_rebuilds_it(capsys):
    call_command("seed_demo", pos=12, days=10)
    call_command("seed_demo", pos=12, days=10)
    assert "already there" in capsys.readouterr().out
    call_command("seed_demo", pos=15, days=10, reset=True)
    with tenant_scope(Tenant.objects.get(slug=CAR_MAKER.slug)):
        assert PointOfSale.objects.count() == 15


def test_the_demo_emails_nobody_while_it_is_written(mailoutbox):
    """Its people are told of its story in the platform (their bell), as if it had happened:
    no email goes out for events set in the past, to addresses at demo domains."""
    call_command("seed_demo", pos=12, days=10)
    assert mailoutbox == []
    with tenant_scope(Tenant.objects.get(slug=CAR_MAKER.slug)):
        assert Notification.objects.exists()
