"""challenges/services/labels.py: yearly evaluation, evidence, history, grid changes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from challenges.models import LabelAward, LabelLevel, Measure
from challenges.services import CriterionSpec, label_grid_save, labels_evaluate
from kpis.models import KpiRollup, Level, Period
from network_animation.jobs import nightly_chain_run
from network_animation.models import AuditEvent
from network_animation.tenancy import tenant_scope

from ..kpis.factories import ObjectiveFactory
from .conftest import add_facts, refresh

pytestmark = pytest.mark.django_db


def year_figures(network, kpis, year: int) -> None:
    """The fixture's point of sale sells 120 of 100; the other one 80 of 100."""
    for point, sales in ((network.point_of_sale, 120), (network.other_point_of_sale, 80)):
        add_facts(kpis.sales, point, {dt.date(year, 6, 1): sales})
        add_facts(kpis.satisfaction, point, {dt.date(year, 6, 1): 8.6})
        ObjectiveFactory(
            kpi=kpis.sales,
            level=Level.POINT_OF_SALE,
            point_of_sale=point,
            period=Period.YEAR,
            period_start=dt.date(year, 1, 1),
            target=100,
        )
    refresh(network)


def grid(network, kpis, year: int, gold_rate: float = 1.1) -> None:
    with tenant_scope(network.tenant):
        label_grid_save(
            tenant=network.tenant,
            actor=None,
            year=year,
            criteria=[
                CriterionSpec(LabelLevel.BRONZE, kpis.sales, Measure.ACHIEVEMENT, 0.9),
                CriterionSpec(LabelLevel.SILVER, kpis.satisfaction, Measure.VALUE, 8.5),
                CriterionSpec(LabelLevel.GOLD, kpis.sales, Measure.ACHIEVEMENT, gold_rate),
            ],
        )


def awards(network, year: int) -> dict[int, LabelAward]:
    with tenant_scope(network.tenant):
        return {a.point_of_sale_id: a for a in LabelAward.objects.filter(year=year)}


def test_each_point_of_sale_gets_the_level_it_reached_with_evidence_from_the_rollups(
    network_a, kpis_a
):
    year_figures(network_a, kpis_a, 2024)
    grid(network_a, kpis_a, 2024)
    with tenant_scope(network_a.tenant):
        assert labels_evaluate(tenant=network_a.tenant, year=2024) == 2
        rollup = KpiRollup.objects.get(
            kpi=kpis_a.sales,
            period="year",
            level="point_of_sale",
            scope_id=network_a.point_of_sale.pk,
        )
    found = awards(network_a, 2024)
    best, other = found[network_a.point_of_sale.pk], found[network_a.other_point_of_sale.pk]
    assert (best.level, other.level) == (LabelLevel.GOLD, None)
    sales = next(e for e in best.evidence if e["level"] == LabelLevel.BRONZE)
    assert sales["actual"] == pytest.approx(rollup.achievement_rate) == pytest.approx(1.2)


def test_a_year_is_awarded_once_and_each_award_is_audited(network_a, kpis_a):
    year_figures(network_a, kpis_a, 2024)
    grid(network_a, kpis_a, 2024)
    with tenant_scope(network_a.tenant):
        labels_evaluate(tenant=network_a.tenant, year=2024)
        assert labels_evaluate(tenant=network_a.tenant, year=2024) == 0
    assert AuditEvent.objects.filter(tenant=network_a.tenant, action="label_awarded").count() == 1


def test_a_new_years_grid_leaves_past_awards_untouched(network_a, kpis_a):
    year_figures(network_a, kpis_a, 2024)
    grid(network_a, kpis_a, 2024)
    with tenant_scope(network_a.tenant):
        labels_evaluate(tenant=network_a.tenant, year=2024)
    before = {pk: (a.level, a.evidence) for pk, a in awards(network_a, 2024).items()}
    grid(network_a, kpis_a, 2025, gold_rate=1.5)
    with pytest.raises(ValidationError):
        grid(network_a, kpis_a, 2024, gold_rate=1.5)
    assert {pk: (a.level, a.evidence) for pk, a in awards(network_a, 2024).items()} == before


def test_the_nightly_chain_evaluates_the_year_that_just_closed(network_a, network_b, kpis_a):
    last_year = timezone.localdate().year - 1
    year_figures(network_a, kpis_a, last_year)
    grid(network_a, kpis_a, last_year)
    nightly_chain_run(tenant=network_a.tenant)
    nightly_chain_run(tenant=network_a.tenant)
    assert len(awards(network_a, last_year)) == 2
    assert awards(network_b, last_year) == {}


def test_a_new_years_grid_made_on_the_page_starts_from_last_years_criteria(network_a, kpis_a):
    from django.urls import reverse

    from challenges.models import LabelGrid
    from network_animation.models import Role

    grid(network_a, kpis_a, 2024)
    answer = network_a.client(Role.HEAD_OFFICE).post(
        reverse("challenges:label_grids", args=[network_a.tenant.slug]), {"year": 2025}
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        new = LabelGrid.objects.get(year=2025)
        criteria = {(c.level, c.kpi_id, c.measure, c.threshold) for c in new.criteria.all()}
        old = LabelGrid.objects.get(year=2024)
        assert criteria == {(c.level, c.kpi_id, c.measure, c.threshold) for c in old.criteria.all()}
        changed = AuditEvent.objects.filter(action="label_grid_changed", target="label_grid:2025")
        assert changed.count() == 1
