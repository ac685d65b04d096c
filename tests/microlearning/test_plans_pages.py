"""The plan's pages: a dealer sees only their plan, a manager their people's (and adjusts
them), head office reads them; another tenant's person is not found; bounded queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from microlearning.models import PlanItem
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import link, make_assessment, make_competence, make_module, make_scale, take

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """These pages are read in English here (French is the default; tests/test_translations.py
    checks that every string has its French)."""
    settings.LANGUAGE_CODE = "en"


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


@pytest.fixture
def planned(network_a):
    """The dealer and their manager each have a plan with one module ("Découvrir le besoin")."""
    make_scale(network_a)
    vente = make_competence(network_a, "Vente")
    module = make_module(network_a, title="Découvrir le besoin")
    link(network_a, module, vente)
    assessment = make_assessment(network_a, [vente])
    for role in (Role.POS_STAFF, Role.POS_MANAGER):
        take(network_a, assessment, role=role, right=lambda q: False)
    return module


def item_of(network, role):
    with tenant_scope(network.tenant):
        return PlanItem.objects.get(plan__membership=network.members[role])


def test_a_dealer_sees_their_plan_and_nobody_elses(network_a, planned):
    dealer = network_a.client(Role.POS_STAFF)
    page = dealer.get(url(network_a, "my_plan")).content.decode()
    assert "Découvrir le besoin" in page
    assert "0 of 1 modules done" in page
    manager = network_a.members[Role.POS_MANAGER]
    assert dealer.get(url(network_a, "person_plan", manager.pk)).status_code == 403
    assert dealer.get(url(network_a, "plans")).status_code == 403
    item = item_of(network_a, Role.POS_STAFF)
    staff = network_a.members[Role.POS_STAFF]
    answer = dealer.post(url(network_a, "plan_item", staff.pk, item.pk), {"remove": "1"})
    assert answer.status_code == 403


def test_the_point_of_sale_manager_reviews_and_adjusts_their_staffs_plan(network_a, planned):
    staff = network_a.members[Role.POS_STAFF]
    manager = network_a.client(Role.POS_MANAGER)
    listing = manager.get(url(network_a, "plans")).content.decode()
    assert str(staff.user) in listing
    page = manager.get(url(network_a, "person_plan", staff.pk)).content.decode()
    assert "Adjust the plan" in page
    item = item_of(network_a, Role.POS_STAFF)
    later = timezone.localdate() + dt.timedelta(days=30)
    manager.post(url(network_a, "plan_item", staff.pk, item.pk), {"due_on": later.isoformat()})
    item.refresh_from_db()
    assert (item.due_on, item.adjusted_by_id) == (later, network_a.members[Role.POS_MANAGER].pk)
    past = manager.post(url(network_a, "plan_item", staff.pk, item.pk), {"due_on": "2020-01-01"})
    assert past.status_code == 302
    item.refresh_from_db()
    assert item.due_on == later  # refused: a date in the past
    other = make_module(network_a, title="Conclure la vente")
    added = manager.post(
        url(network_a, "plan_add", staff.pk), {"module": other.pk, "due_on": later.isoformat()}
    )
    assert added.status_code == 302
    manager.post(url(network_a, "plan_reviewed", staff.pk))
    page = manager.get(url(network_a, "person_plan", staff.pk)).content.decode()
    assert "Conclure la vente" in page
    assert "added by the manager" in page
    assert "Reviewed by" in page
    # A manager's own plan is their animator's to adjust, not theirs.
    own = network_a.members[Role.POS_MANAGER]
    assert manager.get(url(network_a, "person_plan", own.pk)).status_code == 200
    assert manager.post(url(network_a, "plan_reviewed", own.pk)).status_code == 403


def test_the_animator_adjusts_the_managers_plan_not_the_staffs(network_a, planned):
    animator = network_a.client(Role.ANIMATOR)
    manager, staff = network_a.members[Role.POS_MANAGER], network_a.members[Role.POS_STAFF]
    listing = animator.get(url(network_a, "plans")).content.decode()
    assert str(manager.user) in listing
    assert str(staff.user) not in listing
    item = item_of(network_a, Role.POS_MANAGER)
    assert (
        animator.post(url(network_a, "plan_item", manager.pk, item.pk), {"remove": "1"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.removed_at is not None
    assert animator.get(url(network_a, "person_plan", staff.pk)).status_code == 403


def test_head_office_reads_plans_without_adjusting_them(network_a, planned):
    office = network_a.client(Role.HEAD_OFFICE)
    staff = network_a.members[Role.POS_STAFF]
    page = office.get(url(network_a, "person_plan", staff.pk)).content.decode()
    assert "Découvrir le besoin" in page
    assert "Adjust the plan" not in page
    assert office.post(url(network_a, "plan_reviewed", staff.pk)).status_code == 403


def test_another_tenants_person_is_not_found(network_a, network_b, planned):
    foreign = network_b.members[Role.POS_STAFF]
    manager = network_a.client(Role.POS_MANAGER)
    assert manager.get(url(network_a, "person_plan", foreign.pk)).status_code == 404


def test_the_dealers_page_shows_their_plan(network_a, planned):
    dealer = network_a.client(Role.POS_STAFF)
    page = dealer.get(
        reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    ).content.decode()
    assert "Your plan" in page
    assert "Next: “Découvrir le besoin”" in page


def test_plan_pages_in_bounded_queries(network_a, planned, django_assert_max_num_queries):
    plan = item_of(network_a, Role.POS_STAFF).plan
    for n in range(5):  # more modules in the plan cost no more queries
        more = make_module(network_a, title=f"Module {n}")
        with tenant_scope(network_a.tenant):
            PlanItem.objects.create(
                tenant=network_a.tenant,
                plan=plan,
                module=more,
                due_on=timezone.localdate(),
            )
    dealer = network_a.client(Role.POS_STAFF)
    dealer.get(url(network_a, "my_plan"))
    with django_assert_max_num_queries(14):
        assert dealer.get(url(network_a, "my_plan")).status_code == 200
    manager = network_a.client(Role.POS_MANAGER)
    staff = network_a.members[Role.POS_STAFF]
    with django_assert_max_num_queries(16):
        assert manager.get(url(network_a, "person_plan", staff.pk)).status_code == 200
    with django_assert_max_num_queries(14):
        assert manager.get(url(network_a, "plans")).status_code == 200
