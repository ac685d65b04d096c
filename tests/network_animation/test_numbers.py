"""A figure's unit as each language writes it (network_animation/numbers.py), and the
dashboards' filters that use it."""

import pytest
from django.utils import translation

from kpis.templatetags.kpi_format import kpi_change, kpi_value, percent
from network_animation.numbers import with_unit
from tests.kpis.factories import KpiDefinitionFactory

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "figure", "unit", "written"),
    [
        ("fr", "87,3", "%", f"87,3{NBSP}%"),
        ("fr", "1 234", "€", f"1 234{NBSP}€"),
        ("fr", "8,3", "/10", "8,3/10"),
        ("en", "87.3", "%", "87.3%"),
        ("en", "1,234", "€", "€1,234"),
        ("en", "−12", "€", "−€12"),
        ("en", "8.3", "/10", "8.3/10"),
        ("en", "12", "km", f"12{NBSP}km"),
        ("en", "12", "", "12"),
    ],
)
def test_a_unit_is_written_as_the_language_writes_it(language, figure, unit, written):
    with translation.override(language):
        assert with_unit(figure, unit) == written


@pytest.mark.django_db
def test_the_dashboards_figures_follow_the_language(network_a):
    revenue = KpiDefinitionFactory.build(tenant=network_a.tenant, unit="€", decimals=0)
    with translation.override("en"):
        assert kpi_value(2400, revenue) == "€2,400"
        assert percent(0.873) == "87%"
        assert "▲\u00a0+24%" in kpi_change(0.24, revenue)
    with translation.override("fr"):
        assert kpi_value(2400, revenue) == f"2{NBSP}400{NBSP}€"
        assert percent(0.873) == f"87{NBSP}%"
        assert f"▲{NBSP}+24{NBSP}%" in kpi_change(0.24, revenue)
