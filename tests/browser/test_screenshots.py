"""docs/screenshots/make.py: its capture takes the dealer's, the zone's and the network's pages
on a phone, each as its own account sees it, into small PNGs."""

import importlib.util
from pathlib import Path

import pytest
from PIL import Image

from network_animation.models import Role
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "make.py"


def screenshots_script():
    spec = importlib.util.spec_from_file_location("screenshots_make", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_captures_the_three_pages_on_a_phone(
    browser, live_server, network_a, figures, tmp_path
):
    make = screenshots_script()
    members = network_a.members
    shots = [
        make.Shot("dealer", members[Role.POS_MANAGER].user.email),
        make.Shot("zone", members[Role.ANIMATOR].user.email),
        make.Shot("network", members[Role.HEAD_OFFICE].user.email),
        make.Shot("zone-heat-map", members[Role.ANIMATOR].user.email, anchor=make.HEAT_MAP),
    ]
    taken = make.capture(
        browser, base_url=live_server.url, out_dir=tmp_path, shots=shots, password=PASSWORD
    )
    names = [capture.path.name for capture in taken]
    assert names == ["dealer.png", "zone.png", "network.png", "zone-heat-map.png"]
    titles = [capture.title for capture in taken]
    assert titles[0] == network_a.point_of_sale.name
    assert network_a.zone.name in titles[1]
    assert network_a.zone.name not in titles[2]
    with Image.open(taken[1].path) as top, Image.open(taken[3].path) as heat_map:
        assert top.tobytes() != heat_map.tobytes()  # scrolled to the heat map
    for capture in taken:
        with Image.open(capture.path) as image:
            assert image.size == (390, 844)  # a phone, at device scale 1
            assert image.mode == "P"  # reduced to a palette: small enough to commit
            assert len(set(image.getdata())) > 8  # a page, not a blank
