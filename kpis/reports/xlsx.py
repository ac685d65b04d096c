"""The monthly network report as an Excel workbook: a summary sheet, a sheet per KPI, native
charts. Pure: it writes what `MonthlyReport` holds and reads nothing else."""

import io
from collections.abc import Sequence

import xlsxwriter
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from network_animation.exports import safe_cell, sheet_name

from ..models import KpiRollup
from .data import KpiSection, MonthlyReport, scope_name


class Styles:
    def __init__(self, workbook: Workbook) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format({"bold": True, "bg_color": "#EEF1F6", "border": 1})
        self.number = workbook.add_format({"num_format": "#,##0.0"})
        self.percent = workbook.add_format({"num_format": "0%"})
        self.off = workbook.add_format({"num_format": "0%", "font_color": "#B3261E"})


def monthly_report_workbook(report: MonthlyReport) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    styles = Styles(workbook)
    names: set[str] = set()
    _summary(workbook, styles, report, sheet_name(_("Summary"), taken=names))
    for section in report.sections:
        name = sheet_name(section.kpi.name, taken=names, fallback="KPI")
        _kpi_sheet(workbook, styles, section, name)
    workbook.close()
    return buffer.getvalue()


def _write_rows(
    sheet: Worksheet,
    styles: Styles,
    top: int,
    headers: list[str],
    rows: Sequence[Sequence[object]],
    rates: frozenset[int] = frozenset(),
) -> int:
    """Headers then rows from line `top`; `rates` are the columns shown as percentages."""
    sheet.write_row(top, 0, headers, styles.header)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, float) and column in rates:
                fmt = styles.off if value < 1 else styles.percent
                sheet.write_number(top + offset, column, value, fmt)
            elif isinstance(value, int | float):
                sheet.write_number(top + offset, column, value, styles.number)
            elif value is not None:
                sheet.write_string(top + offset, column, str(safe_cell(value)))
    return top + len(rows)


def _figures(rollup: KpiRollup | None) -> list[object]:
    if rollup is None:
        return [None] * 5
    return [
        rollup.value,
        rollup.target,
        rollup.achievement_rate,
        rollup.remaining_to_target,
        rollup.projection,
    ]


def _summary(workbook: Workbook, styles: Styles, report: MonthlyReport, name: str) -> None:
    sheet = workbook.add_worksheet(name)
    month = date_format(report.month, "F Y")
    sheet.write(0, 0, f"{report.tenant_name} — {_('Network report')} {month}", styles.title)
    headers = [
        _("KPI"),
        _("Unit"),
        _("Value"),
        _("Target"),
        _("Achievement"),
        _("Left to do"),
        _("Projection"),
        _("Year to date"),
        _("Target"),
        _("Achievement"),
    ]
    rows = [_summary_row(section) for section in report.sections]
    last = _write_rows(sheet, styles, 2, headers, rows, rates=frozenset({4, 9}))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 9, 13)
    sheet.freeze_panes(3, 1)
    if rows:
        _summary_chart(workbook, sheet, last)


def _summary_row(section: KpiSection) -> list[object]:
    """The KPI's month figures, then its year to date."""
    year = section.year
    return [
        section.kpi.name,
        section.kpi.unit,
        *_figures(section.month),
        year.value if year else None,
        year.target if year else None,
        year.achievement_rate if year else None,
    ]


def _summary_chart(workbook: Workbook, sheet: Worksheet, last: int) -> None:
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": _("Achievement"),
            "categories": [sheet.name, 3, 0, last, 0],
            "values": [sheet.name, 3, 4, last, 4],
            "fill": {"color": "#0B5FFF"},
        }
    )
    chart.set_title({"name": _("Achievement of the month")})
    chart.set_x_axis({"num_format": "0%"})
    chart.set_legend({"none": True})
    sheet.insert_chart(last + 2, 0, chart, {"x_scale": 1.6, "y_scale": 1.4})


def _kpi_sheet(workbook: Workbook, styles: Styles, section: KpiSection, name: str) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.write(0, 0, f"{section.kpi.name} ({section.kpi.unit})".replace(" ()", ""), styles.title)
    top = _scope_tables(workbook, sheet, styles, section)
    top = _history(workbook, sheet, styles, section, top)
    for title, placed in (
        (_("Best points of sale"), section.best),
        (_("Points of sale furthest behind"), section.worst),
    ):
        sheet.write(top, 0, title, styles.title)
        rows = [[scope_name(p.rollup), *_figures(p.rollup)] for p in placed]
        top = _write_rows(sheet, styles, top + 1, _rollup_headers(), rows, rates=frozenset({3})) + 2
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 5, 13)


def _rollup_headers() -> list[str]:
    return [
        _("Name"),
        _("Value"),
        _("Target"),
        _("Achievement"),
        _("Left to do"),
        _("Projection"),
    ]


def _scope_tables(workbook: Workbook, sheet: Worksheet, styles: Styles, section: KpiSection) -> int:
    """The regions' then the zones' figures, the regions charted; returns the next free line."""
    top = 2
    for title, rollups in ((_("Regions"), section.regions), (_("Zones"), section.zones)):
        sheet.write(top, 0, title, styles.title)
        rows = [[scope_name(r), *_figures(r)] for r in rollups]
        first = top + 2
        top = _write_rows(sheet, styles, top + 1, _rollup_headers(), rows, rates=frozenset({3})) + 2
        if title == _("Regions") and rows:
            _achievement_chart(workbook, sheet, first, first + len(rows) - 1)
    return top


def _achievement_chart(workbook: Workbook, sheet: Worksheet, first: int, last: int) -> None:
    chart = workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": _("Achievement"),
            "categories": [sheet.name, first, 0, last, 0],
            "values": [sheet.name, first, 3, last, 3],
            "fill": {"color": "#0B5FFF"},
        }
    )
    chart.set_title({"name": _("Achievement by region")})
    chart.set_y_axis({"num_format": "0%"})
    chart.set_legend({"none": True})
    sheet.insert_chart(2, 7, chart)


def _history(
    workbook: Workbook, sheet: Worksheet, styles: Styles, section: KpiSection, top: int
) -> int:
    sheet.write(top, 0, _("Twelve months"), styles.title)
    rows = [[date_format(r.period_start, "M Y"), r.value, r.target] for r in section.history]
    first = top + 2
    end = _write_rows(sheet, styles, top + 1, [_("Month"), _("Value"), _("Target")], rows)
    if rows:
        chart = workbook.add_chart({"type": "line"})
        for column, label, color in ((1, _("Value"), "#0B5FFF"), (2, _("Target"), "#A15C00")):
            chart.add_series(
                {
                    "name": label,
                    "categories": [sheet.name, first, 0, end, 0],
                    "values": [sheet.name, first, column, end, column],
                    "line": {"color": color},
                }
            )
        chart.set_title({"name": _("Twelve months")})
        sheet.insert_chart(first, 7, chart)
    return end + 2
