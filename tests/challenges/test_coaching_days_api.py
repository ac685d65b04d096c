"""A coach's coaching days in the API (challenges/api/coaching_days.py): read as the coach
named by email, their own days only, never a rating; a non-coach gets a 403, another tenant's
token or coach nothing (T2, T3, T10)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network_animation.models import Role
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from .units_factories import another_member, assign_coach, rate_day, record_day

pytestmark = pytest.mark.django_db

DAYS = reverse("api:coaching-day-list")


def api(network) -> Client:
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="Agenda")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def days_of(client: Client, email: str, **params) -> list[dict]:
    answer = client.get(DAYS, {"coach": email, **params})
    assert answer.status_code == 200, answer.content
    return json.loads(answer.content)["results"]


def test_a_coach_reads_their_days_latest_first_without_ratings(network_a):
    coach = assign_coach(network_a)
    today = timezone.localdate()
    held = record_day(network_a, date=today - dt.timedelta(days=3), today=today)
    rate_day(network_a, held, 2, comment="Trop court", today=today)
    planned = record_day(
        network_a, date=today + dt.timedelta(days=4), today=today, held=False, objectives="Accueil"
    )
    colleague = assign_coach(network_a, another_member(network_a, Role.COACH))
    record_day(network_a, coach=colleague, date=today, today=today, objectives="Pas les miens")
    client = api(network_a)
    rows = days_of(client, coach.user.email)
    assert [(row["id"], row["held"]) for row in rows] == [(planned.pk, False), (held.pk, True)]
    assert rows[0]["objectives"] == "Accueil"
    assert rows[0]["point_of_sale"] == network_a.point_of_sale.code
    text = client.get(DAYS, {"coach": coach.user.email}).content.decode()
    for hidden in ("Trop court", "score", "Pas les miens"):
        assert hidden not in text
    assert [row["id"] for row in days_of(client, coach.user.email, held="true")] == [held.pk]
    assert [row["id"] for row in days_of(client, coach.user.email, held="false")] == [planned.pk]


@pytest.mark.parametrize("role", [Role.POS_MANAGER, Role.ANIMATOR, Role.HEAD_OFFICE])
def test_a_person_who_is_not_a_coach_gets_a_403(network_a, role):
    assign_coach(network_a)
    record_day(network_a, objectives="Objectifs du coach")
    answer = api(network_a).get(DAYS, {"coach": network_a.members[role].user.email})
    assert answer.status_code == 403
    assert "Objectifs du coach" not in answer.content.decode()


def test_without_a_known_coach_the_list_is_empty(network_a):
    assign_coach(network_a)
    record_day(network_a)
    client = api(network_a)
    assert json.loads(client.get(DAYS).content)["results"] == []
    assert days_of(client, "personne@example.com") == []
    assert client.get(DAYS, {"held": "maybe"}).status_code == 400


def test_another_tenant_sees_nothing_of_its_coaching_days(network_a, network_b):
    assign_coach(network_b)
    record_day(network_b, objectives=f"Objectifs {network_b.tenant.name}")
    answer = api(network_a).get(DAYS, {"coach": network_b.members[Role.COACH].user.email})
    assert answer.status_code == 200
    assert json.loads(answer.content)["results"] == []
    assert network_b.tenant.name not in answer.content.decode()
