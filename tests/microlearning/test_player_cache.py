"""The player's step kept rendered (microlearning/views/learning.py): a learner coming back reads
no step, every learner's forms carry their own CSRF token, a new version or another language is
never served an older rendering, and the step, the quiz and its answer stay each person's own."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from microlearning.models import Progress
from microlearning.services import ModuleData, module_publish, module_update, step_update
from network_animation.fragments import csrf_placeholder
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import learn, make_module, quiz, right_choices, steps_of, text

pytestmark = pytest.mark.django_db


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


def page(client, network, module, **headers) -> str:
    return client.get(url(network, "module", module.pk), **headers).content.decode()


def player(html: str) -> str:
    """The player's section, without its CSRF token (masked anew at each request)."""
    start = html.index('<section id="player"')
    section = html[start : html.index("</section>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", section)


def test_a_learner_coming_back_reads_no_step(network_a, django_assert_max_num_queries):
    module = make_module(network_a, [text("Premier pas."), text("**Deuxième** pas."), text()])
    learn(network_a, module, upto=1)
    client = network_a.client(Role.POS_STAFF)
    first = page(client, network_a, module)
    with CaptureQueriesContext(connection) as captured:
        again = page(client, network_a, module)
    assert player(again) == player(first)
    assert "<strong>Deuxième</strong> pas." in again
    assert "Étape 2 sur 3" in again
    assert not [q for q in captured if "microlearning_step" in q["sql"]]
    assert not [q for q in captured if "microlearning_choice" in q["sql"]]
    # The tenant, the person, their progress with its module and version (and, on PostgreSQL,
    # the row-level security's two settings).
    with django_assert_max_num_queries(5):
        page(client, network_a, module)


def test_each_learner_gets_their_own_token_and_resumes_at_their_step(network_a, committed):
    """Two people at the same step share the rendering, never the token: a step passed from a
    second browser (its own token, CSRF checked) is accepted, and each resumes where they are."""
    module = committed(lambda: make_module(network_a, [text("Un."), text("Deux."), text("Trois.")]))
    committed(lambda: learn(network_a, module, role=Role.POS_STAFF, upto=1))
    committed(lambda: learn(network_a, module, role=Role.POS_MANAGER, upto=1))
    assert "Deux." in page(network_a.client(Role.POS_STAFF), network_a, module)  # kept
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(network_a.members[Role.POS_MANAGER].user)
    shown = page(browser, network_a, module)
    form = re.search(r'action="([^"]*/steps/\d+/)"[^>]*>\s*<input[^>]*value="([^"]+)"', shown)
    assert form is not None
    assert "Deux." in shown
    assert csrf_placeholder() not in shown
    answer = committed(lambda: browser.post(form.group(1), {"csrfmiddlewaretoken": form.group(2)}))
    assert answer.status_code == 302
    assert "Trois." in page(browser, network_a, module)
    assert "Deux." in page(network_a.client(Role.POS_STAFF), network_a, module)
    with tenant_scope(network_a.tenant):
        positions = dict(
            Progress.objects.filter(module=module).values_list("membership__role", "position")
        )
    assert positions == {Role.POS_STAFF: 1, Role.POS_MANAGER: 2}


def test_a_new_version_is_never_served_the_old_rendering(network_a):
    """A learner who starts after the module changed reads the new text at once; one whose run
    began on the old version keeps it (a published version is frozen)."""
    module = make_module(network_a, [text("Ancien texte."), text()])
    learn(network_a, module, role=Role.POS_STAFF, upto=0)
    staff = network_a.client(Role.POS_STAFF)
    assert "Ancien texte." in page(staff, network_a, module)
    author = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        step = steps_of(network_a, module)[0]
        step_update(tenant=network_a.tenant, actor=author, step=step, data=text("Nouveau texte."))
        module_publish(tenant=network_a.tenant, actor=author, module=module)
    learn(network_a, module, role=Role.POS_MANAGER, upto=0)
    assert "Nouveau texte." in page(network_a.client(Role.POS_MANAGER), network_a, module)
    assert "Ancien texte." in page(staff, network_a, module)


def test_each_language_gets_its_own_rendering(network_a):
    module = make_module(network_a, [text(), text()])
    with tenant_scope(network_a.tenant):
        step = steps_of(network_a, module)[0]
        step.body_en = "Customer first."
        step.save(update_fields=["body_en"])
    learn(network_a, module, upto=0)
    client = network_a.client(Role.POS_STAFF)
    assert "Le <strong>client</strong> d’abord." in page(client, network_a, module)
    english = page(client, network_a, module, HTTP_ACCEPT_LANGUAGE="en")
    assert "Customer first." in english
    assert "Step 1 of 2" in english


def test_a_quiz_from_the_cache_still_checks_the_answer_and_shows_its_verdict(network_a, committed):
    module = committed(
        lambda: make_module(network_a, [text(), quiz(right="Son usage"), text("Fin.")])
    )
    # The question, rendered and kept.
    committed(lambda: learn(network_a, module, role=Role.POS_MANAGER, upto=1))
    assert "Son usage" in page(network_a.client(Role.POS_MANAGER), network_a, module)
    committed(lambda: learn(network_a, module, upto=1))
    client = network_a.client(Role.POS_STAFF)
    question = page(client, network_a, module)
    assert 'type="radio" name="choice"' in question
    assert "Oui : Son usage" not in question  # the explanation, only once answered
    step = steps_of(network_a, module)[1]
    answered = committed(
        lambda: client.post(
            url(network_a, "step_pass", module.pk, step.pk), {"choice": right_choices(step)}
        )
    )
    verdict = client.get(answered["Location"]).content.decode()
    assert "Oui : Son usage" in verdict
    assert "Fin." in page(client, network_a, module)


def test_a_learner_coming_back_reads_no_row_of_their_run(
    network_a, committed, django_assert_max_num_queries
):
    """Their run, with its module and version, kept for them: the page reads none of it."""
    module = committed(
        lambda: make_module(network_a, [text("Premier pas."), text("Deuxième pas."), text()])
    )
    committed(lambda: learn(network_a, module, upto=1))
    client = network_a.client(Role.POS_STAFF)
    page(client, network_a, module)
    with CaptureQueriesContext(connection) as captured:
        assert "Deuxième pas." in page(client, network_a, module)
    assert not [q for q in captured if "microlearning_" in q["sql"]]
    # The tenant and the person (and, on PostgreSQL, the row-level security's two settings).
    with django_assert_max_num_queries(4):
        page(client, network_a, module)


def test_the_kept_run_follows_each_step_and_each_run(network_a, committed):
    """A step passed (here, or from another device), the module finished, taken again: the next
    page shows where the learner is, never the run kept before."""
    module = committed(lambda: make_module(network_a, [text("Un."), text("Deux.")]))
    committed(lambda: learn(network_a, module, upto=0))
    client = network_a.client(Role.POS_STAFF)
    assert "Un." in page(client, network_a, module)
    assert "Un." in page(client, network_a, module)  # kept
    committed(lambda: learn(network_a, module, upto=1))  # another device
    assert "Deux." in page(client, network_a, module)
    committed(lambda: learn(network_a, module))
    finished = page(client, network_a, module)
    assert "Module terminé" in finished
    assert "Module terminé" in page(client, network_a, module)  # kept
    again = committed(lambda: client.post(url(network_a, "start", module.pk)))
    assert again.status_code == 302
    assert "Un." in page(client, network_a, module)


def test_the_modules_own_changes_show_at_once(network_a, committed):
    """Its title edited, a new version published: the learner in progress sees the new title at
    once and keeps the version they started."""
    module = committed(
        lambda: make_module(network_a, [text("Ancien texte."), text()], title="Ancien titre")
    )
    committed(lambda: learn(network_a, module, upto=0))
    client = network_a.client(Role.POS_STAFF)
    assert "Ancien titre" in page(client, network_a, module)
    author = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        module.refresh_from_db()
        data = ModuleData(title_fr="Nouveau titre")
        committed(
            lambda: module_update(tenant=network_a.tenant, actor=author, module=module, data=data)
        )
    shown = page(client, network_a, module)
    assert "Nouveau titre" in shown
    assert "Ancien texte." in shown


def test_a_run_is_kept_for_its_learner_alone(network_a, committed):
    """One learner's run is never another's: who has not started sees the start button."""
    module = committed(lambda: make_module(network_a, [text("Un."), text("Deux.")]))
    committed(lambda: learn(network_a, module, upto=1))
    assert "Deux." in page(network_a.client(Role.POS_STAFF), network_a, module)
    other = page(network_a.client(Role.POS_MANAGER), network_a, module)
    assert "Deux." not in other
    assert "Commencer" in other
