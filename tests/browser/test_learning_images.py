"""An image step on a phone: a photo wider than the screen is shown whole, no wider than the
screen, with its description, loaded from the authorising view under the pages' CSP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from microlearning.models import Step
from microlearning.services import StepData, module_publish, step_add
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import image_reencode
from tests.communities.test_attachments import jpeg
from tests.factories import PASSWORD
from tests.microlearning.factories import make_module, text

from .test_communities import assert_fits_the_screen, open_phone
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def module_with_a_photo(network):
    module = make_module(network, [text("Regardez la vitrine.")], title="La vitrine", publish=False)
    actor = network.members[Role.HEAD_OFFICE]
    with tenant_scope(network.tenant):
        step_add(
            tenant=network.tenant,
            actor=actor,
            module=module,
            data=StepData(
                kind=Step.Kind.IMAGE,
                body_fr="Trois modèles, **un prix** chacun.",
                image=image_reencode(SimpleUploadedFile("vitrine.jpg", jpeg((1800, 1200)))),
                image_alt_fr="La vitrine : trois voitures alignées",
                estimated_seconds=30,
            ),
        )
        module_publish(tenant=network.tenant, actor=actor, module=module)
    return module


def test_a_dealer_sees_an_image_step_whole_on_a_phone(browser, live_server, network_a):
    found = module_with_a_photo(network_a)
    context, phone = open_phone(browser)
    sign_in(phone, live_server, network_a.members[Role.POS_STAFF].user.email, PASSWORD)
    phone.wait_for_selector("h1")
    phone.goto(f"{live_server.url}/{network_a.tenant.slug}/learning/{found.pk}/")
    phone.locator("#player button[type=submit]").tap()  # start
    phone.wait_for_selector("#player form[data-step='1']")
    phone.locator("#player button[type=submit]").tap()  # past the text, to the image
    image = phone.locator("#player figure.step-image img")
    image.wait_for()
    for _ in range(100):  # loaded from the authorising view (no eval under the pages' CSP)
        if image.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        phone.wait_for_timeout(100)
    assert image.get_attribute("alt") == "La vitrine : trois voitures alignées"
    assert image.evaluate("img => img.naturalWidth") == 1800
    box = image.bounding_box()
    assert box is not None
    assert 300 <= box["width"] <= 390
    assert "un prix" in phone.locator("#player figcaption").inner_text()
    assert_fits_the_screen(phone)
    assert phone.console_errors == []
    context.close()
