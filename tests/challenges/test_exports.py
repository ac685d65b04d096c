"""challenges/exports.py through the challenge page: any challenge name gives a workbook."""

import io

import openpyxl
import pytest
from django.urls import reverse

from network_animation.models import Role

from .factories import launch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "Défis de printemps du réseau d'Ouest",  # an apostrophe would end the 31 characters
        "'Sprint'",
        "Q1 [2025]: ventes/leads * ?",
        "History",
    ],
)
def test_the_leaderboard_downloads_as_a_workbook_whatever_the_challenge_name(
    network_a, kpis_a, name
):
    challenge = launch(network_a, [kpis_a.sales], name=name)
    client = network_a.client(Role.ANIMATOR)
    url = reverse("challenges:detail", args=[network_a.tenant.slug, challenge.pk])
    answer = client.get(url, {"format": "xlsx"})
    assert answer.status_code == 200
    [sheet] = openpyxl.load_workbook(io.BytesIO(answer.content)).sheetnames
    assert 0 < len(sheet) <= 31
    assert not sheet.startswith("'")
    assert not sheet.endswith("'")


def test_a_kpi_name_that_looks_like_a_formula_heads_its_column_as_text(network_a, kpis_a):
    """CHECKLIST X5 for headers: the leaderboard's columns are named after the KPIs."""
    kpis_a.sales.name_fr = "=HYPERLINK(evil)"
    kpis_a.sales.save()
    challenge = launch(network_a, [kpis_a.sales])
    client = network_a.client(Role.ANIMATOR)
    url = reverse("challenges:detail", args=[network_a.tenant.slug, challenge.pk])
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in csv.splitlines()[0]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert "'=HYPERLINK(evil)" in [cell.value for cell in sheet[1]]
