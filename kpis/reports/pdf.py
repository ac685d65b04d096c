"""The monthly network report as a PDF: our own HTML template, rendered by WeasyPrint."""

from django.template.loader import render_to_string

from .changes import month_changes
from .data import MonthlyReport, months_back, scope_name
from .svg import history_chart

BAR_MM = 40


def bar_width(rate: float | None) -> int:
    """An achievement as the width (in %) of a bar that reaches the middle at 100 %."""
    if rate is None:
        return 0
    return max(0, min(100, round(rate * 50)))


# One class per width a bar can take, its fill drawn as the bar's left border: WeasyPrint lays
# out and cascades a classed box once per style, where an inline `style` and a child element
# per bar cost it a box and a style of their own; with the tables laid out from their header
# row (`table-layout: fixed`), a sixth of its work on a report of 36 KPIs and 40 zones.
BAR_FILLS = "\n".join(
    f"  .bar--{width} {{ border-left-width: {width * BAR_MM / 100:g}mm; }}" for width in range(101)
)


def monthly_report_html(report: MonthlyReport) -> str:
    sections = [
        {
            "section": section,
            "regions": [(scope_name(r), r, bar_width(r.achievement_rate)) for r in section.regions],
            "zones": [(scope_name(r), r, bar_width(r.achievement_rate)) for r in section.zones],
            "best": [(scope_name(p.rollup), p) for p in section.best],
            "worst": [(scope_name(p.rollup), p) for p in section.worst],
            "chart": history_chart(section.history, section.kpi),
        }
        for section in report.sections
    ]
    context = {
        "report": report,
        "sections": sections,
        "changes": month_changes(report),
        "month_before": months_back(report.month, 2),
        "bar_fills": BAR_FILLS,
    }
    return render_to_string("kpis/reports/monthly_pdf.html", context)


def monthly_report_document(report: MonthlyReport) -> bytes:
    from weasyprint import HTML

    return HTML(string=monthly_report_html(report)).write_pdf()
