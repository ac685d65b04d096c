"""A figure with its unit, as each language writes it: the one place that decides the space.

French puts a non-breaking space before "%", "€" and any other unit ("87,3 %", "1 234 €"); a
score out of ten stays whole ("8,3/10"). English writes "87.3%", "€1,234", "8.3/10" and "12 km".
"""

from django.conf import settings
from django.utils.translation import get_language

NBSP = "\u00a0"
CURRENCIES = frozenset("€$£")


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def with_unit(figure: str, unit: str) -> str:
    """`figure` (already formatted for the language) followed or preceded by `unit`."""
    if not unit:
        return figure
    if unit.startswith("/"):
        return f"{figure}{unit}"
    if _language() == "fr":
        return f"{figure}{NBSP}{unit}"
    if unit == "%":
        return f"{figure}%"
    if unit in CURRENCIES:
        sign = figure[:1] if figure.startswith(("-", "−")) else ""
        return f"{sign}{unit}{figure[len(sign) :]}"
    return f"{figure}{NBSP}{unit}"


def excel_format(digits: str, unit: str) -> str:
    """Excel's number format for figures in `unit`, the unit placed as `with_unit` places it:
    `#,##0" €"` and `#,##0" %"` in French, `"€"#,##0` and `#,##0"%"` in English."""
    unit = unit.replace('"', "").strip()
    if not unit:
        return digits
    if unit.startswith("/") or (_language() != "fr" and unit == "%"):
        return f'{digits}"{unit}"'
    if _language() != "fr" and unit in CURRENCIES:
        return f'"{unit}"{digits}'
    return f'{digits}"{NBSP}{unit}"'
