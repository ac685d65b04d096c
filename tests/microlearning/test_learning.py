"""Learning a module: resume at the exact step, quiz answers checked on the server, points by
attempt without farming, the list's tabs (the modules assigned first, with their due date), and
bounded queries."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from microlearning.models import LearningSettings, Progress, QuizAttempt
from microlearning.services import assignment_create, progress_start, progress_step_pass
from network_animation.audiences import Audience
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import learn, make_module, quiz, right_choices, steps_of, text, wrong_choices

pytestmark = pytest.mark.django_db


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


def one_question(network, **fields):
    return make_module(network, [quiz()], pass_mark=100, **fields)


def answer(network, module, *, right: bool, role=Role.POS_STAFF) -> Progress:
    """One run: start (or retake) the module and answer its one question."""
    return learn(network, module, role=role, right=right)


@pytest.mark.parametrize(("misses", "points"), [(0, 10), (1, 7), (2, 5), (3, 2), (5, 2)])
def test_points_fall_with_each_attempt(network_a, misses, points):
    module = one_question(network_a)
    for _ in range(misses):
        assert answer(network_a, module, right=False).points_earned == 0
    progress = answer(network_a, module, right=True)
    assert progress.points_earned == points
    assert progress.passed_at is not None
    with tenant_scope(network_a.tenant):
        last = QuizAttempt.objects.order_by("pk").last()
    assert (last.number, last.correct, last.points) == (misses + 1, True, points)


def test_retaking_a_passed_module_earns_nothing_more(network_a):
    module = one_question(network_a)
    assert answer(network_a, module, right=True).points_earned == 10
    again = answer(network_a, module, right=True)
    assert (again.points_earned, again.times_completed, again.run) == (10, 2, 2)
    with tenant_scope(network_a.tenant):
        assert list(QuizAttempt.objects.values_list("points", flat=True)) == [10, 0]


def test_the_tenants_own_scale_applies(network_a, network_b):
    with tenant_scope(network_a.tenant):
        LearningSettings.objects.create(tenant=network_a.tenant, points_by_attempt=[20, 1])
    module_a, module_b = one_question(network_a), one_question(network_b)
    answer(network_a, module_a, right=False)
    assert answer(network_a, module_a, right=True).points_earned == 1
    assert answer(network_b, module_b, right=True).points_earned == 10


def test_the_quiz_page_never_holds_the_right_answer_before_it_is_submitted(network_a):
    module = make_module(
        network_a,
        [quiz(right="REPONSE-JUSTE", wrong=("REPONSE-FAUSSE", "AUTRE-FAUSSE"))],
    )
    learn(network_a, module, upto=0)
    step = steps_of(network_a, module)[0]
    client = network_a.client(Role.POS_STAFF)
    page = client.get(url(network_a, "module", module.pk)).content.decode()
    inputs = re.findall(r'<label class="answer">(.*?)</label>', page, re.S)
    assert len(inputs) == 3
    # Each choice's markup is the same but for its id and text: nothing tells the right one.
    shapes = {
        re.sub(r'value="\d+"|REPONSE-JUSTE|REPONSE-FAUSSE|AUTRE-FAUSSE', "", i) for i in inputs
    }
    assert len(shapes) == 1
    assert "Oui :" not in page
    assert "Non :" not in page
    assert "correct" not in page.lower()
    assert "answer--right" not in page
    # After the answer, the explanation of the answer chosen, and only of it.
    answered = client.post(
        url(network_a, "step_pass", module.pk, step.pk), {"choice": wrong_choices(step)}
    )
    assert answered.status_code == 302
    feedback = client.get(answered["Location"]).content.decode()
    assert "Non : REPONSE-FAUSSE" in feedback
    assert "Oui : REPONSE-JUSTE" not in feedback
    assert "AUTRE-FAUSSE" not in feedback


def test_no_answer_is_refused_and_saves_nothing(network_a):
    module = make_module(network_a, [quiz(), text()])
    learn(network_a, module, upto=0)
    step = steps_of(network_a, module)[0]
    client = network_a.client(Role.POS_STAFF)
    refused = client.post(url(network_a, "step_pass", module.pk, step.pk), {"choice": "x"})
    assert refused.status_code == 400
    with tenant_scope(network_a.tenant):
        assert Progress.objects.get().position == 0
        assert not QuizAttempt.objects.exists()


def test_the_module_resumes_at_the_exact_step_on_another_device(network_a):
    module = make_module(network_a, [text("Un"), text("Deux"), text("Trois"), text("Quatre")])
    steps = steps_of(network_a, module)
    phone = network_a.client(Role.POS_STAFF)
    phone.post(url(network_a, "start", module.pk))
    for step in steps[:2]:
        assert phone.post(url(network_a, "step_pass", module.pk, step.pk)).status_code == 302
    desktop = network_a.client(Role.POS_STAFF)  # another session
    page = desktop.get(url(network_a, "module", module.pk)).content.decode()
    assert "Trois" in page
    assert 'data-step="3"' in page
    # The old tab's second click on step 2 changes nothing.
    phone.post(url(network_a, "step_pass", module.pk, steps[1].pk))
    with tenant_scope(network_a.tenant):
        assert Progress.objects.get().position == 2


def test_htmx_swaps_the_next_step_in(network_a):
    module = make_module(network_a, [text("Un"), text("Deux")])
    steps = steps_of(network_a, module)
    client = network_a.client(Role.POS_STAFF)
    client.post(url(network_a, "start", module.pk))
    swapped = client.post(
        url(network_a, "step_pass", module.pk, steps[0].pk), HTTP_HX_REQUEST="true"
    )
    html = swapped.content.decode()
    assert swapped.status_code == 200
    assert html.lstrip().startswith('<section id="player"')
    assert "Deux" in html
    assert "<html" not in html


def test_completion_records_the_time_spent_and_the_score(network_a):
    module = make_module(network_a, [text(), quiz(), quiz(question="Et ensuite ?")], pass_mark=50)
    actor = network_a.members[Role.POS_STAFF]
    steps = steps_of(network_a, module)
    with tenant_scope(network_a.tenant):
        progress = progress_start(tenant=network_a.tenant, actor=actor, module=module)
        Progress.objects.filter(pk=progress.pk).update(
            last_step_at=progress.last_step_at.replace(year=progress.last_step_at.year - 1)
        )
        for step, choices in zip(
            steps, [[], right_choices(steps[1]), wrong_choices(steps[2])], strict=True
        ):
            progress_step_pass(
                tenant=network_a.tenant,
                actor=actor,
                module_id=module.pk,
                step_id=step.pk,
                choice_ids=choices,
            )
        progress.refresh_from_db()
    assert progress.completed_at is not None
    assert 300 <= progress.seconds_spent < 310  # a year away counts as five minutes at most
    assert (progress.last_score, progress.best_score, progress.points_earned) == (50, 50, 10)
    assert progress.passed_at is not None


def test_the_list_tabs_sort_modules_to_do_in_progress_and_done(network_a, network_b):
    todo = make_module(network_a, title="A faire")
    running = make_module(network_a, title="En cours")
    done = make_module(network_a, title="Fini")
    make_module(network_a, title="Brouillon", publish=False)
    make_module(network_a, title="Autre zone", role=Role.HEAD_OFFICE, zone=network_a.other_zone)
    make_module(network_b, title="CANARY-B-7f3a")
    learn(network_a, running, upto=1)
    learn(network_a, done)
    client = network_a.client(Role.POS_STAFF)

    def titles(tab: str) -> set[str]:
        page = client.get(url(network_a, "list") + f"?tab={tab}").content.decode()
        return set(re.findall(r'module-card__link" href="[^"]+">([^<]+)<', page))

    assert titles("todo") == {todo.title_fr}
    assert titles("running") == {running.title_fr}
    assert titles("done") == {done.title_fr}
    assert (
        client.get(url(network_a, "module", make_module(network_a, publish=False).pk)).status_code
        == 404
    )


def test_the_modules_assigned_come_first_to_do_with_their_nearest_due_date(network_a):
    later = make_module(network_a, title="Plus tard")
    assigned = make_module(network_a, title="Affecté")
    make_module(network_a, title="Libre")  # the latest written: first, were nothing assigned
    today = timezone.localdate()
    with tenant_scope(network_a.tenant):
        for module, days in ((assigned, 20), (assigned, 5), (later, 30)):
            assignment_create(
                tenant=network_a.tenant,
                actor=network_a.members[Role.HEAD_OFFICE],
                module=module,
                audience=Audience(),
                due_on=today + dt.timedelta(days=days),
            )
    client = network_a.client(Role.POS_STAFF)

    def cards() -> list[tuple[str, str]]:
        page = client.get(url(network_a, "list")).content.decode()
        found = re.findall(
            r'module-card__link" href="[^"]+">([^<]+)<.*?module-card__meta">\s*'
            r'(?:<span class="module-card__due">([^<]+)<)?',
            page,
            flags=re.S,
        )
        return [(title, due.strip()) for title, due in found]

    def due(days: int) -> str:
        return "échéance le " + date_format(today + dt.timedelta(days=days), "SHORT_DATE_FORMAT")

    assert cards() == [("Affecté", due(5)), ("Plus tard", due(30)), ("Libre", "")]
    learn(network_a, assigned)
    done = client.get(url(network_a, "list") + "?tab=done").content.decode()
    assert "Affecté" in done
    assert "module-card__due" not in done  # done: no date to keep


def test_the_kpi_filter_and_the_empty_states(network_a):
    from kpis.models import KpiDefinition

    with tenant_scope(network_a.tenant):
        kpi = KpiDefinition.objects.create(
            tenant=network_a.tenant, code="vn", name_fr="Ventes VN", name_en="New car sales"
        )
    make_module(network_a, title="Sans KPI")
    make_module(network_a, title="Avec KPI", kpis=[kpi])
    client = network_a.client(Role.POS_STAFF)
    page = client.get(url(network_a, "list") + f"?kpi={kpi.pk}").content.decode()
    assert "Avec KPI" in page
    assert "Sans KPI" not in page
    empty = client.get(url(network_a, "list") + "?tab=done").content.decode()
    assert 'class="empty"' in empty


def test_the_module_list_costs_the_same_queries_for_many_modules(
    network_a, django_assert_max_num_queries
):
    client = network_a.client(Role.POS_STAFF)
    client.get(url(network_a, "list"))  # the session and the membership, warmed
    for number in range(3):
        learn(network_a, make_module(network_a, title=f"Module {number}"), upto=1)
    with django_assert_max_num_queries(14):
        assert client.get(url(network_a, "list") + "?tab=running").status_code == 200
    for number in range(12):
        make_module(network_a, title=f"Encore {number}")
    with django_assert_max_num_queries(14):
        assert client.get(url(network_a, "list")).status_code == 200


def test_saving_a_step_costs_a_few_queries(network_a, django_assert_max_num_queries):
    module = make_module(network_a, [text(), quiz(), text()])
    steps = steps_of(network_a, module)
    client = network_a.client(Role.POS_STAFF)
    client.post(url(network_a, "start", module.pk))
    client.post(url(network_a, "step_pass", module.pk, steps[0].pk))
    with django_assert_max_num_queries(11):
        client.post(
            url(network_a, "step_pass", module.pk, steps[1].pk),
            {"choice": right_choices(steps[1])},
            HTTP_HX_REQUEST="true",
        )
    with django_assert_max_num_queries(9):
        client.post(url(network_a, "step_pass", module.pk, steps[2].pk), HTTP_HX_REQUEST="true")


def test_a_learner_coming_back_reads_the_module_with_their_progress(
    network_a, django_assert_max_num_queries
):
    """One query gives the module and where they are; a module archived since they started it
    still opens for them, and for nobody else."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from microlearning.services import module_archive

    module = make_module(network_a, [text(), text(), text()])
    learn(network_a, module, upto=1)
    client = network_a.client(Role.POS_STAFF)
    client.get(url(network_a, "module", module.pk))  # the session and the membership, warmed
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url(network_a, "module", module.pk)).content.decode()
    assert "Étape 2 sur 3" in page
    assert not [q for q in captured if q["sql"].startswith('SELECT "microlearning_module"')]
    with tenant_scope(network_a.tenant):
        module_archive(
            tenant=network_a.tenant, actor=network_a.members[Role.HEAD_OFFICE], module=module
        )
    assert client.get(url(network_a, "module", module.pk)).status_code == 200
    other = network_a.client(Role.POS_MANAGER)
    assert other.get(url(network_a, "module", module.pk)).status_code == 404
