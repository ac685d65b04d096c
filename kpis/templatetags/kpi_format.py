"""Numbers as people read them on a dashboard, in the active language."""

from django import template
from django.utils.formats import number_format

from ..models import KpiDefinition, KpiRollup

register = template.Library()


@register.filter
def kpi_value(value: float | None, kpi: KpiDefinition | None) -> str:
    """A KPI figure with its decimals and unit: `1 234,5 €`, `87,3 %`."""
    if value is None or value == "":
        return "—"
    decimals = kpi.decimals if kpi is not None else 0
    text = number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    unit = getattr(kpi, "unit", "")
    return f"{text}\u00a0{unit}" if unit else text


@register.filter
def percent(rate: float | None) -> str:
    if rate is None or rate == "":
        return "—"
    return f"{number_format(rate * 100, decimal_pos=0, use_l10n=True)}\u00a0%"


@register.filter
def achievement_class(rollup: KpiRollup | None) -> str:
    """A colour band for a heat-map cell or a tile: on course for the target, close, far."""
    rate = getattr(rollup, "projected_achievement", None) if rollup else None
    if rate is None:
        return "heat--none"
    if rate >= 1:
        return "heat--ok"
    return "heat--close" if rate >= 0.9 else "heat--far"
