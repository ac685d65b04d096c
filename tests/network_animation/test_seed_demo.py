"""`manage.py seed_demo`: two brands, one account per role, the password `demo`."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from network_animation.demo import CAR_MAKER, COSMETICS, DEMO_ACCOUNTS, DEMO_SEEDERS
from network_animation.demo_progress import BAR_WIDTH, duration_text, progress_bar
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


def test_the_demo_counts_its_stages_as_it_builds_them(capsys):
    """A line per brand and stage as it starts, counted out of all of them, then the total."""
    call_command("seed_demo", pos=12, days=10)
    lines = capsys.readouterr().out.splitlines()
    total = 2 * (1 + len(DEMO_SEEDERS))
    stages = [line for line in lines if line.startswith("[") and "…" in line]
    assert len(stages) == total
    assert stages[0].endswith(f" 0/{total}  Autonova: organisation…")
    assert stages[-1].endswith(f"{total - 1}/{total}  Belle Allure: recommendations_feedback…")
    assert any(
        line.startswith(f"[{'#' * BAR_WIDTH}] {total}/{total}  The demo was built in")
        for line in lines
    )


def test_the_progress_bar_fills_with_the_stages_done():
    assert progress_bar(0, 4) == f"[{'.' * BAR_WIDTH}] 0/4"
    assert progress_bar(2, 4) == f"[{'#' * (BAR_WIDTH // 2)}{'.' * (BAR_WIDTH // 2)}] 2/4"
    assert progress_bar(18, 18).startswith(f"[{'#' * BAR_WIDTH}]")
    assert duration_text(12.34) == "12.3 s"
    assert duration_text(125) == "2 min 05 s"
