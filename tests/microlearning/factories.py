"""Building learning's rows for tests: through the services, as authors and learners would."""

import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from microlearning.models import Module, Progress, ReviewCard, Step
from microlearning.services import (
    ChoiceData,
    ModuleData,
    StepData,
    module_create,
    module_publish,
    progress_start,
    progress_step_pass,
    step_add,
)
from network_animation.models import Role, Zone
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import image_reencode

from ..conftest import Network


def text(body: str = "Le **client** d’abord.", seconds: int = 60) -> StepData:
    return StepData(kind=Step.Kind.TEXT, body_fr=body, estimated_seconds=seconds)


def quiz(
    question: str = "Que demander en premier ?",
    right: str = "Son usage",
    wrong: Sequence[str] = ("Son budget",),
    seconds: int = 45,
) -> StepData:
    choices = [ChoiceData(text_fr=right, is_correct=True, explanation_fr=f"Oui : {right}")]
    choices += [ChoiceData(text_fr=w, explanation_fr=f"Non : {w}") for w in wrong]
    return StepData(
        kind=Step.Kind.QUIZ, body_fr=question, estimated_seconds=seconds, choices=choices
    )


def make_module(
    network: Network,
    steps: Sequence[StepData] = (),
    *,
    role: str = Role.HEAD_OFFICE,
    zone: Zone | None = None,
    title: str = "Découvrir le besoin",
    publish: bool = True,
    **fields,
) -> Module:
    """A module written by the network's person of that role, with these steps (by default a
    text, a quiz question and a text), published unless told otherwise."""
    actor = network.members[role]
    steps = steps or [text(), quiz(), text("À vous de jouer.")]
    with tenant_scope(network.tenant):
        module = module_create(
            tenant=network.tenant,
            actor=actor,
            data=ModuleData(title_fr=title, zone=zone, **fields),
        )
        for step in steps:
            step_add(tenant=network.tenant, actor=actor, module=module, data=step)
        if publish:
            module_publish(tenant=network.tenant, actor=actor, module=module)
            module.refresh_from_db()
    return module


def steps_of(network: Network, module: Module, version_id: int | None = None) -> list[Step]:
    with tenant_scope(network.tenant):
        version = version_id or module.published_id
        return list(Step.objects.filter(version_id=version).prefetch_related("choices"))


def right_choices(step: Step) -> list[int]:
    return [c.pk for c in step.choices.all() if c.is_correct]


def wrong_choices(step: Step) -> list[int]:
    return [c.pk for c in step.choices.all() if not c.is_correct][:1]


def learn(
    network: Network,
    module: Module,
    *,
    role: str = Role.POS_STAFF,
    upto: int | None = None,
    right: bool = True,
) -> Progress:
    """The person of that role starts the module and passes its steps up to `upto` (all by
    default), answering quiz questions right or wrong."""
    actor = network.members[role]
    with tenant_scope(network.tenant):
        progress = progress_start(tenant=network.tenant, actor=actor, module=module)
        steps = list(
            Step.objects.filter(version_id=progress.version_id).prefetch_related("choices")
        )
        for step in steps[progress.position : upto]:
            answer = right_choices(step) if right else wrong_choices(step)
            progress_step_pass(
                tenant=network.tenant,
                actor=actor,
                module_id=module.pk,
                step_id=step.pk,
                choice_ids=answer if step.kind == Step.Kind.QUIZ else (),
            )
        progress.refresh_from_db()
    return progress


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def learning_walk_objects(network: Network) -> dict[str, int]:
    """A published module named after the network, with a step (a quiz question), that the
    network's dealer has started and its manager answered (their review card): ids by the
    parameter names of learning's routes."""
    name = network.tenant.name
    picture = StepData(
        kind=Step.Kind.IMAGE,
        image=image_reencode(SimpleUploadedFile("walk.png", small_png())),
        image_alt_fr=f"Image {name}",
        body_fr=f"Caption {name}",
    )
    module = make_module(
        network,
        [quiz(question=f"Question {name}", right=f"Right {name}"), text(f"Text {name}"), picture],
        title=f"Module {name}",
        summary_fr=f"Summary {name}",
    )
    learn(network, module, upto=0)
    learn(network, module, role=Role.POS_MANAGER, upto=1, right=False)  # a card, due tomorrow
    with tenant_scope(network.tenant):
        card = ReviewCard.objects.get(membership=network.members[Role.POS_MANAGER])
    steps = steps_of(network, module)
    return {
        "module_id": module.pk,
        "step_id": steps[0].pk,
        "image_step_id": steps[2].pk,
        "card_id": card.pk,
        **competence_walk_objects(network, module),
    }


# Competences, assessments, plans and certifications -------------------------------------------


def make_scale(network: Network) -> list:
    """Beginner (from 0 %), Confirmed (from 60 %, proficient), Expert (from 85 %, proficient)."""
    from microlearning.services import LevelData, level_save

    actor = network.members[Role.HEAD_OFFICE]
    rows = [("Débutant", 0, False), ("Confirmé", 60, True), ("Expert", 85, True)]
    with tenant_scope(network.tenant):
        return [
            level_save(
                tenant=network.tenant,
                actor=actor,
                data=LevelData(name_fr=name, min_score=score, proficient=proficient),
            )
            for name, score, proficient in rows
        ]


def make_competence(network: Network, name: str, parent=None, **fields):
    from microlearning.services import CompetenceData, competence_save

    with tenant_scope(network.tenant):
        return competence_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            data=CompetenceData(name_fr=name, parent=parent, **fields),
        )


def link(network: Network, module: Module, *competences) -> None:
    from microlearning.models import ModuleCompetence

    with tenant_scope(network.tenant):
        for competence in competences:
            ModuleCompetence.objects.create(
                tenant=network.tenant, module=module, competence=competence
            )


def make_assessment(network: Network, competences, per_competence: int = 2, publish=True, **names):
    """An assessment with `per_competence` questions on each competence (the right answer is
    always "Juste")."""
    from microlearning.services import (
        AnswerData,
        AssessmentData,
        QuestionData,
        assessment_publish,
        assessment_save,
        question_save,
    )

    actor = network.members[Role.HEAD_OFFICE]
    names = names or {"title_fr": "Évaluation"}
    with tenant_scope(network.tenant):
        assessment = assessment_save(
            tenant=network.tenant, actor=actor, data=AssessmentData(**names)
        )
        for competence in competences:
            for n in range(per_competence):
                question_save(
                    tenant=network.tenant,
                    actor=actor,
                    assessment=assessment,
                    data=QuestionData(
                        competence=competence,
                        body_fr=f"{competence.name} ? {n}",
                        choices=(AnswerData(text_fr="Juste", is_correct=True), AnswerData("Faux")),
                    ),
                )
        if publish:
            assessment = assessment_publish(
                tenant=network.tenant, actor=actor, assessment=assessment
            )
    return assessment


def take(network: Network, assessment, *, role: str = Role.POS_STAFF, right=lambda q: True):
    """The person of that role takes the assessment, answering right where `right(question)`."""
    from microlearning.models import AssessmentQuestion
    from microlearning.services import attempt_answer, attempt_start

    actor = network.members[role]
    with tenant_scope(network.tenant):
        attempt = attempt_start(tenant=network.tenant, actor=actor, assessment=assessment)
        questions = AssessmentQuestion.objects.filter(assessment=assessment).prefetch_related(
            "choices"
        )
        for question in questions:
            wanted = right(question)
            choice = next(c for c in question.choices.all() if c.is_correct == wanted)
            attempt_answer(
                tenant=network.tenant,
                actor=actor,
                assessment=assessment,
                question_id=question.pk,
                choice_ids=[choice.pk],
            )
        attempt.refresh_from_db()
    return attempt


def competence_walk_objects(network: Network, module: Module) -> dict[str, int]:
    """A framework, an assessment the dealer took (a gap: a plan with the module), and a
    certification, named after the network."""
    from microlearning.models import AssessmentQuestion, PlanItem
    from microlearning.services import CertificationData, certification_save

    name = network.tenant.name
    levels = make_scale(network)
    competence = make_competence(network, f"Competence {name}", description_fr=f"About {name}")
    link(network, module, competence)
    assessment = make_assessment(network, [competence], title_fr=f"Assessment {name}")
    take(network, assessment, right=lambda q: False)
    take(network, assessment, role=Role.POS_MANAGER)
    with tenant_scope(network.tenant):
        certification = certification_save(
            tenant=network.tenant,
            actor=network.members[Role.HEAD_OFFICE],
            data=CertificationData(
                name_fr=f"Certification {name}", requirements=[(competence, levels[1])]
            ),
        ).certification
        question = AssessmentQuestion.objects.filter(assessment=assessment).first()
        item = PlanItem.objects.get(plan__membership=network.members[Role.POS_STAFF])
    return {
        "competence_id": competence.pk,
        "level_id": levels[0].pk,
        "assessment_id": assessment.pk,
        "question_id": question.pk,
        "plan_item_id": item.pk,
        "certification_id": certification.pk,
    }


def four_learners(network: Network) -> list:
    """The manager and the staff member of the point of sale, a staff member of the other one,
    and head office (no point of sale: no facts)."""
    from tests.factories import MembershipFactory, UserFactory

    with tenant_scope(network.tenant):
        other = MembershipFactory(
            tenant=network.tenant,
            role=Role.POS_STAFF,
            user=UserFactory(),
            point_of_sale=network.other_point_of_sale,
        )
    members = network.members
    return [members[Role.POS_MANAGER], members[Role.POS_STAFF], other, members[Role.HEAD_OFFICE]]
