"""Coaching (issue 16, item 1): a difficulty reported to one's coaches, followed up and closed,
then an anonymised lesson sheet reviewed and published to the communities and the library.
Who reads a difficulty (T12), the anonymity check, no trace back to the reporter, hostile text
(X2), the queue's cost."""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from importlib import import_module
from types import SimpleNamespace

import openpyxl
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities.models import Difficulty, Document, FollowUp, LessonSheet, Thread
from communities.services import (
    coach_assign,
    difficulty_close,
    difficulty_report,
    follow_up_log,
    sheet_approve,
    sheet_edit,
    sheet_start,
    sheet_submit,
)
from network_animation.models import Frequency, Membership, Notification, Role
from network_animation.notifications import notification_kind
from network_animation.tenancy import tenant_scope

from ..conftest import Network
from ..factories import MembershipFactory, UserFactory
from ..harmless import dangers
from ..kpis.factories import KpiDefinitionFactory
from .test_views import PAYLOADS

pytestmark = pytest.mark.django_db

REPORTER = ("Éloïse", "Duplantier-Grès")
COLLEAGUE = ("Anatole", "Vasseur")
POINT = {"name": "Garage des Tilleuls", "code": "D12", "city": "Saint-Étienne"}


def url(network: Network, name: str, *args) -> str:
    return reverse(f"communities:{name}", args=[network.tenant.slug, *args])


@dataclass
class Coaching:
    network: Network
    reporter: Membership
    coach: Membership
    other_coach: Membership


def _person(network: Network, role: str, first: str = "Camille", last: str = "", **scope):
    user = UserFactory(first_name=first, **({"last_name": last} if last else {}))
    return MembershipFactory(tenant=network.tenant, role=role, user=user, **scope)


@pytest.fixture
def coaching(network_a, communities_a) -> Coaching:
    return build_coaching(network_a)


def build_coaching(network: Network) -> Coaching:
    """The dealer's staff member has a recognisable name, a colleague and a point of sale with
    a name, a code and a city; the network's coach is assigned to that point of sale."""
    reporter = network.members[Role.POS_STAFF]
    with tenant_scope(network.tenant):
        reporter.user.first_name, reporter.user.last_name = REPORTER
        reporter.user.save()
        point = network.point_of_sale
        for field, value in POINT.items():
            setattr(point, field, value)
        point.save()
        _person(network, Role.POS_STAFF, *COLLEAGUE, point_of_sale=point)
        coach_assign(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            coach=network.members[Role.COACH],
            point_of_sale=point,
        )
        other_coach = _person(network, Role.COACH, "Bérénice", "Autrecoach")
    return Coaching(network, reporter, network.members[Role.COACH], other_coach)


def client_of(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def report(coaching: Coaching, committed=None, **fields) -> Difficulty:
    values = {
        "title": "La relance SMS ne marche pas",
        "tried": "J'ai relancé les clients par SMS après l'essai.",
        "happened": "Aucune réponse en deux semaines.",
        **fields,
    }
    network = coaching.network
    with tenant_scope(network.tenant):
        write = lambda: difficulty_report(  # noqa: E731
            tenant=network.tenant, actor=coaching.reporter, **values
        )
        return committed(write) if committed else write()


def settle(coaching: Coaching, difficulty: Difficulty) -> None:
    with tenant_scope(coaching.network.tenant):
        follow_up_log(
            tenant=coaching.network.tenant,
            actor=coaching.coach,
            difficulty=difficulty,
            kind=FollowUp.Kind.CALL,
            date=timezone.localdate(),
            note="Rappelé : proposer un appel plutôt qu'un SMS.",
        )
        difficulty_close(
            tenant=coaching.network.tenant, actor=coaching.coach, difficulty=difficulty
        )


CLEAN = {
    "title": "Relancer après un essai : l'appel plutôt que le SMS",
    "difficulty_text": "Les relances par SMS après un essai restaient sans réponse.",
    "happened": "Deux semaines sans retour, puis des clients partis ailleurs.",
    "how_to_succeed": "Appeler le lendemain de l'essai, à l'heure que le client a choisie.",
}


def written_sheet(coaching: Coaching, **fields) -> LessonSheet:
    difficulty = report(coaching)
    settle(coaching, difficulty)
    tenant = coaching.network.tenant
    with tenant_scope(tenant):
        sheet = sheet_start(tenant=tenant, actor=coaching.coach, difficulty=difficulty)
        return sheet_edit(tenant=tenant, actor=coaching.coach, sheet=sheet, **{**CLEAN, **fields})


def published_sheet(coaching: Coaching, committed, **fields) -> LessonSheet:
    sheet = written_sheet(coaching, **fields)
    tenant = coaching.network.tenant
    with tenant_scope(tenant):
        sheet_submit(tenant=tenant, actor=coaching.coach, sheet=sheet)
        return committed(
            lambda: sheet_approve(tenant=tenant, actor=coaching.other_coach, sheet=sheet)
        )


def identity_in(page: str) -> list[str]:
    """The reporter's identifying strings found in a page or an answer, each as a word of its
    own: the point of sale's code "D12" is also three letters of a random CSRF token or nonce
    one page in a few hundred, which is no leak."""
    strings = [*REPORTER, " ".join(REPORTER), *COLLEAGUE, *POINT.values()]
    return [
        each
        for each in strings
        if re.search(rf"(?<!\w){re.escape(each)}(?!\w)", page, flags=re.IGNORECASE)
    ]


# Reporting and following up


def test_a_dealer_reports_a_difficulty_and_their_coach_is_told(coaching):
    network = coaching.network
    answer = client_of(coaching.reporter).post(
        url(network, "difficulty_new"),
        {"title": "Vitrine", "tried": "Nouvelle vitrine", "happened": "Rien", "is_private": "on"},
    )
    with tenant_scope(network.tenant):
        found = Difficulty.objects.get()
        told = list(Notification.objects.filter(kind="community.difficulty_new"))
    assert answer.url == url(network, "difficulty", found.pk)
    assert found.point_of_sale == network.point_of_sale
    assert found.zone == network.zone
    assert found.is_private
    assert [n.recipient_id for n in told] == [coaching.coach.pk]
    assert notification_kind("community.difficulty_new").email_default == Frequency.DAILY
    home = client_of(coaching.coach).get(url(network, "coaching")).content.decode()
    assert "Vitrine" in home


def test_a_persons_coaches_are_the_nearest_first(coaching):
    network = coaching.network
    head_office = network.members[Role.HEAD_OFFICE]
    regional = _person(network, Role.COACH, "Régis", "Régional")
    of_zone = _person(network, Role.COACH, "Zoé", "Dezone")
    with tenant_scope(network.tenant):
        coach_assign(
            tenant=network.tenant, actor=head_office, coach=regional, region=network.region
        )
        coach_assign(tenant=network.tenant, actor=head_office, coach=of_zone, zone=network.zone)
        from communities.selectors import coaches_of

        found = coaches_of(
            tenant=network.tenant,
            point_of_sale_id=network.point_of_sale.pk,
            zone_id=network.zone.pk,
            region_id=network.region.pk,
        )
    assert [c.pk for c in found] == [coaching.coach.pk, of_zone.pk, regional.pk]


def test_a_place_without_coach_sends_its_difficulties_to_head_office(network_a):
    with tenant_scope(network_a.tenant):
        difficulty_report(
            tenant=network_a.tenant,
            actor=network_a.members[Role.POS_MANAGER],
            title="Sans coach",
            tried="x",
            happened="y",
        )
        told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {network_a.members[Role.HEAD_OFFICE].pk}


@pytest.mark.parametrize("private", [True, False])
def test_who_reads_a_difficulty(coaching, private):
    """Its reporter, their coaches and head office; a private one nobody else, not even
    another coach; one not private, the network's other coaches too (one steps in)."""
    network = coaching.network
    found = report(coaching, is_private=private)
    page = url(network, "difficulty", found.pk)
    readers = [coaching.reporter, coaching.coach, network.members[Role.HEAD_OFFICE]]
    for person in readers:
        assert client_of(person).get(page).status_code == 200, person.role
    others = [network.members[r] for r in (Role.POS_MANAGER, Role.ANIMATOR)]
    others += [network.members[Role.REGIONAL_DIRECTOR]]
    for person in others:
        answer = client_of(person).get(page)
        assert answer.status_code == 404, person.role
    assert client_of(coaching.other_coach).get(page).status_code == (404 if private else 200)
    queue = client_of(coaching.other_coach).get(url(network, "difficulty_queue") + "?whose=all")
    assert (found.title in queue.content.decode()) is not private
    # Another coach cannot follow up a private one either.
    answer = client_of(coaching.other_coach).post(
        url(network, "difficulty_follow_up", found.pk),
        {"kind": "call", "date": timezone.localdate().isoformat()},
    )
    assert answer.status_code == (404 if private else 302)


def test_the_coach_follows_up_and_closes_and_the_reporter_is_told(coaching):
    network = coaching.network
    found = report(coaching)
    coach = client_of(coaching.coach)
    answer = coach.post(
        url(network, "difficulty_follow_up", found.pk),
        {"kind": "meeting", "date": timezone.localdate().isoformat(), "note": "Vu en magasin"},
    )
    assert answer.status_code == 302
    assert coach.post(url(network, "difficulty_close", found.pk)).status_code == 302
    with tenant_scope(network.tenant):
        found.refresh_from_db()
        told = Notification.objects.filter(
            kind="community.difficulty_followed", recipient=coaching.reporter
        )
        lines = sorted(n.params["coaching_what"] for n in told)
    assert found.status == Difficulty.Status.CLOSED
    assert lines == ["closed", "meeting"]
    page = client_of(coaching.reporter).get(url(network, "difficulty", found.pk))
    assert "Vu en magasin" in page.content.decode()
    # The reporter cannot follow up their own difficulty, nor close it.
    answer = client_of(coaching.reporter).post(url(network, "difficulty_close", found.pk))
    assert answer.status_code == 403


def test_a_follow_up_in_the_future_is_refused(coaching):
    found = report(coaching)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    answer = client_of(coaching.coach).post(
        url(coaching.network, "difficulty_follow_up", found.pk), {"kind": "call", "date": tomorrow}
    )
    assert answer.status_code == 400


# The session, the user, the tenant, the membership, the bell, the KPIs, a count and a page.
QUEUE_QUERIES = 9


def test_the_coachs_queue_costs_the_same_for_one_or_many_difficulties(
    coaching, django_assert_max_num_queries
):
    network = coaching.network
    coach = client_of(coaching.coach)
    report(coaching, title="La plus ancienne")
    coach.get(url(network, "difficulty_queue"))  # the session and caches warm
    with django_assert_max_num_queries(QUEUE_QUERIES):
        coach.get(url(network, "difficulty_queue"))
    for n in range(15):
        found = report(coaching, title=f"Difficulté {n}")
        settle(coaching, found) if n % 3 == 0 else None
    coach.get(url(network, "difficulty_queue"))  # the bell counts the new notifications again
    with django_assert_max_num_queries(QUEUE_QUERIES):
        page = coach.get(url(network, "difficulty_queue")).content.decode()
    assert page.index("La plus ancienne") < page.index("Difficulté 1")
    assert "Difficulté 0" not in page  # closed: not in the open queue
    coach.get(url(network, "coaching"))
    # Sheets: theirs, to review, latest; coaching days (challenges' panel): planned, held, average.
    with django_assert_max_num_queries(QUEUE_QUERIES + 6):
        coach.get(url(network, "coaching"))


# The lesson sheet


def test_a_sheet_naming_the_reporter_is_refused_with_what_and_where(coaching):
    sheet = written_sheet(coaching)
    network = coaching.network
    coach = client_of(coaching.coach)
    form = {
        **CLEAN,
        "happened": "Éloïse a relancé par SMS, comme au garage des tilleuls.",
        "how_to_succeed": "Appeler (voir d12).",
        "submit": "1",
    }
    answer = coach.post(url(network, "lesson_sheet_edit", sheet.pk), form)
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Éloïse" in page
    assert "Garage des Tilleuls" in page
    assert "D12" in page
    assert "What happened" in page or "Ce qui s" in page
    with tenant_scope(network.tenant):
        sheet.refresh_from_db()
    assert sheet.status == LessonSheet.Status.DRAFT  # saved, not submitted
    form = {**CLEAN, "how_to_succeed": "Voir la fiche D120 du catalogue.", "submit": "1"}
    answer = coach.post(url(network, "lesson_sheet_edit", sheet.pk), form)
    assert answer.status_code == 302  # "D120" is not the code "D12"
    with tenant_scope(network.tenant):
        sheet.refresh_from_db()
    assert sheet.status == LessonSheet.Status.IN_REVIEW


def test_the_author_cannot_approve_their_own_sheet_another_coach_can(coaching, committed):
    sheet = written_sheet(coaching)
    network = coaching.network
    with tenant_scope(network.tenant):
        sheet_submit(tenant=network.tenant, actor=coaching.coach, sheet=sheet)
    review = url(network, "lesson_sheet_review", sheet.pk)
    answer = client_of(coaching.coach).post(review, {"decision": "approve"})
    assert answer.status_code == 403
    for role in (Role.POS_MANAGER, Role.ANIMATOR):
        answer = client_of(network.members[role]).post(review, {"decision": "approve"})
        assert answer.status_code == 404  # in review: not theirs to read
    answer = client_of(coaching.other_coach).post(review, {"decision": "send_back"})
    assert answer.status_code == 400  # sending back needs a comment
    answer = client_of(coaching.other_coach).post(review, {"decision": "approve"})
    assert answer.status_code == 302
    with tenant_scope(network.tenant):
        sheet.refresh_from_db()
    assert sheet.status == LessonSheet.Status.PUBLISHED


def test_publication_checks_again_a_colleague_who_arrived_since(coaching):
    sheet = written_sheet(coaching, how_to_succeed="Demander conseil à Philibert Neuf.")
    network = coaching.network
    with tenant_scope(network.tenant):
        sheet_submit(tenant=network.tenant, actor=coaching.coach, sheet=sheet)
    _person(network, Role.POS_STAFF, "Philibert", "Neuf", point_of_sale=network.point_of_sale)
    answer = client_of(coaching.other_coach).post(
        url(network, "lesson_sheet_review", sheet.pk), {"decision": "approve"}
    )
    assert answer.status_code == 400
    assert "Philibert" in answer.content.decode()


def test_a_published_sheet_is_in_the_communities_and_the_library_without_its_reporter(
    coaching, committed
):
    network = coaching.network
    sheet = published_sheet(coaching, committed)
    with tenant_scope(network.tenant):
        threads = list(Thread.objects.filter(pk__in=[sheet.zone_thread_id, sheet.type_thread_id]))
        posts = [t.posts.get() for t in threads]
        notes = list(Notification.objects.exclude(kind__startswith="community.difficulty"))
    assert len(threads) == 2
    assert {t.author_id for t in threads} == {coaching.coach.pk}
    assert all(p.is_best_practice for p in posts)
    difficulty_path = url(network, "difficulty", sheet.difficulty_id)
    another_dealer = _person(
        network, Role.POS_MANAGER, "Gaspard", "Ailleurs", point_of_sale=network.other_point_of_sale
    )
    pages = [
        url(network, "lesson_sheet", sheet.pk),
        url(network, "lesson_sheets"),
        url(network, "document", sheet.document_id),
        url(network, "library"),
        url(network, "search") + "?q=relancer",
        *[url(network, "thread", t.pk) for t in threads],
    ]
    for reader in (another_dealer, coaching.coach, network.members[Role.HEAD_OFFICE]):
        client = client_of(reader)
        for page in pages:
            answer = client.get(page)
            if answer.status_code == 404:  # a zone community the other dealer is not in
                continue
            body = answer.content.decode()
            assert answer.status_code == 200, page
            assert identity_in(body) == [], (reader.role, page)
            assert difficulty_path not in body, (reader.role, page)
    found = client_of(another_dealer).get(url(network, "search") + "?q=appel+lendemain")
    assert CLEAN["title"].split(":")[0] in found.content.decode()
    for note in notes:
        shown = f"{note.params} {note.url}"
        assert identity_in(shown) == []
        assert "difficult" not in note.url
    # The link is kept for the sheet's author and head office, on the difficulty's page.
    for reader, sees in ((coaching.coach, True), (network.members[Role.HEAD_OFFICE], True)):
        page = client_of(reader).get(difficulty_path).content.decode()
        assert (url(network, "lesson_sheet", sheet.pk) in page) is sees
    page = client_of(coaching.reporter).get(difficulty_path).content.decode()
    assert url(network, "lesson_sheet", sheet.pk) not in page


def test_the_api_answers_a_published_sheet_without_its_reporter(coaching, committed):
    from network_animation.services.tokens import service_token_create

    network = coaching.network
    sheet = published_sheet(coaching, committed)
    with tenant_scope(network.tenant):
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="ERP")
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    for path in (
        f"/api/v1/threads/{sheet.type_thread_id}/posts/",
        f"/api/v1/threads/{sheet.type_thread_id}/",
        "/api/v1/search/?q=relancer",
    ):
        answer = api.get(path)
        if answer.status_code == 404:  # a members-only community: the API does not read it
            continue
        assert answer.status_code == 200, path
        assert identity_in(answer.content.decode()) == [], path


def test_the_published_sheets_file_and_the_documents_api_carry_no_reporter(coaching, committed):
    """The sheet's export: its file in the library, downloaded by a dealer elsewhere, and the
    documents' list and search of the API."""
    from network_animation.services.tokens import service_token_create

    network = coaching.network
    sheet = published_sheet(coaching, committed)
    with tenant_scope(network.tenant):
        document = Document.objects.get(pk=sheet.document_id)
        _token, key = service_token_create(tenant=network.tenant, actor=None, name="ERP")
    another_dealer = _person(
        network, Role.POS_MANAGER, "Gaspard", "Ailleurs", point_of_sale=network.other_point_of_sale
    )
    download = client_of(another_dealer).get(
        url(network, "document_download", document.pk, document.current_id)
    )
    assert download.status_code == 200
    exported = b"".join(download.streaming_content).decode()
    assert CLEAN["how_to_succeed"] in exported  # the file is the sheet
    assert identity_in(exported) == []
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    # A sheet published before its document stored "everyone" in full stored `{}`: the
    # migration that followed (communities 0010) gives it the full form, and the API finds it.
    migration = ("communities", "0010_documents_for_everyone_in_full")
    data_migration = import_module(".".join([migration[0], "migrations", migration[1]]))
    historical = MigrationLoader(connection).project_state(migration).apps
    for stored in (document.audience, {}):
        with tenant_scope(network.tenant):
            Document.objects.filter(pk=document.pk).update(audience=stored)
        data_migration.everyone_in_full(historical, SimpleNamespace(connection=connection))
        for path in ("/api/v1/documents/", "/api/v1/search/documents/?q=relancer"):
            answer = api.get(path)
            body = answer.content.decode()
            assert answer.status_code == 200, path
            rows = answer.json()["results"]
            found = [row.get("document", row)["id"] for row in rows]  # a search hit holds it
            assert document.pk in found, (stored, path)
            assert identity_in(body) == [], path


def test_the_published_sheets_download_as_their_pages_show_them_without_their_reporter(
    coaching, committed, network_b
):
    """The lesson sheets' export, in CSV and XLSX, downloaded by a dealer elsewhere: each
    published sheet with its texts, KPIs, author, date and address, the same rows in both
    formats; no draft, no trace of the reporter, nothing for another network."""
    network = coaching.network
    kpi = KpiDefinitionFactory(tenant=network.tenant, name_fr="Ventes VO", name_en="Used cars")
    sheet = published_sheet(coaching, committed, kpis=[kpi])
    written_sheet(coaching, title="Brouillon : la relance du samedi")
    another_dealer = _person(
        network, Role.POS_MANAGER, "Gaspard", "Ailleurs", point_of_sale=network.other_point_of_sale
    )
    dealer = client_of(another_dealer)
    page = dealer.get(url(network, "lesson_sheets")).content.decode()
    assert "?format=xlsx" in page
    answer = dealer.get(url(network, "lesson_sheets"), {"format": "csv"})
    assert answer["Content-Disposition"].endswith('.csv"')
    text = answer.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    coach = coaching.coach.user.get_full_name()
    with tenant_scope(network.tenant):
        sheet.refresh_from_db()
    assert rows == [
        [
            CLEAN["title"],
            "Ventes VO",
            coach,
            timezone.localdate(sheet.published_at).isoformat(),
            CLEAN["difficulty_text"],
            CLEAN["happened"],
            CLEAN["how_to_succeed"],
            "http://testserver" + url(network, "lesson_sheet", sheet.pk),
        ]
    ]
    assert identity_in(text) == []
    workbook = dealer.get(url(network, "lesson_sheets"), {"format": "xlsx"})
    sheet_rows = openpyxl.load_workbook(io.BytesIO(workbook.content)).active.iter_rows(
        values_only=True
    )
    assert [["" if cell is None else cell for cell in row] for row in sheet_rows] == [
        header,
        *rows,
    ]
    stranger = network_b.client(Role.COACH).get(url(network_b, "lesson_sheets"), {"format": "csv"})
    assert CLEAN["title"] not in stranger.content.decode("utf-8-sig")


def test_the_coachs_home_shows_their_sheets_in_draft_and_in_review_and_those_to_review(coaching):
    network = coaching.network
    draft = written_sheet(coaching, title="Brouillon : la relance du samedi")
    in_review = written_sheet(coaching)
    with tenant_scope(network.tenant):
        sheet_submit(tenant=network.tenant, actor=coaching.coach, sheet=in_review)
    draft_link, review_link = (url(network, "lesson_sheet", s.pk) for s in (draft, in_review))
    home = client_of(coaching.coach).get(url(network, "coaching")).content.decode()
    mine = home[home.index('id="sheets-title"') :]
    assert draft_link in mine
    assert review_link in mine
    assert mine.index(draft_link) < mine.index(review_link)  # in draft, then in review
    reviewer = client_of(coaching.other_coach).get(url(network, "coaching")).content.decode()
    to_review = reviewer[reviewer.index('id="review-title"') :]
    assert review_link in to_review
    assert draft_link not in reviewer


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_difficulties_and_sheets_is_harmless(coaching, committed, payload):
    network = coaching.network
    found = report(
        coaching,
        title=payload,
        practice=payload,
        tried=f"Essai {payload}",
        happened=f"Résultat {payload}",
    )
    sheet = written_sheet(
        coaching,
        title=payload,
        difficulty_text=payload,
        happened=f"x {payload}",
        how_to_succeed=f"y {payload}",
    )
    with tenant_scope(network.tenant):
        sheet_submit(tenant=network.tenant, actor=coaching.coach, sheet=sheet)
    for client, page in (
        (client_of(coaching.coach), url(network, "difficulty", found.pk)),
        (client_of(coaching.coach), url(network, "difficulty_queue")),
        (client_of(coaching.coach), url(network, "coaching")),
        (client_of(coaching.other_coach), url(network, "lesson_sheet", sheet.pk)),
        (client_of(coaching.other_coach), url(network, "lesson_sheets")),
        (client_of(coaching.coach), url(network, "lesson_sheet_edit", sheet.pk)),
    ):
        answer = client.get(page)
        assert answer.status_code in (200, 302), page
        assert dangers(answer.content.decode()) == [], page


def test_head_office_assigns_and_removes_coaches_and_nobody_else_does(coaching):
    network = coaching.network
    page = url(network, "coach_assignments")
    for role in (Role.COACH, Role.ANIMATOR, Role.POS_MANAGER):
        assert network.client(role).get(page).status_code == 403
    head_office = network.client(Role.HEAD_OFFICE)
    answer = head_office.post(page, {"coach": coaching.other_coach.pk, "zone": network.zone.pk})
    assert answer.status_code == 302
    both = head_office.post(
        page,
        {"coach": coaching.other_coach.pk, "zone": network.zone.pk, "region": network.region.pk},
    )
    assert both.status_code == 400
    not_a_coach = head_office.post(
        page, {"coach": network.members[Role.ANIMATOR].pk, "zone": network.zone.pk}
    )
    assert not_a_coach.status_code == 400
    from communities.models import CoachAssignment

    with tenant_scope(network.tenant):
        made = CoachAssignment.objects.get(coach=coaching.other_coach)
    private = report(coaching, is_private=True)
    with tenant_scope(network.tenant):
        assert Notification.objects.filter(recipient=coaching.other_coach).exists()
    assert head_office.post(url(network, "coach_unassign", made.pk)).status_code == 302
    with tenant_scope(network.tenant):
        assert not Notification.objects.filter(recipient=coaching.other_coach).exists()
    answer = client_of(coaching.other_coach).get(url(network, "difficulty", private.pk))
    assert answer.status_code == 404


def test_another_tenant_sees_nothing_of_coaching(coaching, committed, network_b):
    sheet = published_sheet(coaching, committed)
    network = coaching.network
    stranger = network_b.client(Role.COACH)
    other = url(network_b, "lesson_sheets")
    assert sheet.title not in stranger.get(other).content.decode()
    assert stranger.get(url(network, "lesson_sheet", sheet.pk)).status_code == 404


def test_the_demo_has_coaches_difficulties_and_anonymous_sheets_in_both_brands():
    from django.core.management import call_command

    from communities.models import CoachAssignment
    from communities.services.lesson_sheets import reporter_identifiers, sheet_anonymity_check
    from network_animation.demo import CAR_MAKER, COSMETICS
    from network_animation.models import Tenant

    call_command("seed_demo", pos=24, days=5)
    for brand in (CAR_MAKER, COSMETICS):
        tenant = Tenant.objects.get(slug=brand.slug)
        with tenant_scope(tenant):
            assert CoachAssignment.objects.filter(tenant=tenant).exists()
            difficulties = Difficulty.objects.filter(tenant=tenant)
            assert difficulties.filter(status="open", is_private=True).exists()
            assert difficulties.filter(status="open", is_private=False).exists()
            assert difficulties.filter(status="closed").count() >= 3
            sheets = LessonSheet.objects.filter(tenant=tenant)
            assert sheets.filter(status="published").count() == 2
            assert sheets.filter(status="in_review").count() == 1
            for sheet in sheets.filter(status="published"):
                sheet_anonymity_check(tenant=tenant, sheet=sheet)  # raises if it names anyone
                assert sheet.document_id
                assert sheet.zone_thread_id
                identity = reporter_identifiers(tenant=tenant, difficulty=sheet.difficulty)
                assert identity
