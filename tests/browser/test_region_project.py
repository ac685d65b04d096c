"""The region's own project on phones (issue 16, item 6), in French and in English: the
regional director starts it from the region page, writes its diagnostic and gives an action to
an animator of the region; the animator marks it done; the region page's board counts it."""

import pytest

from network_animation.models import Role

from .test_coaching import phone_of
from .test_communities import assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_runs_the_regions_project_and_the_animator_carries_an_action(
    browser, live_server, network_a, spoken
):
    slug, region = network_a.tenant.slug, network_a.region
    region_page = f"{live_server.url}/{slug}/regions/{region.pk}/"
    project_path = f"/{slug}/challenges/units/regions/{region.pk}/"

    # The director starts the project from the region page's panel.
    director = phone_of(browser, live_server, network_a.members[Role.REGIONAL_DIRECTOR])
    director.goto(region_page)
    assert_fits_the_screen(director)
    director.locator(f"#main a[href='{project_path}']").click()
    director.wait_for_url(f"**{project_path}")
    director.locator("form[action$='/start/'] button[type=submit]").click()
    director.wait_for_url(f"**{project_path}")
    assert_fits_the_screen(director)

    # Its diagnostic, then an action for the animator.
    director.locator("a[href$='/diagnostic/']").click()
    director.wait_for_url("**/diagnostic/")
    director.fill("#id_units_voice", "Les concessions attendent des réponses en 48 h.")
    director.locator("#main button[type=submit]").click()
    director.wait_for_url(f"**{project_path}")
    assert "réponses en 48 h" in director.locator("main").inner_text()
    director.locator("a[href$='/actions/new/']").click()
    director.wait_for_url("**/actions/new/")
    assert_fits_the_screen(director)
    director.fill("#id_title", "Répondre à chaque concession sous 48 h")
    director.select_option("#id_axis", "units_voice")
    director.select_option("#id_owner", str(network_a.members[Role.ANIMATOR].pk))
    director.locator("#main button[type=submit]").click()
    director.wait_for_url(f"**{project_path}")

    # The animator opens the action and marks it done.
    animator = phone_of(browser, live_server, network_a.members[Role.ANIMATOR])
    animator.goto(f"{live_server.url}{project_path}")
    animator.locator("main a", has_text="Répondre à chaque concession").click()
    animator.wait_for_url("**/region-actions/*/")
    assert_fits_the_screen(animator)
    animator.select_option("#id_status", "done")
    animator.locator("form[action$='/status/'] button[type=submit]").click()
    animator.wait_for_url("**/region-actions/*/")

    # The region page's board counts it.
    director.goto(region_page)
    assert director.locator("progress[max='1'][value='1']").count() == 1
    assert director.console_errors == []
    assert animator.console_errors == []
