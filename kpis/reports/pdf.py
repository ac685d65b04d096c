"""The monthly network report as a PDF: our own HTML template, rendered by WeasyPrint."""

from django.template.loader import render_to_string

from .data import MonthlyReport, scope_name


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
        }
        for section in report.sections
    ]
    return render_to_string(
        "kpis/reports/monthly_pdf.html", {"report": report, "sections": sections}
    )


def monthly_report_document(report: MonthlyReport) -> bytes:
    from weasyprint import HTML

    return HTML(string=monthly_report_html(report)).write_pdf()
