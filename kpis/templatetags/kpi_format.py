"""Numbers as people read them on a dashboard, in the active language."""

import math

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from network_animation.numbers import NBSP, with_unit

from ..models import Direction, KpiDefinition, KpiRollup

register = template.Library()


@register.filter
def kpi_value(value: float | None, kpi: KpiDefinition | None) -> str:
    """A KPI figure with its decimals and unit: `1 234,5 €`, `87,3 %` (`€1,234.5`, `87.3%`)."""
    if value is None or value == "":
        return "—"
    decimals = kpi.decimals if kpi is not None else 0
    text = number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return with_unit(text, getattr(kpi, "unit", ""))


@register.filter
def percent(rate: float | None) -> str:
    if rate is None or rate == "":
        return "—"
    return with_unit(number_format(rate * 100, decimal_pos=0, use_l10n=True), "%")


@register.filter
def achievement_class(rollup: KpiRollup | None) -> str:
    """A colour band for a heat-map cell or a tile: on course for the target, close, far."""
    rate = getattr(rollup, "projected_achievement", None) if rollup else None
    if rate is None:
        return "heat--none"
    if rate >= 1:
        return "heat--ok"
    return "heat--close" if rate >= 0.9 else "heat--far"


@register.filter
def kpi_pace(value: float | None, kpi: KpiDefinition) -> str:
    """What is needed per day, rounded up at the KPI's decimals: 2.3 sales a day is 3 to do."""
    if value is None:
        return "—"
    scale = 10**kpi.decimals
    return kpi_value(math.ceil(value * scale - 1e-9) / scale, kpi)


@register.filter
def kpi_change(change: float | None, kpi: KpiDefinition) -> str:
    """A relative change with its sign and an arrow, said better or worse by the KPI's direction
    (fewer returns is better): `▲ +12 %` (`▲ +12%` in English)."""
    if change is None:
        return "—"
    rounded = round(change * 100)
    if rounded == 0:
        return format_html('<span class="change">= {}</span>', with_unit("0", "%"))
    better = (rounded > 0) == (kpi.direction != Direction.LOWER)
    arrow = "▲" if rounded > 0 else "▼"
    text = number_format(abs(rounded), decimal_pos=0, use_l10n=True, force_grouping=True)
    sign = "+" if rounded > 0 else "−"
    return format_html(
        '<span class="change change--{}">{}{}{}</span>',
        "better" if better else "worse",
        arrow,
        NBSP,
        with_unit(f"{sign}{text}", "%"),
    )


@register.filter
def kpi_points(points: float | None) -> str:
    """A change of achievement in percentage points, with its sign: `+3 points`."""
    if points is None:
        return "—"
    rounded = round(points)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    count = number_format(abs(rounded), decimal_pos=0, use_l10n=True, force_grouping=True)
    text = ngettext("%(sign)s%(count)s point", "%(sign)s%(count)s points", abs(rounded))
    return text % {"sign": sign, "count": count}
