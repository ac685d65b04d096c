"""Assessments: one question per screen, answers checked on the server (the page never holds
which answer is right), a level per competence from the documented thresholds, resuming at the
question reached, and a frozen published assessment."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microlearning.models import AssessmentAnswer, AssessmentQuestion, CompetenceResult
from microlearning.planning import level_for
from microlearning.services import AnswerData, QuestionData, question_save
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import make_assessment, make_competence, make_scale, take

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """These pages are read in English here (French is the default; tests/test_translations.py
    checks that every string has its French)."""
    settings.LANGUAGE_CODE = "en"


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


@pytest.fixture
def assessment(network_a):
    make_scale(network_a)
    produit = make_competence(network_a, "Produit")
    vente = make_competence(network_a, "Vente")
    return make_assessment(network_a, [produit, vente], per_competence=2)


def questions(network, assessment) -> list[AssessmentQuestion]:
    with tenant_scope(network.tenant):
        return list(
            AssessmentQuestion.objects.filter(assessment=assessment).prefetch_related("choices")
        )


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "low"), (59, "low"), (60, "mid"), (84, "mid"), (85, "top"), (100, "top")],
)
def test_a_score_reaches_the_highest_level_whose_threshold_it_attains(score, level):
    assert level_for(score, [("mid", 60), ("low", 0), ("top", 85)]) == level


def test_a_result_per_competence_with_its_level(network_a, assessment):
    # Both "Produit" questions right, one of two "Vente" questions right.
    missed = questions(network_a, assessment)[3].pk
    attempt = take(network_a, assessment, right=lambda q: q.pk != missed)
    assert attempt.score == 75
    with tenant_scope(network_a.tenant):
        results = {
            r.competence.name_fr: (r.score, r.level.name_fr, r.level.proficient)
            for r in CompetenceResult.objects.select_related("competence", "level")
        }
    assert results == {"Produit": (100, "Expert", True), "Vente": (50, "Débutant", False)}


def test_the_page_never_holds_the_right_answer_before_it_is_submitted(network_a, assessment):
    client = network_a.client(Role.POS_STAFF)
    client.post(url(network_a, "assessment_start", assessment.pk))
    first = questions(network_a, assessment)[0]
    page = client.get(url(network_a, "assessment", assessment.pk)).content.decode()
    assert "Question 1 of 4" in page
    right, wrong = (c for c in sorted(first.choices.all(), key=lambda c: not c.is_correct))
    # The two answers are there, alike: nothing tells one from the other.
    tags = re.findall(r'<label class="answer">.*?</label>', page)
    assert len(tags) == 2
    assert [re.sub(r"\d+|Juste|Faux", "", tag) for tag in tags] == [
        re.sub(r"\d+|Juste|Faux", "", tags[0])
    ] * 2
    assert "correct" not in page
    assert "✓" not in page

    # A forged answer naming no choice of the question is refused; the answer is checked here.
    answer = url(network_a, "assessment_answer", assessment.pk, first.pk)
    assert client.post(answer, {"choice": ["999999"]}).status_code == 400
    client.post(answer, {"choice": [str(wrong.pk)]})
    with tenant_scope(network_a.tenant):
        saved = AssessmentAnswer.objects.get(question=first)
    assert (saved.chosen, saved.correct) == ([wrong.pk], False)
    # A second click on the question answered changes nothing.
    client.post(answer, {"choice": [str(right.pk)]})
    with tenant_scope(network_a.tenant):
        assert AssessmentAnswer.objects.get(question=first).correct is False


def test_one_question_per_screen_then_the_results(network_a, assessment):
    client = network_a.client(Role.POS_STAFF)
    client.post(url(network_a, "assessment_start", assessment.pk))
    for n, question in enumerate(questions(network_a, assessment), start=1):
        page = client.get(url(network_a, "assessment", assessment.pk)).content.decode()
        assert f"Question {n} of 4" in page  # resumes at the question reached, on any device
        right = next(c for c in question.choices.all() if c.is_correct)
        answer = url(network_a, "assessment_answer", assessment.pk, question.pk)
        # htmx swaps the next question in.
        swapped = client.post(answer, {"choice": [str(right.pk)]}, headers={"HX-Request": "true"})
        assert swapped.status_code == 200
        assert "<html" not in swapped.content.decode()
    page = client.get(url(network_a, "assessment", assessment.pk)).content.decode()
    assert "Your results" in page
    assert "Expert · 100%" in page  # English spacing


def test_a_published_assessment_is_frozen(network_a, assessment):
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError):
        question_save(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            assessment=assessment,
            data=QuestionData(
                competence=questions(network_a, assessment)[0].competence,
                body_fr="Nouvelle ?",
                choices=(AnswerData("Oui", is_correct=True), AnswerData("Non")),
            ),
        )


def test_a_draft_assessment_is_not_open(network_a):
    make_scale(network_a)
    draft = make_assessment(network_a, [make_competence(network_a, "Vente")], publish=False)
    client = network_a.client(Role.POS_STAFF)
    assert client.get(url(network_a, "assessment", draft.pk)).status_code == 404
    assert client.post(url(network_a, "assessment_start", draft.pk)).status_code == 404


def test_only_head_office_writes_assessments(network_a, assessment):
    for role in (Role.ANIMATOR, Role.POS_MANAGER, Role.POS_STAFF):
        client = network_a.client(role)
        assert client.get(url(network_a, "framework")).status_code == 403
        assert client.get(url(network_a, "assessment_manage", assessment.pk)).status_code == 403
    assert network_a.client().get(url(network_a, "framework")).status_code == 200


def test_my_assessments_page_in_bounded_queries(
    network_a, assessment, django_assert_max_num_queries
):
    take(network_a, assessment)
    client = network_a.client(Role.POS_STAFF)
    client.get(url(network_a, "assessments"))
    with django_assert_max_num_queries(14):
        page = client.get(url(network_a, "assessments"))
    assert "Expert" in page.content.decode()


def test_the_assessment_page_in_bounded_queries(
    network_a, assessment, django_assert_max_num_queries
):
    client = network_a.client(Role.POS_STAFF)
    client.post(url(network_a, "assessment_start", assessment.pk))
    # The page's own: the assessment, the attempt, the question, its answers.
    with django_assert_max_num_queries(14):
        assert client.get(url(network_a, "assessment", assessment.pk)).status_code == 200


def test_starting_twice_resumes_the_same_attempt(network_a, assessment):
    from microlearning.services import attempt_start

    dealer = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        first = attempt_start(tenant=network_a.tenant, actor=dealer, assessment=assessment)
        again = attempt_start(tenant=network_a.tenant, actor=dealer, assessment=assessment)
    assert first.pk == again.pk
