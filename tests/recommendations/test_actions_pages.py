"""The zone page's "Suggested actions": accept (to the pre-filled form), dismiss with a reason
(htmx, errors shown in place with a 400), done; the launch wizard and the assignment form
pre-filled by the link; head office's acceptance rates, with hostile notes harmless."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, ChallengeParticipant
from microlearning.models import Assignment
from network_animation.fragments import csrf_placeholder
from network_animation.models import Role, User
from network_animation.tenancy import tenant_scope
from recommendations.models import ActionKind, SuggestionStatus

from ..factories import MembershipFactory, PointOfSaleFactory, UserFactory
from ..harmless import dangers
from ..microlearning.factories import make_module
from ..network_animation.test_isolation import CANARY
from .actions_setup import sales_kpi, suggest

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
]


@pytest.fixture(autouse=True)
def english(settings, network_a):
    settings.LANGUAGE_CODE = "en"
    User.objects.filter(pk__in=[m.user_id for m in network_a.members.values()]).update(
        language="en"
    )


def _url(network, name, suggestion):
    return reverse(f"recommendations:{name}", args=[network.tenant.slug, suggestion.pk])


def _zone_page(network, role=Role.ANIMATOR, zone=None) -> str:
    url = reverse("zone", args=[network.tenant.slug, (zone or network.zone).pk])
    answer = network.client(role).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def _status(network, suggestion) -> str:
    with tenant_scope(network.tenant):
        suggestion.refresh_from_db()
    return suggestion.status


def test_the_zone_page_lists_the_suggestions_with_their_evidence(network_a):
    suggest(network_a, ActionKind.CHALLENGE, reason="Challenges on sales worked at 26 dealers.")
    page = _zone_page(network_a)
    assert 'id="suggested-actions-title"' in page
    assert "Launch a challenge on Sales" in page
    assert "Challenges on sales worked at 26 dealers." in page
    assert network_a.point_of_sale.name in page
    assert "Suggested actions" not in _zone_page(network_a, Role.REGIONAL_DIRECTOR)
    assert "No action to suggest for this zone tonight." in _zone_page(
        network_a, Role.HEAD_OFFICE, network_a.other_zone
    )


def test_the_panel_is_kept_rendered_with_each_readers_token_and_renewed_when_acted_on(
    network_a, committed, django_assert_max_num_queries
):
    """The panel is read from the cache on the next visit (no query of suggestions), its forms
    with the reader's own CSRF token, which a CSRF-checking client can post with; taking the
    suggestion up shows it accepted at once."""
    suggested = committed(
        lambda: suggest(network_a, ActionKind.VISIT, reason="Nobody went there for 9 weeks.")
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(network_a.members[Role.ANIMATOR].user)
    url = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    client.get(url)
    with django_assert_max_num_queries(7) as read:  # the layout and the zone, no panel
        page = client.get(url).content.decode()
    assert not [q for q in read.captured_queries if "actionsuggestion" in q["sql"]]
    assert "Nobody went there for 9 weeks." in page
    assert csrf_placeholder() not in page
    panel = page[page.index('id="suggested-actions-title"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel)
    assert token is not None
    accept = _url(network_a, "suggestion_accept", suggested)
    answer = committed(lambda: client.post(accept, {"csrfmiddlewaretoken": token[1]}))
    assert answer.status_code == 302
    assert 'data-status="accepted"' in client.get(url).content.decode()
    other = network_a.client(Role.HEAD_OFFICE).get(url).content.decode()
    assert 'data-status="accepted"' in other
    assert csrf_placeholder() not in other


def test_accepting_a_challenge_leads_to_the_launch_form_pre_filled(network_a):
    points = [network_a.point_of_sale, PointOfSaleFactory(zone=network_a.zone)]
    suggested = suggest(network_a, ActionKind.CHALLENGE, points=points)
    client = network_a.client(Role.ANIMATOR)
    answer = client.post(_url(network_a, "suggestion_accept", suggested))
    assert answer.status_code == 302
    where = urlsplit(answer["Location"])
    assert where.path == reverse(
        "challenges:launch_zone", args=[network_a.tenant.slug, network_a.zone.pk]
    )
    query = parse_qs(where.query)
    assert query["kpi_1"] == [str(sales_kpi(network_a).pk)]
    assert sorted(query["points_of_sale"]) == sorted(str(point.pk) for point in points)
    assert query["name"] == ["Sales challenge"]
    assert _status(network_a, suggested) == SuggestionStatus.ACCEPTED
    # The form: the name and the KPI are filled in.
    form = client.get(answer["Location"]).content.decode()
    assert 'value="Sales challenge"' in form
    assert f'<option value="{sales_kpi(network_a).pk}" selected>' in form


def test_with_htmx_accepting_redirects_the_page(network_a):
    suggested = suggest(network_a, ActionKind.VISIT)
    answer = network_a.client(Role.ANIMATOR).post(
        _url(network_a, "suggestion_accept", suggested), HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200
    assert answer["HX-Redirect"] == reverse(
        "point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk]
    )


def test_the_launch_wizard_keeps_the_suggested_participants_to_the_end(network_a, committed):
    kpi = sales_kpi(network_a)
    chosen = [network_a.point_of_sale, PointOfSaleFactory(zone=network_a.zone)]
    PointOfSaleFactory(zone=network_a.zone)  # of the zone, not suggested
    suggested = suggest(network_a, ActionKind.CHALLENGE, points=chosen)
    client = network_a.client(Role.ANIMATOR)
    launch_url = client.post(_url(network_a, "suggestion_accept", suggested))["Location"]
    step_one = {
        "step": "1",
        "name": "Sales challenge",
        "participant_kind": "point_of_sale",
        "scoring_rule": "achievement",
        "tie_break": "heaviest_kpi",
        "kpi_1": str(kpi.pk),
    }
    step_two = client.post(launch_url, step_one, HTTP_HX_REQUEST="true").content.decode()
    assert "Step 2 of 3" in step_two
    for point in chosen:
        assert f'value="{point.pk}"' in step_two
    ticked = step_two.count("checked")
    assert ticked >= len(chosen)
    today = timezone.localdate()
    rest = {
        **step_one,
        "start": today.isoformat(),
        "end": (today + dt.timedelta(days=30)).isoformat(),
        "points_of_sale": [str(point.pk) for point in chosen],
        "winner_count": "1",
        "winner_points": "100",
        "threshold_points": "0",
        "step": "3",
        "launch": "1",
    }
    answer = committed(lambda: client.post(launch_url, rest, HTTP_HX_REQUEST="true"))
    assert "is launched" in answer.content.decode()
    with tenant_scope(network_a.tenant):
        challenge = Challenge.objects.get(tenant=network_a.tenant, name="Sales challenge")
        participants = ChallengeParticipant.objects.filter(challenge=challenge)
        assert {p.point_of_sale_id for p in participants} == {point.pk for point in chosen}
    assert _status(network_a, suggested) == SuggestionStatus.DONE
    page = _zone_page(network_a)
    assert 'data-status="done"' in page
    assert reverse("challenges:detail", args=[network_a.tenant.slug, challenge.pk]) in page


def test_accepting_a_module_leads_to_the_assignment_form_pre_filled(network_a, committed):
    # Committed: learning's version (and its listeners) is renewed once per transaction.
    module = committed(
        lambda: make_module(
            network_a, title="Vendre les accessoires", title_en="Selling accessories"
        )
    )
    MembershipFactory(
        tenant=network_a.tenant,
        role=Role.POS_STAFF,
        point_of_sale=network_a.point_of_sale,
        user=UserFactory(),
    )
    suggested = suggest(network_a, ActionKind.MODULE, module_id=module.pk)
    client = network_a.client(Role.ANIMATOR)
    form_url = client.post(_url(network_a, "suggestion_accept", suggested))["Location"]
    assert form_url.startswith(reverse("microlearning:assignments", args=[network_a.tenant.slug]))
    form = client.get(form_url).content.decode()
    assert f'<option value="{module.pk}" selected>' in form
    assert f'value="{network_a.point_of_sale.pk}"' in form
    assert "checked" in form
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    data = {
        "module": str(module.pk),
        "due_on": due,
        "points_of_sale": [str(network_a.point_of_sale.pk)],
    }
    answer = committed(lambda: client.post(form_url, data))
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        made = Assignment.objects.get(tenant=network_a.tenant, module=module)
    assert made.audience["points_of_sale"] == [network_a.point_of_sale.pk]
    assert _status(network_a, suggested) == SuggestionStatus.DONE


def test_the_assignment_form_offers_no_point_of_sale_outside_the_animators_zones(network_a):
    module = make_module(network_a)
    query = f"?module={module.pk}&points_of_sale={network_a.other_point_of_sale.pk}"
    url = reverse("microlearning:assignments", args=[network_a.tenant.slug]) + query
    form = network_a.client(Role.ANIMATOR).get(url).content.decode()
    assert network_a.other_point_of_sale.name not in form


def test_dismissing_needs_a_reason_and_shows_the_error_in_place(network_a):
    suggested = suggest(network_a)
    client = network_a.client(Role.ANIMATOR)
    url = _url(network_a, "suggestion_dismiss", suggested)
    prefix = f"dismiss-{suggested.pk}"
    answer = client.post(url, {f"{prefix}-note": ""}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 400
    assert f'id="suggestion-{suggested.pk}"' in answer.content.decode()
    assert "This field is required." in answer.content.decode()
    answer = client.post(url, {f"{prefix}-reason": "other"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 400
    assert "Say in a few words what the other reason is." in answer.content.decode()
    assert _status(network_a, suggested) == SuggestionStatus.OPEN
    answer = client.post(url, {f"{prefix}-reason": "bad_timing"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert 'data-status="dismissed"' in answer.content.decode()
    assert "it will not be suggested to you again for 60 days" in answer.content.decode()
    assert _status(network_a, suggested) == SuggestionStatus.DISMISSED
    assert f'id="suggestion-{suggested.pk}"' not in _zone_page(network_a)


def test_without_javascript_dismissing_is_a_page_of_its_own(network_a):
    suggested = suggest(network_a)
    client = network_a.client(Role.ANIMATOR)
    url = _url(network_a, "suggestion_dismiss", suggested)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 400
    answer = client.post(url, {f"dismiss-{suggested.pk}-reason": "not_relevant"})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])


def test_a_visit_is_marked_done_by_hand(network_a):
    suggested = suggest(network_a, ActionKind.VISIT)
    client = network_a.client(Role.ANIMATOR)
    client.post(_url(network_a, "suggestion_accept", suggested))
    page = _zone_page(network_a)
    assert "The visit is done" in page
    answer = client.post(_url(network_a, "suggestion_done", suggested), HTTP_HX_REQUEST="true")
    assert 'data-status="done"' in answer.content.decode()
    assert _status(network_a, suggested) == SuggestionStatus.DONE


@pytest.mark.parametrize("name", ["suggestion_accept", "suggestion_dismiss", "suggestion_done"])
def test_who_may_not_act_on_the_zone_is_refused(network_a, network_b, name):
    suggested = suggest(network_a)
    for role in (Role.REGIONAL_DIRECTOR, Role.COACH, Role.POS_MANAGER):
        assert network_a.client(role).post(_url(network_a, name, suggested)).status_code == 403
    theirs = suggest(network_b)
    url = reverse(f"recommendations:{name}", args=[network_a.tenant.slug, theirs.pk])
    assert network_a.client(Role.HEAD_OFFICE).post(url).status_code == 404
    assert _status(network_a, suggested) == SuggestionStatus.OPEN
    assert _status(network_b, theirs) == SuggestionStatus.OPEN


def test_accepting_is_a_post(network_a):
    suggested = suggest(network_a)
    client = network_a.client(Role.ANIMATOR)
    assert client.get(_url(network_a, "suggestion_accept", suggested)).status_code == 405
    assert _status(network_a, suggested) == SuggestionStatus.OPEN


def test_another_tenants_suggestions_never_show(network_a, network_b):
    suggest(network_b, reason=CANARY)
    suggest(network_a)
    for role, zone in ((Role.ANIMATOR, network_a.zone), (Role.HEAD_OFFICE, network_a.other_zone)):
        assert CANARY not in _zone_page(network_a, role, zone)
    holdout = reverse("recommendations:holdout", args=[network_a.tenant.slug])
    assert CANARY not in network_a.client(Role.HEAD_OFFICE).get(holdout).content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_dismissal_note_is_harmless_where_head_office_reads_it(network_a, payload):
    suggested = suggest(network_a)
    client = network_a.client(Role.ANIMATOR)
    prefix = f"dismiss-{suggested.pk}"
    data = {f"{prefix}-reason": "other", f"{prefix}-note": payload}
    assert client.post(_url(network_a, "suggestion_dismiss", suggested), data).status_code == 302
    url = reverse("recommendations:holdout", args=[network_a.tenant.slug])
    page = network_a.client(Role.HEAD_OFFICE).get(url).content.decode()
    assert "Latest dismissals" in page
    assert dangers(page) == []


def test_head_office_reads_the_acceptance_rates_on_the_hold_out_page(network_a):
    client = network_a.client(Role.ANIMATOR)
    for number in range(3):
        point = PointOfSaleFactory(zone=network_a.zone)
        suggested = suggest(network_a, ActionKind.VISIT, points=[point])
        if number:
            prefix = f"dismiss-{suggested.pk}"
            data = {f"{prefix}-reason": "too_costly"}
            client.post(_url(network_a, "suggestion_dismiss", suggested), data)
        else:
            client.post(_url(network_a, "suggestion_accept", suggested))
    url = reverse("recommendations:holdout", args=[network_a.tenant.slug])
    page = network_a.client(Role.HEAD_OFFICE).get(url).content.decode()
    assert 'data-kind="visit"' in page
    assert 'data-rate="0.3333' in page
    assert "Too much effort for the expected gain: 2" in page
    assert network_a.client(Role.ANIMATOR).get(url).status_code == 403


def test_a_suggestion_dismissed_meanwhile_cannot_be_accepted(network_a):
    suggested = suggest(network_a, status=SuggestionStatus.DISMISSED, dismiss_reason="bad_timing")
    client = network_a.client(Role.HEAD_OFFICE)
    url = _url(network_a, "suggestion_accept", suggested)
    answer = client.post(url, HTTP_HX_REQUEST="true")
    assert answer.status_code == 400
    assert "This suggestion was already dismissed." in answer.content.decode()
    assert client.post(url)["Location"] == reverse(
        "zone", args=[network_a.tenant.slug, network_a.zone.pk]
    )
    done = client.post(_url(network_a, "suggestion_done", suggested), HTTP_HX_REQUEST="true")
    assert done.status_code == 400
    assert _status(network_a, suggested) == SuggestionStatus.DISMISSED
