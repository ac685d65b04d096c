"""An assessment on a phone: a dealer opens "My assessments" from Learning, answers one
question per screen by tapping a whole row (htmx swaps the next one in), sees a level per
competence, then their plan with the modules of their gap; never a page wider than the
screen."""

import pytest

from network_animation.models import Role
from tests.factories import PASSWORD
from tests.microlearning.factories import (
    link,
    make_assessment,
    make_competence,
    make_module,
    make_scale,
)

from .test_communities import assert_fits_the_screen, open_phone
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dealer_takes_an_assessment_and_sees_their_plan(browser, live_server, network_a):
    make_scale(network_a)
    produit = make_competence(network_a, "Connaissance produit")
    vente = make_competence(network_a, "Techniques de vente")
    link(network_a, make_module(network_a, title="Découvrir le besoin"), vente)
    link(network_a, make_module(network_a, title="La gamme électrique"), produit)
    assessment = make_assessment(network_a, [produit, vente], title_fr="Évaluation produit")
    slug = network_a.tenant.slug

    context, phone = open_phone(browser)
    sign_in(phone, live_server, network_a.members[Role.POS_STAFF].user.email, PASSWORD)
    phone.wait_for_selector("h1")
    phone.goto(f"{live_server.url}/{slug}/learning/")
    phone.locator("a", has_text="Mes évaluations").first.tap()
    phone.wait_for_url(f"**/{slug}/learning/assessments/")
    assert_fits_the_screen(phone)
    phone.locator(".module-card__link", has_text="Évaluation produit").tap()
    phone.wait_for_url(f"**/learning/assessments/{assessment.pk}/")
    phone.locator("#assessment button[type=submit]").tap()
    # Right on "Connaissance produit" (its two questions come first), wrong on the sales ones.
    for number, answer in enumerate(["Juste", "Juste", "Faux", "Faux"], start=1):
        phone.wait_for_selector(f"#assessment form[data-question='{number}']")
        assert_fits_the_screen(phone)
        phone.locator("label.answer", has_text=answer).tap()  # the whole row is the target
        phone.locator("#assessment button[type=submit]").tap()
    phone.wait_for_selector("#assessment h2")
    assert phone.url.endswith(f"/learning/assessments/{assessment.pk}/")  # swapped in
    results = phone.locator("#assessment").inner_text()
    assert "Connaissance produit" in results
    assert "Expert · 100\u00a0%" in results
    assert "Débutant · 0\u00a0%" in results

    phone.locator("a", has_text="Voir mon plan").tap()
    phone.wait_for_url(f"**/{slug}/learning/plan/")
    plan = phone.locator("main").inner_text()
    assert "Découvrir le besoin" in plan  # the gap's module
    assert "La gamme électrique" not in plan  # proficient there: nothing to train
    assert_fits_the_screen(phone)
    context.close()
