"""Apps add panels to the core pages without the core importing them."""

import pytest
from django.urls import reverse

from network_animation import panels
from network_animation.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def greeting_panel(monkeypatch):
    registry = {page: {} for page in panels.PAGES}
    monkeypatch.setattr(panels, "_PANELS", registry)

    def context(request, point_of_sale):
        if request.membership.role == Role.POS_STAFF:
            return None
        return {"message": f"Hello {point_of_sale.code}"}

    panels.register_panel(
        "point_of_sale",
        panels.Panel("greeting", "network_animation/test_panel.html", context),
    )


def test_a_registered_panel_shows_on_its_page_for_whom_it_concerns(
    network_a, greeting_panel, settings, tmp_path
):
    template_dir = tmp_path / "network_animation"
    template_dir.mkdir()
    (template_dir / "test_panel.html").write_text("<p class=greeting>{{ panel.message }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    manager_page = network_a.client(Role.POS_MANAGER).get(url).content.decode()
    staff_page = network_a.client(Role.POS_STAFF).get(url).content.decode()
    assert f"Hello {network_a.point_of_sale.code}" in manager_page
    assert "greeting" not in staff_page


def test_an_unknown_page_is_refused():
    with pytest.raises(ValueError, match="unknown page"):
        panels.register_panel("nowhere", panels.Panel("x", "x.html", lambda r, o: {}))
