"""Coaching in the API (communities/api/coaching.py): the published lesson sheets, anonymised,
and a coach's queue of difficulties read as that coach (issue 16, item 1).

No reporter, no difficulty and no coach-only field in a sheet's JSON; drafts and sheets in
review answer 404; a non-coach reads no difficulty (403); a private difficulty only reaches the
coach assigned to its place; another tenant's token, or a coach of another tenant named by
email, sees nothing (T2, T3, T10, T12)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.services import sheet_submit
from network_animation.models import Role
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

from ..kpis.factories import KpiDefinitionFactory
from .test_coaching import (
    COLLEAGUE,
    Coaching,
    build_coaching,
    identity_in,
    published_sheet,
    report,
    settle,
    written_sheet,
)

pytestmark = pytest.mark.django_db

SHEETS = reverse("api:lesson-sheet-list")
QUEUE = reverse("api:coaching-difficulty-list")
# What only the coach, the reviewer and head office read of a sheet, and its way back.
COACH_ONLY = {"difficulty", "status", "reviewer", "review_comment", "zone_thread", "type_thread"}


def api(network) -> Client:
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="Intranet")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def sheet_path(sheet) -> str:
    return reverse("api:lesson-sheet-detail", args=[sheet.pk])


def queue_of(client: Client, email: str, **params) -> list[dict]:
    answer = client.get(QUEUE, {"coach": email, **params})
    assert answer.status_code == 200, answer.content
    return json.loads(answer.content)["results"]


@pytest.fixture
def coaching(network_a, communities_a) -> Coaching:
    return build_coaching(network_a)


def test_a_published_sheet_comes_back_without_its_reporter_or_difficulty(coaching, committed):
    sheet = published_sheet(coaching, committed)
    client = api(coaching.network)
    listed = json.loads(client.get(SHEETS).content)["results"]
    detail = client.get(sheet_path(sheet))
    assert detail.status_code == 200
    shown = json.loads(detail.content)
    assert [row["id"] for row in listed] == [sheet.pk]
    assert listed[0] == shown
    assert shown["title"] == sheet.title
    assert "<p>Appeler le lendemain" in shown["how_to_succeed_html"]
    assert not COACH_ONLY & shown.keys()
    assert shown["author"]["name"] == coaching.coach.user.get_full_name()
    for answer in (client.get(SHEETS), detail):
        text = answer.content.decode()
        assert identity_in(text) == []
        assert coaching.reporter.user.email not in text


def test_drafts_and_sheets_in_review_answer_404(coaching):
    draft = written_sheet(coaching)
    client = api(coaching.network)
    assert client.get(sheet_path(draft)).status_code == 404
    with tenant_scope(coaching.network.tenant):
        sheet_submit(tenant=coaching.network.tenant, actor=coaching.coach, sheet=draft)
    assert client.get(sheet_path(draft)).status_code == 404
    assert json.loads(client.get(SHEETS).content)["results"] == []


def test_sheets_filter_by_kpi(coaching, committed):
    sheet = published_sheet(coaching, committed)
    network = coaching.network
    with tenant_scope(network.tenant):
        kpi = KpiDefinitionFactory(tenant=network.tenant, code="CONV")
        sheet.kpi_links.create(tenant=network.tenant, kpi=kpi)
    client = api(network)
    by_kpi = json.loads(client.get(SHEETS, {"kpi": "CONV"}).content)["results"]
    assert [row["kpis"] for row in by_kpi] == [["CONV"]]
    assert json.loads(client.get(SHEETS, {"kpi": "NONE"}).content)["results"] == []


def test_a_coach_reads_their_queue_oldest_first_with_reporter_and_age(coaching):
    first = report(coaching, title="La plus ancienne")
    second = report(coaching, title="La suivante")
    settled = report(coaching, title="Réglée")
    settle(coaching, settled)
    client = api(coaching.network)
    email = coaching.coach.user.email
    rows = queue_of(client, email.upper())  # an email in any case names the same person
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert rows[0]["reporter"]["name"] == coaching.reporter.user.get_full_name()
    assert rows[0]["age_days"] == 0
    assert rows[0]["follow_up_count"] == 0
    closed = queue_of(client, email, status="closed")
    assert [(row["id"], row["follow_up_count"]) for row in closed] == [(settled.pk, 1)]
    assert len(queue_of(client, email, status="all")) == 3


@pytest.mark.parametrize(
    "role", [Role.POS_STAFF, Role.POS_MANAGER, Role.ANIMATOR, Role.REGIONAL_DIRECTOR]
)
def test_a_person_who_is_not_a_coach_reads_no_difficulty(coaching, role):
    report(coaching, title="Secret de l'équipe")
    network = coaching.network
    answer = api(network).get(QUEUE, {"coach": network.members[role].user.email})
    assert answer.status_code == 403
    assert "Secret" not in answer.content.decode()


def test_a_private_difficulty_reaches_only_the_coach_of_its_place(coaching):
    private = report(coaching, title="Privée", is_private=True)
    shared = report(coaching, title="Partagée")
    client = api(coaching.network)
    mine = queue_of(client, coaching.coach.user.email)
    assert {row["id"] for row in mine} == {private.pk, shared.pk}
    assert [row["is_private"] for row in mine] == [True, False]
    # Another coach of the network: nothing of this place in their own queue; in every
    # difficulty they may read, the one not private only.
    other = coaching.other_coach.user.email
    assert queue_of(client, other) == []
    assert [row["id"] for row in queue_of(client, other, whose="all")] == [shared.pk]


def test_a_token_alone_or_an_unknown_email_reads_no_difficulty(coaching):
    report(coaching, title="Privée", is_private=True)
    client = api(coaching.network)
    assert json.loads(client.get(QUEUE).content)["results"] == []
    assert queue_of(client, "nobody@example.com") == []
    assert client.get(QUEUE, {"status": "later"}).status_code == 400


def test_another_tenant_sees_nothing_of_coaching(coaching, committed, network_b):
    """B's sheet, difficulty and coach carry B's canary; A's token reads none of them, even
    naming B's coach (a person of B only)."""
    other = build_coaching(network_b)
    sheet_b = published_sheet(other, committed)
    report(other, title=f"Difficulté {network_b.tenant.name}")
    client = api(coaching.network)
    answers = [
        client.get(SHEETS),
        client.get(SHEETS, {"kpi": "x"}),
        client.get(sheet_path(sheet_b)),
        client.get(QUEUE, {"coach": other.coach.user.email, "whose": "all", "status": "all"}),
    ]
    assert answers[2].status_code == 404
    for answer in answers:
        assert network_b.tenant.name not in answer.content.decode()
        assert sheet_b.title not in answer.content.decode()
    assert json.loads(answers[3].content)["results"] == []


def test_a_colleagues_name_in_a_difficulty_stays_with_the_coach(coaching):
    """The queue is the coach's: it names the reporter (as their pages do), while the sheets'
    list, read by anyone, does not."""
    report(coaching, title="Avec Anatole", tried=f"Demandé à {' '.join(COLLEAGUE)}.")
    client = api(coaching.network)
    assert identity_in(client.get(QUEUE, {"coach": coaching.coach.user.email}).content.decode())
    assert identity_in(client.get(SHEETS).content.decode()) == []


def test_the_lists_cost_the_same_for_one_or_many_rows(coaching, committed):
    client = api(coaching.network)
    email = coaching.coach.user.email

    def counts() -> tuple[int, ...]:
        found = []
        for path, params in ((QUEUE, {"coach": email, "status": "all"}), (SHEETS, {})):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path, params).status_code == 200
            found.append(len(captured))
        return tuple(found)

    published_sheet(coaching, committed)
    client.get(SHEETS)  # the token's last use is written once a minute at most
    before = counts()
    for n in range(4):
        report(coaching, title=f"Difficulté {n}")
        published_sheet(coaching, committed)
    assert counts() == before
