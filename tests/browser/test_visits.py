"""Field visits on a phone (issue 16, item 4), in French and in English: the animator picks a
point of sale and the grid, answers it, adds a photo, and sees the score; the zone page shows
the visit."""

import io

import pytest
from PIL import Image

from network_animation.models import Role
from tests.challenges.visits_factories import make_grid

from .test_coaching import phone_of
from .test_communities import assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_animator_records_a_visit_on_a_phone(browser, live_server, network_a, tmp_path, spoken):
    slug, point = network_a.tenant.slug, network_a.point_of_sale
    grid = make_grid(network_a)
    photo = tmp_path / "vitrine.jpg"
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 120, 40)).save(out, "JPEG")
    photo.write_bytes(out.getvalue())

    animator = phone_of(browser, live_server, network_a.members[Role.ANIMATOR])
    animator.goto(f"{live_server.url}/{slug}/challenges/visits/")
    assert_fits_the_screen(animator)
    animator.select_option("#visit-point", str(point.pk))
    animator.select_option("#visit-grid", str(grid.pk))
    animator.locator("#record-visit button[type=submit]").click()
    animator.wait_for_url("**/visits/new/*")
    assert_fits_the_screen(animator)
    radios = animator.locator(".visit-form input[type=radio]")
    names = sorted({radios.nth(i).get_attribute("name") for i in range(radios.count())})
    yes, no, scale = names  # answer_<id>, in the order the criteria were created
    animator.locator(f"input[name={yes}][value='1']").check()
    animator.locator(f"input[name={no}][value='0']").check()
    animator.locator(f"input[name={scale}][value='3']").check()
    animator.fill("#id_comment", "Vitrine **impeccable**, accueil un peu lent.")
    animator.set_input_files("#id_photos", str(photo))
    animator.locator(".visit-form button[type=submit]").click()
    animator.wait_for_url("**/challenges/visits/*/")
    page = animator.locator("main")
    assert "75" in page.locator(".visit-score").inner_text()  # (3 + 0 + 2 × 3/4) / 6
    assert page.locator("strong", has_text="impeccable").count() == 1
    assert page.locator(".visit-photos img").count() == 1
    assert_fits_the_screen(animator)

    animator.goto(f"{live_server.url}/{slug}/zones/{network_a.zone.pk}/")
    assert animator.locator(
        f"a[href='/{slug}/challenges/visits/points-of-sale/{point.pk}/']"
    ).count()
    assert animator.console_errors == []
