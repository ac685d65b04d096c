"""Demo competences: each brand's framework (competences_content.py) written through the
services, its modules linked, an assessment published and taken: the demo dealer has gaps (a
plan of three modules, one late, one re-dated by their manager who reviewed it), their manager
reached every level (certified "Confirmed sales manager"), and other managers of the network
are in between (some certified, some with plans, some late)."""

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from network_animation.models import Membership, Role, Tenant

from ..models import AssessmentQuestion, Competence, Module, ModuleCompetence, PlanItem
from ..services import (
    AnswerData,
    AssessmentData,
    CertificationData,
    CompetenceData,
    LevelData,
    QuestionData,
    assessment_publish,
    assessment_save,
    attempt_answer,
    attempt_start,
    certification_save,
    competence_save,
    level_save,
    plan_item_redate,
    plan_review,
    question_save,
)
from .competences_content import (
    ASSESSMENT_SUMMARY,
    ASSESSMENT_TITLE,
    CERTIFICATION,
    FRAMEWORKS,
    SCALE,
    DemoCompetence,
)

OTHER_ASSESSED = 16  # other managers who took the assessment


def _tree(
    tenant: Tenant,
    author: Membership,
    demos: Sequence[DemoCompetence],
    parent: Competence | None,
    leaves: list[tuple[Competence, DemoCompetence]],
) -> list[Competence]:
    made = []
    for position, demo in enumerate(demos):
        competence = competence_save(
            tenant=tenant,
            actor=author,
            data=CompetenceData(
                name_fr=demo.name[0],
                name_en=demo.name[1],
                description_fr=demo.description[0],
                description_en=demo.description[1],
                parent=parent,
                position=position,
            ),
        )
        made.append(competence)
        if demo.questions:
            leaves.append((competence, demo))
        _tree(tenant, author, demo.children, competence, leaves)
    return made


def _assessment(
    tenant: Tenant, author: Membership, leaves: list[tuple[Competence, DemoCompetence]]
) -> int:
    assessment = assessment_save(
        tenant=tenant,
        actor=author,
        data=AssessmentData(
            title_fr=ASSESSMENT_TITLE[0],
            title_en=ASSESSMENT_TITLE[1],
            summary_fr=ASSESSMENT_SUMMARY[0],
            summary_en=ASSESSMENT_SUMMARY[1],
        ),
    )
    for competence, demo in leaves:
        for question in demo.questions:
            answers = [AnswerData(*question.right, is_correct=True)]
            answers += [AnswerData(*wrong) for wrong in question.wrong]
            question_save(
                tenant=tenant,
                actor=author,
                assessment=assessment,
                data=QuestionData(competence, *question.body, choices=answers),
            )
    return assessment_publish(tenant=tenant, actor=author, assessment=assessment).pk


def _take(tenant: Tenant, person: Membership, assessment_id: int, misses: set[int]) -> None:
    """The person answers every question, wrong on those of the competences in `misses`."""
    from ..models import Assessment

    assessment = Assessment.objects.get(tenant=tenant, pk=assessment_id)
    attempt_start(tenant=tenant, actor=person, assessment=assessment)
    questions = AssessmentQuestion.objects.filter(tenant=tenant, assessment=assessment)
    for question in questions.prefetch_related("choices"):
        wanted = question.competence_id not in misses
        choice = next(c for c in question.choices.all() if c.is_correct == wanted)
        attempt_answer(
            tenant=tenant,
            actor=person,
            assessment=assessment,
            question_id=question.pk,
            choice_ids=[choice.pk],
        )


def competences_seed(
    tenant: Tenant,
    *,
    people: dict[str, Membership | None],
    modules: Sequence[Module],
    rng: random.Random,
) -> None:
    demos, head_office = FRAMEWORKS.get(tenant.slug), people["siege"]
    if not demos or head_office is None:
        return
    levels = [
        level_save(
            tenant=tenant,
            actor=head_office,
            data=LevelData(name_fr=name[0], name_en=name[1], min_score=score, proficient=ok),
        )
        for name, score, ok in SCALE
    ]
    leaves: list[tuple[Competence, DemoCompetence]] = []
    families = _tree(tenant, head_office, demos, None, leaves)
    ModuleCompetence.objects.bulk_create(
        ModuleCompetence(tenant=tenant, module=modules[index], competence=competence)
        for competence, demo in leaves
        for index in demo.modules
        if index < len(modules)
    )
    # Sales techniques and customer relation (the second and third families) confirmed.
    required = [c for c, _demo in leaves if c.parent_id in {families[1].pk, families[2].pk}]
    certification_save(
        tenant=tenant,
        actor=head_office,
        data=CertificationData(
            name_fr=CERTIFICATION[0][0],
            name_en=CERTIFICATION[0][1],
            description_fr=CERTIFICATION[1][0],
            description_en=CERTIFICATION[1][1],
            role=Role.POS_MANAGER,
            validity_months=24,
            requirements=[(c, levels[1]) for c in required],
        ),
    )
    assessment_id = _assessment(tenant, head_office, leaves)
    _people_assessed(tenant, people, leaves, assessment_id, modules, rng)


def _people_assessed(
    tenant: Tenant,
    people: dict[str, Membership | None],
    leaves: list[tuple[Competence, DemoCompetence]],
    assessment_id: int,
    modules: Sequence[Module],
    rng: random.Random,
) -> None:
    dealer, manager = people["vendeur"], people["responsable"]
    today = timezone.localdate()
    if manager is not None:
        _take(tenant, manager, assessment_id, misses=set())  # certified
    if dealer is not None:
        # Gaps where the modules 1 (in progress), 2 and 3 help.
        gaps = {c.pk for c, demo in leaves if set(demo.modules) & {1, 2, 3}}
        _take(tenant, dealer, assessment_id, misses=gaps)
        items = PlanItem.objects.filter(tenant=tenant, plan__membership=dealer).order_by("due_on")
        late = items.filter(module=modules[2]).first() or items.first()
        if late is not None:
            PlanItem.objects.filter(tenant=tenant, pk=late.pk).update(
                due_on=today - dt.timedelta(days=4)
            )
        if manager is not None and manager.point_of_sale_id == dealer.point_of_sale_id:
            later = items.filter(module=modules[3]).first()
            if later is not None:
                plan_item_redate(
                    tenant=tenant, actor=manager, item=later, due_on=today + dt.timedelta(days=30)
                )
            plan_review(tenant=tenant, actor=manager, person=dealer)
    others = Membership.objects.filter(tenant=tenant, role=Role.POS_MANAGER, is_active=True)
    if manager is not None:
        others = others.exclude(pk=manager.pk)
    for person in others.order_by("pk")[:OTHER_ASSESSED]:
        misses = {c.pk for c, _demo in leaves if rng.random() < 0.3}
        _take(tenant, person, assessment_id, misses)
        if rng.random() < 0.4:  # a plan that started weeks ago: its first item is late
            first = (
                PlanItem.objects.filter(tenant=tenant, plan__membership=person)
                .order_by("due_on")
                .first()
            )
            if first is not None:
                PlanItem.objects.filter(tenant=tenant, pk=first.pk).update(
                    due_on=today - dt.timedelta(days=rng.randint(2, 20))
                )
