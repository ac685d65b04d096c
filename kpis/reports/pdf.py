"""The monthly network report as a PDF: our own HTML template, rendered by WeasyPrint."""

from django.template.loader import render_to_string

from .changes import month_changes
from .data import MonthlyReport, months_back, scope_name
from .svg import history_chart


def bar_width(rate: float | None) -> int:
    """An achievement as the width (in %) of a bar that reaches the middle at 100 %."""
    if rate is None:
        return 0
    return max(0, min(100, round(rate * 50)))


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
    }
    return render_to_string("kpis/reports/monthly_pdf.html", context)


def monthly_report_document(report: MonthlyReport) -> bytes:
    from weasyprint import HTML

    return HTML(string=monthly_report_html(report)).write_pdf()
