"""Assignments: exactly the people an audience names (a property test over random organisations,
a label level or an off-target KPI among its criteria), new people enrolled by the nightly chain
(twice changes nothing), reminders once, an animator only within their zones; the zone's
training panel and the dealer's next five minutes, cached and renewed by writes; hostile text
harmless there."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.audiences import LABEL_LEVEL
from challenges.models import LabelAward
from kpis.aggregation import kpi_rollups_refresh
from kpis.audiences import OFF_TARGET
from kpis.models import Level, Period
from microlearning.models import Enrolment, ReviewCard
from microlearning.notifications import ASSIGNMENT_REMINDER
from microlearning.services import (
    assignment_create,
    assignment_enrolments_sync,
    assignment_push,
    assignment_reminders_send,
)
from network_animation.audiences import Audience
from network_animation.jobs import NIGHTLY_STEPS
from network_animation.models import Membership, Notification, PointOfSale, Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, PointOfSaleFactory, UserFactory
from ..harmless import dangers
from ..kpis.factories import KpiDefinitionFactory, KpiFactFactory, ObjectiveFactory
from ..network_animation.test_audiences import expected, organisations
from .factories import learn, make_module, quiz, text
from .test_xss import PAYLOADS

pytestmark = pytest.mark.django_db
ROLES = [role.value for role in Role]
TYPES = [PointOfSale.Type.DEALER, PointOfSale.Type.AGENT]


def due(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def assign(network, module, audience=None, *, role=Role.HEAD_OFFICE, days=10):
    with tenant_scope(network.tenant):
        return assignment_create(
            tenant=network.tenant,
            actor=network.members[role],
            module=module,
            audience=audience or Audience(),
            due_on=due(days),
        )


def enrolled(network, assignment) -> set[int]:
    with tenant_scope(network.tenant):
        return set(
            Enrolment.objects.filter(assignment=assignment).values_list("membership_id", flat=True)
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_an_assignment_enrols_exactly_the_people_its_audience_names(data, db):
    with transaction.atomic():
        organisation = data.draw(organisations())
        tenant = organisation.tenant
        author = MembershipFactory(tenant=tenant, role=Role.HEAD_OFFICE, user=UserFactory())

        def some(values):
            return frozenset(data.draw(st.lists(st.sampled_from(sorted(values)), max_size=2)))

        criterion = data.draw(st.sampled_from([None, LABEL_LEVEL, OFF_TARGET]), label="criterion")
        with tenant_scope(tenant):
            criteria = _criterion_made_true_of_flagged(data, organisation, criterion)
        audience = Audience(
            regions=some(set(organisation.zone_region.values())),
            zones=some(organisation.zone_region),
            roles=some(ROLES),
            point_of_sale_types=some(TYPES),
            criteria=criteria,
        )
        people = expected(organisation, audience)
        with tenant_scope(tenant):
            module = _published_in(tenant, author)
            if people:
                made = assignment_create(
                    tenant=tenant, actor=author, module=module, audience=audience, due_on=due()
                )
                found = set(made.enrolments.values_list("membership_id", flat=True))
                assert found == people
                assert assignment_enrolments_sync(tenant=tenant) == 0
            else:
                with pytest.raises(ValidationError):
                    assignment_create(
                        tenant=tenant, actor=author, module=module, audience=audience, due_on=due()
                    )
        transaction.set_rollback(True)


def _criterion_made_true_of_flagged(data, organisation, criterion) -> frozenset:
    """The figures that make the criterion name exactly the organisation's flagged points of
    sale: a label level held in the newest year (others held another level, or that level the
    year before), or a month under target on a KPI (the others above it), rolled up for real."""
    tenant, flagged = organisation.tenant, organisation.flagged
    points = list(PointOfSale.objects.filter(tenant=tenant, pk__in=organisation.point_zone))
    if criterion == LABEL_LEVEL:
        level = data.draw(st.sampled_from([1, 2, 3]), label="label level")
        # The labels held are the newest year's: with no point flagged, 2025 is that year only
        # if someone else holds a 2025 label (else 2024's level would name them all).
        others = [(2025, level % 3 + 1)] + ([(2024, level)] if flagged else [])
        for point in points:
            if point.pk in flagged:
                year, held = 2025, level
            else:
                year, held = data.draw(st.sampled_from(others))
            LabelAward.objects.create(
                tenant=tenant, point_of_sale=point, year=year, level=held, awarded_at=timezone.now()
            )
        return frozenset({(LABEL_LEVEL, str(level))})
    if criterion == OFF_TARGET:
        kpi = KpiDefinitionFactory(tenant=tenant)
        for point in points:
            for day in (dt.date(2025, 1, 1), dt.date(2025, 1, 31)):
                value = 40 if point.pk in flagged else 60
                KpiFactFactory(point_of_sale=point, kpi=kpi, date=day, value=value)
            ObjectiveFactory(
                kpi=kpi,
                level=Level.POINT_OF_SALE,
                point_of_sale=point,
                period=Period.MONTH,
                period_start=dt.date(2025, 1, 1),
                target=100,
            )
        kpi_rollups_refresh(tenant=tenant, full=True)
        return frozenset({(OFF_TARGET, str(kpi.pk))})
    return frozenset()


def _published_in(tenant, author):
    from microlearning.services import ModuleData, module_create, module_publish, step_add

    module = module_create(tenant=tenant, actor=author, data=ModuleData(title_fr="Module"))
    step_add(tenant=tenant, actor=author, module=module, data=text())
    module_publish(tenant=tenant, actor=author, module=module)
    module.refresh_from_db()
    return module


def test_the_nightly_chain_enrols_new_people_once(network_a):
    assert list(NIGHTLY_STEPS).index("learning_enrolments") < list(NIGHTLY_STEPS).index(
        "learning_reminders"
    )
    module = make_module(network_a)
    staff = Audience(roles=frozenset({Role.POS_STAFF}))
    made = assign(network_a, module, staff)
    assert enrolled(network_a, made) == {network_a.members[Role.POS_STAFF].pk}
    newcomer = MembershipFactory(
        tenant=network_a.tenant, role=Role.POS_STAFF, point_of_sale=network_a.other_point_of_sale
    )
    manager = MembershipFactory(
        tenant=network_a.tenant, role=Role.POS_MANAGER, point_of_sale=network_a.point_of_sale
    )
    with tenant_scope(network_a.tenant):
        assert assignment_enrolments_sync(tenant=network_a.tenant) == 1
        assert assignment_enrolments_sync(tenant=network_a.tenant) == 0
    assert newcomer.pk in enrolled(network_a, made)
    assert manager.pk not in enrolled(network_a, made)
    # Past its due date, an assignment enrols nobody new.
    with tenant_scope(network_a.tenant):
        late = MembershipFactory(
            tenant=network_a.tenant, role=Role.POS_STAFF, point_of_sale=network_a.point_of_sale
        )
        assert assignment_enrolments_sync(tenant=network_a.tenant, today=due(11)) == 0
    assert late.pk not in enrolled(network_a, made)


def test_reminders_are_sent_once_before_the_due_date_to_those_not_done(network_a):
    module = make_module(network_a, [quiz()])
    made = assign(network_a, module, Audience(roles=frozenset({Role.POS_STAFF, Role.POS_MANAGER})))
    learn(network_a, module, role=Role.POS_MANAGER)  # done
    with tenant_scope(network_a.tenant):
        assert assignment_reminders_send(tenant=network_a.tenant) == 0  # ten days ahead
        two_before = made.due_on - dt.timedelta(days=2)
        assert assignment_reminders_send(tenant=network_a.tenant, today=two_before) == 1
        assert assignment_reminders_send(tenant=network_a.tenant, today=two_before) == 0
        reminded = Notification.objects.filter(kind=ASSIGNMENT_REMINDER)
        assert list(reminded.values_list("recipient_id", flat=True)) == [
            network_a.members[Role.POS_STAFF].pk
        ]
        assert reminded.get().emailed_at is None  # left to the daily digest
    assert mail.outbox == []


def test_an_animator_assigns_only_within_their_zones(network_a):
    module = make_module(network_a)
    animator = Role.ANIMATOR
    mine = assign(network_a, module, role=animator)
    people = enrolled(network_a, mine)
    with tenant_scope(network_a.tenant):
        in_zone = set(
            Membership.objects.filter(point_of_sale__zone=network_a.zone).values_list(
                "pk", flat=True
            )
        )
    director = network_a.members[Role.REGIONAL_DIRECTOR].pk  # in every zone of their region
    assert people == in_zone | {director}
    with pytest.raises(ValidationError):
        assign(
            network_a, module, Audience(zones=frozenset({network_a.other_zone.pk})), role=animator
        )
    region = Audience(regions=frozenset({network_a.region.pk}))
    with pytest.raises(ValidationError):
        assign(network_a, module, region, role=animator)
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        assignment_push(
            tenant=network_a.tenant,
            actor=network_a.members[animator],
            module=module,
            point_of_sale=network_a.other_point_of_sale,
            due_on=due(),
        )
    client = network_a.client(animator)
    other = reverse(
        "microlearning:push", args=[network_a.tenant.slug, network_a.other_point_of_sale.pk]
    )
    assert client.post(other, {"module": module.pk, "due_on": due().isoformat()}).status_code == 403
    dealer = network_a.client(Role.POS_STAFF)
    assert (
        dealer.get(reverse("microlearning:assignments", args=[network_a.tenant.slug])).status_code
        == 403
    )


def test_an_animator_pushes_a_module_to_a_point_of_sale_from_the_zone_page(
    network_a, committed, django_assert_max_num_queries
):
    module = committed(lambda: make_module(network_a, title="Module à pousser"))
    client = network_a.client(Role.ANIMATOR)
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    push = reverse("microlearning:push", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    assert push in client.get(zone_page).content.decode()
    before = client.get(zone_page).content.decode()
    answer = committed(
        lambda: client.post(push, {"module": module.pk, "due_on": due(0).isoformat()})
    )
    assert answer.status_code == 302
    with django_assert_max_num_queries(30):
        page = client.get(zone_page).content.decode()  # seen at once: the version was renewed
    dealer = network_a.members[Role.POS_STAFF].user.get_full_name()
    assert f'<th scope="row">{dealer}</th><td>1</td>' in page
    assert f'<th scope="row">{dealer}</th>' not in before
    with tenant_scope(network_a.tenant):
        staff = set(
            Membership.objects.filter(point_of_sale=network_a.point_of_sale).values_list(
                "pk", flat=True
            )
        )
        assert set(Enrolment.objects.values_list("membership_id", flat=True)) == staff


def test_the_zone_panel_shows_assigned_started_done_and_late_with_few_queries(
    network_a, committed, django_assert_max_num_queries
):
    for number in range(3):
        # Every write under `committed`: one left pending would keep the next from renewing.
        module = committed(
            lambda number=number: make_module(network_a, [quiz(), text()], title=f"Module {number}")
        )
        committed(lambda module=module: assign(network_a, module, days=0))
    for n in range(5):  # more people: the same queries
        PointOfSaleFactory(zone=network_a.zone, name=f"Point {n}")
    client = network_a.client(Role.ANIMATOR)
    zone_page = reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
    client.get(zone_page)
    with django_assert_max_num_queries(12):
        page = client.get(zone_page).content.decode()
    dealer = network_a.members[Role.POS_STAFF].user.get_full_name()
    assert dealer in page
    # The dealer starts one module and finishes another: the panel shows it at once.
    with tenant_scope(network_a.tenant):
        from microlearning.models import Module

        first, second = list(Module.objects.order_by("pk"))[:2]
    committed(lambda: learn(network_a, first, upto=1))
    committed(lambda: learn(network_a, second))
    page = client.get(zone_page).content.decode()
    row = f'<th scope="row">{dealer}</th><td>3</td><td>1</td><td>1</td><td>0</td>'
    assert row in page
    # Late the day after: the key names the day.
    with tenant_scope(network_a.tenant):
        from microlearning.selectors import zone_training

        points = zone_training(tenant=network_a.tenant, zone=network_a.zone, today=due(1))
    person = next(p for point in points for p in point.people if p.name == dealer)
    assert (person.assigned, person.started, person.done, person.late) == (3, 1, 1, 2)


def test_the_dealers_next_five_minutes_resume_then_review_then_assigned(
    network_a, committed, django_assert_max_num_queries
):
    dealer = network_a.client(Role.POS_STAFF)
    page = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    assigned = committed(lambda: make_module(network_a, [quiz(), text()], title="Module assigné"))
    committed(lambda: assign(network_a, assigned, Audience(roles=frozenset({Role.POS_STAFF}))))
    assert "Module assigné" in dealer.get(page).content.decode()
    with django_assert_max_num_queries(15):
        dealer.get(page)
    # Started: resume it at step 2, seen at once.
    committed(lambda: learn(network_a, assigned, upto=1))
    html = dealer.get(page).content.decode()
    assert reverse("microlearning:module", args=[network_a.tenant.slug, assigned.pk]) in html
    assert "2" in html
    # Finished with a card due today: the review.
    committed(lambda: learn(network_a, assigned))
    with tenant_scope(network_a.tenant):
        ReviewCard.objects.update(due=timezone.now())  # the date moved on: a card due today
    html = dealer.get(page).content.decode()
    assert reverse("microlearning:review", args=[network_a.tenant.slug]) in html
    # Someone else's page never shows it.
    manager = network_a.client(Role.HEAD_OFFICE)
    assert (
        reverse("microlearning:review", args=[network_a.tenant.slug])
        not in manager.get(page).content.decode()
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_harmless_on_the_panels_and_assignment_pages(network_a, committed, payload):
    network_a.members[Role.POS_STAFF].user.first_name = payload
    network_a.members[Role.POS_STAFF].user.save()
    network_a.point_of_sale.name = f"Point {payload}"
    network_a.point_of_sale.save()
    module = committed(
        lambda: make_module(network_a, [quiz(question=payload), text()], title=f"T {payload}")
    )
    committed(lambda: assign(network_a, module))
    slug = network_a.tenant.slug
    animator = network_a.client(Role.ANIMATOR)
    for address in (
        reverse("zone", args=[slug, network_a.zone.pk]),
        reverse("microlearning:push", args=[slug, network_a.point_of_sale.pk]),
    ):
        assert dangers(animator.get(address).content.decode()) == [], address
    head = network_a.client(Role.HEAD_OFFICE)
    assert (
        dangers(head.get(reverse("microlearning:assignments", args=[slug])).content.decode()) == []
    )
    dealer = network_a.client(Role.POS_STAFF)
    point = reverse("point_of_sale", args=[slug, network_a.point_of_sale.pk])
    assert dangers(dealer.get(point).content.decode()) == []
    learn(network_a, module, right=False)
    with tenant_scope(network_a.tenant):
        ReviewCard.objects.update(due=timezone.now())
    assert dangers(dealer.get(reverse("microlearning:review", args=[slug])).content.decode()) == []
