"""Content recommended on a point of sale's page is dismissed with a reason, like a suggested
action (the same service, form and quiet period): it stays away from whoever dismissed it there
for the quiet period, others still see it, the night does not bring it back, head office counts
it; only the page's readers dismiss it, and a hostile note is harmless where it is read."""

import datetime as dt

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from network_animation.data_versions import data_changed
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from recommendations.action_services import DISMISS_QUIET_DAYS, action_suggestions_refresh
from recommendations.cache import ACTIONS
from recommendations.models import ActionKind, ActionSuggestion, SuggestionStatus

from ..factories import PointOfSaleFactory
from ..harmless import dangers
from ..microlearning.factories import make_module
from .actions_setup import recommend_content
from .test_actions_pages import PAYLOADS

pytestmark = pytest.mark.django_db

PANEL = 'id="recommended-content-title"'


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def recommended(network_a):
    """Two modules recommended to the network's point of sale, the first expected to help most."""
    first = make_module(network_a, title="Vendre les accessoires", title_en="Selling accessories")
    second = make_module(network_a, title="Accueillir", title_en="Welcoming customers")
    found = recommend_content(network_a, item_id=first.pk, reason="Stores like yours gained.")
    recommend_content(network_a, item_id=second.pk, reason="Also helped.")
    with tenant_scope(network_a.tenant):
        found.__class__.objects.filter(item_id=second.pk).update(expected_uplift=0.03)
    return found


def _page(network, role=Role.POS_MANAGER) -> str:
    url = reverse("point_of_sale", args=[network.tenant.slug, network.point_of_sale.pk])
    answer = network.client(role).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def _dismiss(network, recommendation, role=Role.POS_MANAGER, htmx=True, **data):
    url = reverse("recommendations:content_dismiss", args=[network.tenant.slug, recommendation.pk])
    prefix = f"dismiss-content-{recommendation.pk}"
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return network.client(role).post(url, fields, **headers)


def test_the_dealer_dismisses_a_module_with_a_reason_and_it_stays_away_for_the_quiet_period(
    network_a, recommended, committed
):
    assert "Selling accessories" in _page(network_a)
    answer = committed(lambda: _dismiss(network_a, recommended, reason="not_relevant"))
    assert answer.status_code == 200
    assert (
        f"Dismissed: it will not be recommended to you again for {DISMISS_QUIET_DAYS} days"
        in answer.content.decode()
    )
    page = _page(network_a)
    assert "Selling accessories" not in page
    assert "Welcoming customers" in page  # the next one takes its place
    # Another reader of the page still sees it: the dismissal was this person's.
    assert "Selling accessories" in _page(network_a, Role.ANIMATOR)
    # The night rewrites the open suggestions only: the dismissal stays.
    with tenant_scope(network_a.tenant):
        dismissal = ActionSuggestion.objects.get(tenant=network_a.tenant, kind=ActionKind.CONTENT)
        assert dismissal.status == SuggestionStatus.DISMISSED
        assert dismissal.key == f"content:module:{recommended.item_id}"
        assert dismissal.dismiss_reason == "not_relevant"
    assert "Selling accessories" not in _page(network_a)
    # After the quiet period, it may come back.
    with tenant_scope(network_a.tenant):
        ActionSuggestion.objects.filter(pk=dismissal.pk).update(
            acted_at=dismissal.acted_at - dt.timedelta(days=DISMISS_QUIET_DAYS + 1)
        )
    with tenant_scope(network_a.tenant):
        committed(lambda: data_changed(tenant=network_a.tenant, kinds=[ACTIONS]))
    assert "Selling accessories" in _page(network_a)


def test_the_night_keeps_a_content_dismissal(network_a, recommended, committed):
    _dismiss(network_a, recommended, reason="bad_timing")
    empty = pd.DataFrame(columns=["point_of_sale", "zone", "type", "size_class"])
    with tenant_scope(network_a.tenant):
        committed(
            lambda: action_suggestions_refresh(
                tenant=network_a.tenant,
                today=timezone.localdate(),
                profiles=empty,
                months=pd.DataFrame(),
            )
        )
    assert "Selling accessories" not in _page(network_a)


def test_without_javascript_the_form_has_its_own_page_and_another_reason_needs_words(
    network_a, recommended
):
    url = reverse("recommendations:content_dismiss", args=[network_a.tenant.slug, recommended.pk])
    form = network_a.client(Role.POS_MANAGER).get(url)
    assert form.status_code == 200
    assert "Dismiss a recommendation" in form.content.decode()
    assert "Stores like yours gained." in form.content.decode()
    refused = _dismiss(network_a, recommended, htmx=False, reason="other", note="  ")
    assert refused.status_code == 400
    assert "Say in a few words what the other reason is." in refused.content.decode()
    done = _dismiss(network_a, recommended, htmx=False, reason="other", note="Already trained.")
    assert done.status_code == 302
    assert done["Location"].endswith(f"/points-of-sale/{network_a.point_of_sale.pk}/")
    assert "Selling accessories" not in _page(network_a)


def test_only_the_pages_readers_dismiss_its_content(network_a, recommended):
    elsewhere = PointOfSaleFactory(zone=network_a.other_zone)
    other = recommend_content(network_a, point=elsewhere, item_id=recommended.item_id)
    # The animator of the first zone does not read the other zone's points of sale.
    assert _dismiss(network_a, other, Role.ANIMATOR, reason="too_costly").status_code == 403
    assert _dismiss(network_a, other, Role.POS_MANAGER, reason="too_costly").status_code == 403
    with tenant_scope(network_a.tenant):
        assert not ActionSuggestion.objects.filter(tenant=network_a.tenant).exists()
    assert _dismiss(network_a, other, Role.HEAD_OFFICE, reason="too_costly").status_code == 200


def test_head_office_counts_content_dismissals_apart_from_the_actions(network_a, recommended):
    _dismiss(network_a, recommended, reason="already_planned")
    url = reverse("recommendations:holdout", args=[network_a.tenant.slug])
    page = network_a.client(Role.HEAD_OFFICE).get(url).content.decode()
    assert "Recommended content dismissed on points of sale’s pages: 1 piece" in page
    assert 'data-kind="content"' not in page  # no acceptance rate: content is read, not accepted
    assert "Recommended content · Sales" in page  # among the latest dismissals


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_note_on_a_content_dismissal_is_harmless(network_a, recommended, payload):
    assert _dismiss(network_a, recommended, reason="other", note=payload).status_code == 200
    url = reverse("recommendations:holdout", args=[network_a.tenant.slug])
    page = network_a.client(Role.HEAD_OFFICE).get(url).content.decode()
    assert "Latest dismissals" in page
    assert dangers(page) == []
