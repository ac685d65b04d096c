"""The monthly network report as an Excel workbook: a summary sheet, a sheet per KPI, native
charts. Pure: it writes what `MonthlyReport` holds and reads nothing else.

Figures stay numbers, shown in their KPI's unit (whole numbers for counts, amounts grouped by
thousands, `%` for rates); header rows stay in view when scrolling; columns fit what they hold."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import xlsxwriter
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from network_animation.dates import month_label
from network_animation.exports import safe_cell, sheet_name
from network_animation.numbers import excel_format

from ..models import KpiDefinition, KpiRollup
from .data import KpiSection, MonthlyReport, scope_name

WIDTH_MIN, WIDTH_MAX = 8, 48
CHART_COLUMN = 8  # charts sit right of the widest table (a list with its place column)


def unit_number_format(unit: str, decimals: int) -> str:
    """Excel's number format for a KPI's figures: thousands grouped, the KPI's decimals (none
    for a count), its unit as the language writes it: `#,##0`, `#,##0" €"`, `#,##0.0" %"` in
    French, `"€"#,##0` in English (a KPI in % already holds 35.2 for 35.2 %, so Excel's own
    percentage would multiply it)."""
    return excel_format("#,##0" + ("." + "0" * decimals if decimals else ""), unit)


class Styles:
    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#EEF1F6", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.place = workbook.add_format({"num_format": "0", "align": "center"})
        self.percent = workbook.add_format({"num_format": "0%"})
        self.off = workbook.add_format({"num_format": "0%", "font_color": "#B3261E"})
        self._units: dict[str, Format] = {}

    def unit(self, kpi: KpiDefinition) -> Format:
        code = unit_number_format(kpi.unit, kpi.decimals)
        if code not in self._units:
            self._units[code] = self.workbook.add_format({"num_format": code})
        return self._units[code]


@dataclass
class Sheet:
    """A worksheet being written, with the width each column needs so far."""

    worksheet: Worksheet
    styles: Styles
    widths: dict[int, int] = field(default_factory=dict)

    def fit(self, column: int, text: str) -> None:
        self.widths[column] = max(self.widths.get(column, 0), len(text) + 2)

    def title(self, row: int, text: str) -> None:
        self.worksheet.write_string(row, 0, text, self.styles.title)

    def close(self) -> None:
        for column, width in self.widths.items():
            self.worksheet.set_column(column, column, min(max(width, WIDTH_MIN), WIDTH_MAX))


@dataclass(frozen=True)
class Columns:
    """How a table's columns are shown: `rates` as percentages (red under 100 %), `places` as
    whole numbers, every other number in its row's KPI unit."""

    rates: frozenset[int] = frozenset()
    places: frozenset[int] = frozenset()


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
    sheet: Sheet,
    top: int,
    headers: list[str],
    rows: Sequence[Sequence[object]],
    kpis: Sequence[KpiDefinition],
    columns: Columns | None = None,
) -> int:
    """Headers then rows from line `top`, row `i` in the unit of `kpis[i]`; returns the last
    line written."""
    sheet.worksheet.write_row(top, 0, headers, sheet.styles.header)
    for column, header in enumerate(headers):
        sheet.fit(column, header)
    shown = columns or Columns()
    for offset, (row, kpi) in enumerate(zip(rows, kpis, strict=True), start=1):
        for column, value in enumerate(row):
            _write_cell(sheet, top + offset, column, value, kpi, shown)
    return top + len(rows)


def _write_cell(
    sheet: Sheet, line: int, column: int, value: object, kpi: KpiDefinition, columns: Columns
) -> None:
    styles = sheet.styles
    if isinstance(value, int | float) and column in columns.places:
        sheet.worksheet.write_number(line, column, value, styles.place)
        sheet.fit(column, str(value))
    elif isinstance(value, int | float) and column in columns.rates:
        sheet.worksheet.write_number(
            line, column, value, styles.off if value < 1 else styles.percent
        )
        sheet.fit(column, f"{value:.0%}")
    elif isinstance(value, int | float):
        sheet.worksheet.write_number(line, column, value, styles.unit(kpi))
        sheet.fit(column, f"{value:,.{kpi.decimals}f} {kpi.unit}")
    elif value is not None:
        text = str(safe_cell(value))
        sheet.worksheet.write_string(line, column, text)
        sheet.fit(column, text)


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
    sheet = Sheet(workbook.add_worksheet(name), styles)
    month = date_format(report.month, "F Y")
    sheet.title(0, f"{report.tenant_name} — {_('Network report')} {month}")
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
    kpis = [section.kpi for section in report.sections]
    last = _write_rows(sheet, 2, headers, rows, kpis, Columns(rates=frozenset({4, 9})))
    sheet.worksheet.freeze_panes(3, 1)
    sheet.close()
    if rows:
        _summary_chart(workbook, sheet.worksheet, last)


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
    sheet = Sheet(workbook.add_worksheet(name), styles)
    kpi = section.kpi
    sheet.title(0, f"{kpi.name} ({kpi.unit})".replace(" ()", ""))
    top = _scope_tables(workbook, sheet, section)
    top = _history(workbook, sheet, section, top)
    for title, placed in (
        (_("Best points of sale"), section.best),
        (_("Points of sale furthest behind"), section.worst),
    ):
        sheet.title(top, title)
        rows = [[p.position, scope_name(p.rollup), *_figures(p.rollup)] for p in placed]
        headers = [_("Place"), *_rollup_headers()]
        columns = Columns(rates=frozenset({4}), places=frozenset({0}))
        top = _write_rows(sheet, top + 1, headers, rows, [kpi] * len(rows), columns) + 2
    # The KPI's name and unit stay in view, and so does the first column. Tables' titles are
    # not measured: they may run over the next columns, which are empty on their line.
    sheet.worksheet.freeze_panes(1, 1)
    sheet.close()


def _rollup_headers() -> list[str]:
    return [
        _("Name"),
        _("Value"),
        _("Target"),
        _("Achievement"),
        _("Left to do"),
        _("Projection"),
    ]


def _scope_tables(workbook: Workbook, sheet: Sheet, section: KpiSection) -> int:
    """The regions' then the zones' figures, the regions charted; returns the next free line."""
    top = 2
    for title, rollups in ((_("Regions"), section.regions), (_("Zones"), section.zones)):
        sheet.title(top, title)
        rows = [[scope_name(r), *_figures(r)] for r in rollups]
        first = top + 2
        kpis = [section.kpi] * len(rows)
        columns = Columns(rates=frozenset({3}))
        top = _write_rows(sheet, top + 1, _rollup_headers(), rows, kpis, columns) + 2
        if title == _("Regions") and rows:
            _achievement_chart(workbook, sheet.worksheet, first, first + len(rows) - 1)
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
    sheet.insert_chart(2, CHART_COLUMN, chart)


def _history(workbook: Workbook, sheet: Sheet, section: KpiSection, top: int) -> int:
    sheet.title(top, _("Twelve months"))
    rows = [[month_label(r.period_start), r.value, r.target] for r in section.history]
    first = top + 2
    headers = [_("Month"), _("Value"), _("Target")]
    end = _write_rows(sheet, top + 1, headers, rows, [section.kpi] * len(rows))
    if rows:
        chart = workbook.add_chart({"type": "line"})
        for column, label, color in ((1, _("Actual"), "#0B5FFF"), (2, _("Target"), "#A15C00")):
            chart.add_series(
                {
                    "name": label,
                    "categories": [sheet.worksheet.name, first, 0, end, 0],
                    "values": [sheet.worksheet.name, first, column, end, column],
                    "line": {"color": color},
                }
            )
        chart.set_title({"name": _("Twelve months")})
        chart.set_y_axis({"num_format": unit_number_format(section.kpi.unit, section.kpi.decimals)})
        chart.set_legend({"position": "bottom"})
        sheet.worksheet.insert_chart(first, CHART_COLUMN, chart)
    return end + 2
