"""KPI dashboards in a real browser: a dealer on a phone, an animator's zone page, head office's
monthly report."""

import pytest

from network_animation.models import Role
from tests.factories import PASSWORD
from tests.kpis.dashboards.test_dashboards import MONTH, facts, objective, refresh

from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dealer_reads_their_dashboard_on_a_phone(phone, live_server, network_a, figures):
    sign_in(phone, live_server, network_a.members[Role.POS_STAFF].user.email, PASSWORD)
    tile = phone.locator(".tile").first
    tile.wait_for()
    assert "Hors objectif" in tile.inner_text()
    assert "80" in tile.locator(".tile__value").inner_text()
    chart = "Chart.getChart(document.querySelector('canvas[data-chart]'))"
    # Chart.js is deferred: a canvas has a width before it, so wait for the chart itself.
    phone.wait_for_function(f"typeof Chart !== 'undefined' && {chart} !== undefined")
    # Actual against target, with a legend; no month is running in these figures.
    assert phone.evaluate(f"{chart}.options.plugins.legend.display") is True
    assert phone.evaluate(f"{chart}.data.datasets.length") == 2
    assert phone.evaluate(f"{chart}.data.labels.at(-1)") == "mars 25"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console_errors == []


def test_an_animator_reads_the_zone_heat_map_as_cards_on_a_phone(
    phone, live_server, network_a, figures
):
    """On a phone each point of sale is a card: every KPI's value, target and achievement,
    readable within the screen."""
    sign_in(phone, live_server, network_a.members[Role.ANIMATOR].user.email, PASSWORD)
    phone.wait_for_url(f"**/zones/{network_a.zone.pk}/")
    name = phone.get_by_role("link", name=network_a.point_of_sale.name, exact=True)
    card = phone.locator("#heat-point_of_sale tbody tr", has=name)
    cell = card.locator(f"td[data-label='{figures.sales.name}']")
    cell.scroll_into_view_if_needed()
    assert cell.is_visible()
    shown = cell.inner_text().replace("\xa0", " ")
    assert "80 €" in shown
    assert "Objectif 100 €" in shown
    assert "80 %" in shown
    box = card.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console_errors == []


def test_an_animator_sorts_the_zone_page_and_drills_into_a_point_of_sale(
    browser, live_server, network_a, figures
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    sign_in(page, live_server, network_a.members[Role.HEAD_OFFICE].user.email, PASSWORD)
    page.goto(f"{live_server.url}/{network_a.tenant.slug}/network/")
    table = page.locator("#heat-zone")
    before = table.locator("tbody tr:not(.heat-map__total) th").all_inner_texts()
    table.get_by_role("button", name=figures.sales.name).click()
    page.wait_for_selector("#heat-zone th[aria-sort]")
    after = page.locator("#heat-zone tbody tr:not(.heat-map__total) th").all_inner_texts()
    assert after[0] == network_a.other_zone.name
    assert sorted(after) == sorted(before)
    page.locator("#heat-zone").get_by_role("link", name=network_a.zone.name, exact=True).click()
    page.wait_for_url(f"**/zones/{network_a.zone.pk}/")
    page.get_by_role("link", name=network_a.point_of_sale.name).first.click()
    page.wait_for_url(f"**/points-of-sale/{network_a.point_of_sale.pk}/")
    assert page.locator(".tile").count() >= 1
    context.close()


def test_head_office_exports_the_monthly_report_and_downloads_it(
    browser, live_server, network_a, figures
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server, network_a.members[Role.HEAD_OFFICE].user.email, PASSWORD)
    page.goto(f"{live_server.url}/{network_a.tenant.slug}/kpis/reports/")
    page.select_option("#id_month", MONTH.isoformat())
    page.select_option("#id_format", "xlsx")
    page.get_by_role("button", name="Produire le rapport").click()
    link = page.get_by_role("link", name="Télécharger")
    link.wait_for()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"{MONTH:%Y-%m}.xlsx")
    with open(download.path(), "rb") as workbook:
        assert workbook.read(2) == b"PK"
    context.close()


def test_an_animator_sorts_their_zone_page_and_opens_a_point_of_sale(
    browser, live_server, network_a, figures
):
    from tests.factories import PointOfSaleFactory

    leader = PointOfSaleFactory(zone=network_a.zone, name="Garage du Centre")
    facts(network_a, figures, leader, sales=150, leads=100)
    objective(figures.sales, leader, 100)
    refresh(network_a)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, network_a.members[Role.ANIMATOR].user.email, PASSWORD)
    page.wait_for_url(f"**/zones/{network_a.zone.pk}/")
    table = page.locator("#heat-point_of_sale")
    table.get_by_role("button", name=figures.sales.name).click()
    page.wait_for_selector("#heat-point_of_sale th[aria-sort=descending]")
    rows = page.locator("#heat-point_of_sale tbody tr:not(.heat-map__total) th").all_inner_texts()
    assert rows == ["Garage du Centre", network_a.point_of_sale.name]
    page.locator("#heat-point_of_sale").get_by_role("button", name=figures.sales.name).click()
    page.wait_for_selector("#heat-point_of_sale th[aria-sort=ascending]")
    rows = page.locator("#heat-point_of_sale tbody tr:not(.heat-map__total) th").all_inner_texts()
    assert rows == [network_a.point_of_sale.name, "Garage du Centre"]
    page.get_by_role("link", name=network_a.point_of_sale.name, exact=True).first.click()
    page.wait_for_url(f"**/points-of-sale/{network_a.point_of_sale.pk}/")
    assert page.locator(".tile").count() >= 1
    context.close()
