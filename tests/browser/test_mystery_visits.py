"""A mystery-visit campaign imported on a phone (issue 16, item 4), in French and in English:
head office creates the campaign and sends the firm's file; a file with one bad row says the
line, column and reason and imports nothing, the corrected file imports every score; overnight
the scores become each point of sale's mystery-visit KPI, on its page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import SurveyResult
from network_animation.jobs import nightly_chain_run
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .test_coaching import phone_of
from .test_communities import assert_fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the pages say, in each language (the templates, and locale/fr/LC_MESSAGES/django.po).
SAID = {
    "fr": {
        "campaigns": "Visites mystère et enquêtes",
        "no_campaign": "Aucune campagne pour l’instant.",
        "create": "Créer la campagne",
        "import": "Importer",
        "nothing": "Rien n’a été importé : corrigez ces lignes et renvoyez le fichier.",
        "columns": ["Ligne", "Colonne", "Motif"],
        "unknown": "Code de point de vente inconnu.",
        "no_score": "Aucun score pour l’instant.",
        "imported": "Scores importés : 2.",
        "count": "2 scores",
        "kpi": "Score de visite mystère",
    },
    "en": {
        "campaigns": "Mystery visits and surveys",
        "no_campaign": "No campaign yet.",
        "create": "Create the campaign",
        "import": "Import",
        "nothing": "Nothing was imported: correct these rows and send the file again.",
        "columns": ["Line", "Column", "Reason"],
        "unknown": "Unknown point of sale code.",
        "no_score": "No score yet.",
        "imported": "2 scores are imported.",
        "count": "2 scores",
        "kpi": "Mystery visit score",
    },
}
CAMPAIGN = "Visites mystère de décembre"


def firm_file(language: str, day: dt.date, scores: list[tuple[str, float]]) -> dict:
    """The firm's CSV as a French firm writes it (`;`, dates day first, decimal commas, Excel's
    UTF-8 with a BOM) or an English one; for Playwright's file chooser."""
    if language == "fr":
        lines = ["Code PDV;Date;Note"]
        lines += [f"{code};{day:%d/%m/%Y};{str(score).replace('.', ',')}" for code, score in scores]
        content = "\r\n".join(lines).encode("utf-8-sig")
    else:
        lines = ["point_of_sale,date,score"]
        lines += [f"{code},{day.isoformat()},{score}" for code, score in scores]
        content = "\n".join(lines).encode()
    return {"name": "mystery-visits.csv", "mimeType": "text/csv", "buffer": content}


def score_rows(page) -> set[tuple[str, str]]:
    """The campaign's scores table: (point of sale, score) of each row."""
    rows = page.locator("table:has(caption) tbody tr")
    return {
        (rows.nth(i).locator("td").nth(1).inner_text(), rows.nth(i).locator("td.num").inner_text())
        for i in range(rows.count())
    }


def test_head_office_imports_a_mystery_visit_file_all_or_nothing_and_dealers_see_the_score(
    browser, live_server, network_a, spoken
):
    slug, said = network_a.tenant.slug, SAID[spoken]
    point, other = network_a.point_of_sale, network_a.other_point_of_sale
    today = timezone.localdate()
    decimal = "," if spoken == "fr" else "."

    # Head office opens the campaigns from the visits of the menu and creates one.
    office = phone_of(browser, live_server, network_a.members[Role.HEAD_OFFICE])
    office.locator("summary").first.click()
    office.locator(f"a[href='/{slug}/challenges/visits/']").click()
    office.wait_for_url("**/challenges/visits/")
    office.get_by_role("link", name=said["campaigns"]).click()
    office.wait_for_url("**/visits/campaigns/")
    assert_fits_the_screen(office)
    assert said["no_campaign"] in office.locator("main").inner_text()
    office.fill("#id_name", CAMPAIGN)
    office.select_option("#id_kind", "mystery_visit")
    office.fill("#id_firm", "Client Mystère SA")
    office.get_by_role("button", name=said["create"]).click()
    office.wait_for_url(re.compile(r"/visits/campaigns/\d+/$"))
    assert office.locator("h1").inner_text() == CAMPAIGN
    assert_fits_the_screen(office)

    # The firm's file names an unknown point of sale on its third line: nothing is imported,
    # not even the good second line, and the page says where and why.
    wrong = firm_file(spoken, today, [(point.code, 82.5), ("ZZ-404", 64.0)])
    office.set_input_files("#id_file", files=[wrong])
    office.get_by_role("button", name=said["import"], exact=True).click()
    errors = office.locator("main .errors")
    expect(errors).to_contain_text(said["nothing"])
    assert_fits_the_screen(office)
    assert errors.locator("th").all_inner_texts() == said["columns"]
    column = "Code PDV" if spoken == "fr" else "point_of_sale"  # as the firm's file names it
    assert errors.locator("tbody td").all_inner_texts() == ["3", column, said["unknown"]]
    assert said["no_score"] in office.locator("table:has(caption)").inner_text()
    with tenant_scope(network_a.tenant):
        assert not SurveyResult.objects.filter(tenant=network_a.tenant).exists()

    # The corrected file: every score imported, shown in the campaign.
    corrected = firm_file(spoken, today, [(point.code, 82.5), (other.code, 64.0)])
    office.set_input_files("#id_file", files=[corrected])
    office.get_by_role("button", name=said["import"], exact=True).click()
    expect(office.locator(".messages")).to_contain_text(said["imported"])
    assert office.locator("main .errors").count() == 0
    assert score_rows(office) == {(point.name, f"82{decimal}5"), (other.name, f"64{decimal}0")}
    assert_fits_the_screen(office)
    office.locator(".breadcrumb a").click()
    office.wait_for_url("**/visits/campaigns/")
    assert said["count"] in office.locator("main li", has_text=CAMPAIGN).inner_text()

    # Overnight the scores become KPI facts: the dealer's page shows their mystery-visit score.
    with tenant_scope(network_a.tenant):
        nightly_chain_run(tenant=network_a.tenant)
    manager = phone_of(browser, live_server, network_a.members[Role.POS_MANAGER])
    assert manager.locator("h1").inner_text() == point.name
    assert_fits_the_screen(manager)
    tile = manager.locator("li.tile").filter(has=manager.locator("h3", has_text=said["kpi"]))
    assert tile.locator(".tile__value").inner_text() == f"82{decimal}5/100"  # a score out of 100
    assert manager.console_errors == []
    # The refused file answered 400 (a form with errors), the one error head office's page logs.
    assert [e for e in office.console_errors if "400" not in e] == []
