"""The skills axis and training plans (issue 16, item 2): a person's gap names competences of
learning's framework; their plan takes the modules for them through learning's plan service
(the manager's choices kept, their review asked again when someone else changed the gaps); the
skills axis shows each person's plan progress; meeting the standard clears the competences."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import SkillLevel
from challenges.units.services import SkillEntry, skills_save
from challenges.units.training.selectors import training_of
from challenges.units.training.services import skill_gap_train
from microlearning.models import ObservedGap, PlanItem, TrainingPlan
from microlearning.services import plan_item_remove, plan_review
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..microlearning.factories import learn, link, make_competence, make_module
from .units_factories import another_member, assign_coach, start_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(settings):
    """Pages read in English here (French is the default; tests/test_translations.py checks
    that every string has its French)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(network_a):
    """Two competences (Accueil: two modules; Conseil: one), a project whose staff member is
    far from the standard, the network's coach assigned to the point of sale."""
    network = network_a
    welcome = make_competence(network, "Accueil")
    advice = make_competence(network, "Conseil")
    modules = {
        "smile": make_module(network, title="Sourire"),
        "greet": make_module(network, title="Saluer"),
        "advise": make_module(network, title="Conseiller"),
    }
    link(network, modules["smile"], welcome)
    link(network, modules["greet"], welcome)
    link(network, modules["advise"], advice)
    assign_coach(network)
    project = start_project(network)
    assess(network, project, SkillLevel.FAR)
    return network, project, {"welcome": welcome, "advice": advice}, modules


def assess(network, project, level, role=Role.POS_STAFF):
    with tenant_scope(network.tenant):
        skills_save(
            tenant=network.tenant,
            actor=network.members[Role.POS_MANAGER],
            project=project,
            entries=[SkillEntry(network.members[role], level, "Oublie de saluer")],
        )


def training_url(network, project, person) -> str:
    args = [network.tenant.slug, project.pk, person.pk]
    return reverse("challenges:unit_skill_training", args=args)


def plan_modules(network, person) -> dict[int, str]:
    """The modules in the person's plan (not removed), with where they come from."""
    with tenant_scope(network.tenant):
        items = PlanItem.objects.filter(
            tenant=network.tenant, plan__membership=person, removed_at__isnull=True
        )
        return dict(items.values_list("module_id", "source"))


def train(network, project, competences, role=Role.COACH, person_role=Role.POS_STAFF):
    with tenant_scope(network.tenant):
        return skill_gap_train(
            tenant=network.tenant,
            actor=network.members[role],
            project=project,
            person=network.members[person_role],
            competences=competences,
            today=timezone.localdate(),
        )


def test_the_coach_names_a_competence_and_the_plan_takes_its_modules(world, english):
    network, project, competences, modules = world
    staff = network.members[Role.POS_STAFF]
    answer = network.client(Role.COACH).post(
        training_url(network, project, staff), {"competences": [competences["welcome"].pk]}
    )
    assert answer.status_code == 302
    assert plan_modules(network, staff) == {
        modules["smile"].pk: PlanItem.Source.GAP,
        modules["greet"].pk: PlanItem.Source.GAP,
    }
    learn(network, modules["smile"])
    with translation.override("en"):
        page = network.client(Role.COACH).get(
            reverse("challenges:unit_project", args=[network.tenant.slug, network.point_of_sale.pk])
        )
        text = page.content.decode()
        assert "Training plan: 1 of 2 modules done" in text
        assert "Accueil" in text
        assert training_url(network, project, staff) in text
        form = network.client(Role.COACH).get(training_url(network, project, staff))
    assert form.status_code == 200
    assert "Sourire" in form.content.decode()
    assert "Conseil (1 module)" in form.content.decode()


def test_the_managers_choices_stay_and_their_review_is_asked_again(world):
    network, project, competences, modules = world
    staff, manager = network.members[Role.POS_STAFF], network.members[Role.POS_MANAGER]
    train(network, project, [competences["welcome"]])
    with tenant_scope(network.tenant):
        removed = PlanItem.objects.get(tenant=network.tenant, module=modules["greet"])
        plan_item_remove(tenant=network.tenant, actor=manager, item=removed)
        plan_review(tenant=network.tenant, actor=manager, person=staff)
    train(network, project, [competences["welcome"], competences["advice"]])
    assert plan_modules(network, staff) == {
        modules["smile"].pk: PlanItem.Source.GAP,
        modules["advise"].pk: PlanItem.Source.GAP,
    }  # the module the manager removed never comes back
    with tenant_scope(network.tenant):
        plan = TrainingPlan.objects.get(tenant=network.tenant, membership=staff)
        assert plan.reviewed_at is None  # the coach changed the gaps: the manager looks again
        plan_review(tenant=network.tenant, actor=manager, person=staff)
    train(network, project, [competences["advice"]], role=Role.POS_MANAGER)
    with tenant_scope(network.tenant):
        plan.refresh_from_db()
    assert plan.reviewed_by == manager  # their own change: their review stands
    assert plan_modules(network, staff) == {modules["advise"].pk: PlanItem.Source.GAP}


def test_meeting_the_standard_clears_the_competences_and_their_open_modules(world):
    network, project, competences, modules = world
    staff = network.members[Role.POS_STAFF]
    train(network, project, [competences["welcome"]])
    learn(network, modules["smile"])
    assess(network, project, SkillLevel.MEETS)
    with tenant_scope(network.tenant):
        assert not ObservedGap.objects.filter(tenant=network.tenant).exists()
        done = PlanItem.objects.filter(tenant=network.tenant, module=modules["smile"]).exists()
    assert done  # kept as history
    assert modules["greet"].pk not in plan_modules(network, staff)


def test_only_a_gap_names_competences_and_only_the_projects_editors_name_them(world):
    network, project, competences, _modules = world
    manager = network.members[Role.POS_MANAGER]
    with pytest.raises(ValidationError):  # the manager is not assessed: no gap
        train(network, project, [competences["welcome"]], person_role=Role.POS_MANAGER)
    assess(network, project, SkillLevel.MODEL, role=Role.POS_MANAGER)
    answer = network.client(Role.COACH).post(
        training_url(network, project, manager), {"competences": [competences["welcome"].pk]}
    )
    assert answer.status_code == 400
    for role in (Role.POS_STAFF, Role.ANIMATOR, Role.REGIONAL_DIRECTOR):
        with pytest.raises(PermissionDenied):
            train(network, project, [competences["welcome"]], role=role)
        page = network.client(role).get(training_url(network, project, network.members[role]))
        assert page.status_code in (403, 404)
    stranger = another_member(network, Role.POS_STAFF, point_of_sale=network.other_point_of_sale)
    assert network.client(Role.COACH).get(training_url(network, project, stranger)).status_code == (
        404
    )


def test_another_networks_competence_is_refused(world, network_b):
    network, project, _competences, _modules = world
    foreign = make_competence(network_b, "CANARY compétence")
    staff = network.members[Role.POS_STAFF]
    answer = network.client(Role.COACH).post(
        training_url(network, project, staff), {"competences": [foreign.pk]}
    )
    assert answer.status_code == 400
    assert "CANARY" not in answer.content.decode()
    assert plan_modules(network, staff) == {}


def test_the_staff_member_sees_their_own_plan_progress_only(world, english):
    network, project, competences, _modules = world
    train(network, project, [competences["welcome"]])
    colleague = another_member(network, Role.POS_STAFF, point_of_sale=network.point_of_sale)
    with tenant_scope(network.tenant):
        skills_save(
            tenant=network.tenant,
            actor=network.members[Role.POS_MANAGER],
            project=project,
            entries=[SkillEntry(colleague, SkillLevel.PARTLY)],
        )
    train(network, project, [competences["advice"]])
    address = reverse(
        "challenges:unit_project", args=[network.tenant.slug, network.point_of_sale.pk]
    )
    with translation.override("en"):
        mine = network.client(Role.POS_STAFF).get(address).content.decode()
    assert "Training plan: 0 of 1 modules done" in mine
    assert (colleague.user.get_full_name() or colleague.user.email) not in mine
    assert training_url(network, project, network.members[Role.POS_STAFF]) not in mine


def test_each_persons_training_in_four_queries(world, django_assert_max_num_queries):
    network, project, competences, _modules = world
    people = [another_member(network, Role.POS_STAFF, point_of_sale=network.point_of_sale)]
    people += [network.members[Role.POS_STAFF], network.members[Role.POS_MANAGER]]
    train(network, project, [competences["welcome"], competences["advice"]])
    with tenant_scope(network.tenant), django_assert_max_num_queries(4):
        rows = training_of(tenant=network.tenant, people=people, today=timezone.localdate())
    staff = rows[network.members[Role.POS_STAFF].pk]
    assert [c.name for c in staff.competences] == ["Accueil", "Conseil"]
    assert (staff.plan.total, staff.plan.done) == (3, 0)
    assert rows[people[0].pk].plan.total == 0


def test_the_demos_skills_axis_names_gaps_whose_modules_are_in_the_plans():
    """`seed_demo`'s order (learning's demo, the coach assigned to the demo's zone by the
    communities' demo, then the units'): on the demo unit's skills axis, the salesperson and a
    neighbour's manager have gaps naming real competences; the salesperson's plan holds modules
    building each, and is still reviewed (their manager named them)."""
    import random

    from challenges.units.demo import units_demo_seed
    from communities.services import coach_assign
    from microlearning.demo import learning_demo_seed
    from microlearning.models import ModuleCompetence
    from microlearning.selectors.plans import observed_gaps_of, plan_of
    from network_animation.demo import CAR_MAKER, build_brand
    from network_animation.models import Membership, PointOfSale

    tenant = build_brand(CAR_MAKER, points_of_sale=12, zones_per_region=2)
    with tenant_scope(tenant):
        learning_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        members = Membership.objects.filter(tenant=tenant)
        head_office = members.get(user__email=f"siege@{CAR_MAKER.domain}")
        coach = members.get(user__email=f"coach@{CAR_MAKER.domain}")
        home = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
        coach_assign(tenant=tenant, actor=head_office, coach=coach, zone=home.zone)
        units_demo_seed(tenant=tenant, days=30, rng=random.Random(7))
        dealer = members.get(user__email=f"vendeur@{CAR_MAKER.domain}")
        gaps = observed_gaps_of(tenant=tenant, membership_ids=[m.pk for m in members])
        named = {person: competences for person, competences in gaps.items() if competences}
        plan = plan_of(tenant=tenant, membership=dealer, today=timezone.localdate())
        building = list(
            ModuleCompetence.objects.filter(
                tenant=tenant, competence__in=named.get(dealer.pk, [])
            ).values_list("competence_id", "module_id")
        )
    assert len(named) >= 2  # the demo's salesperson and a neighbour's manager, at least
    assert len(named[dealer.pk]) == 2
    in_plan = {line.item.module_id for line in plan.lines}
    for competence in named[dealer.pk]:  # each named competence brings its modules
        assert {module for c, module in building if c == competence.pk} & in_plan
    assert plan.plan is not None
    assert plan.plan.reviewed_at is not None
