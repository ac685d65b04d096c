"""kpis/reports/pdf.py: the PDF opens on a cover with its period, says what changed since the
month before, and draws each KPI's twelve months as SVG (WeasyPrint renders it, no script)."""

import datetime as dt
import re

import pytest
from django.utils import translation
from weasyprint import HTML

from kpis.models import KpiDefinition, KpiRollup, Level
from kpis.reports.data import monthly_report_data
from kpis.reports.pdf import monthly_report_document, monthly_report_html
from kpis.reports.svg import history_chart
from network_animation.tenancy import tenant_scope

from ..dashboards.test_dashboards import refresh
from ..factories import KpiFactFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _sales(network, kpis, *days_and_values) -> None:
    for day, value in days_and_values:
        KpiFactFactory(point_of_sale=network.point_of_sale, kpi=kpis.sales, date=day, value=value)


def _report_html(network) -> tuple[str, object]:
    with translation.override("en"), tenant_scope(network.tenant):
        report = monthly_report_data(tenant=network.tenant, month=MARCH)
        return monthly_report_html(report), report


def test_the_cover_gives_the_period_and_the_contents(network_a, kpis_a):
    _sales(network_a, kpis_a, (dt.date(2025, 2, 28), 100), (dt.date(2025, 3, 31), 150))
    refresh(network_a)
    html, _report = _report_html(network_a)
    cover = html[html.index('<section class="cover">') : html.index("</section>")]
    assert network_a.tenant.name in cover
    assert "March 2025" in cover
    assert "From 1 March 2025 to 31 March 2025." in cover
    assert "is not over" not in cover
    with translation.override("en"):
        assert all(str(kpi.name) in cover for kpi in kpis_a.all())


def test_the_summary_says_what_changed_since_last_month(network_a, kpis_a):
    """Sales went from 100 in February to 150 in March (+50 %), their achievement from 80 % to
    120 % of a target of 125: back on target."""
    _sales(network_a, kpis_a, (dt.date(2025, 2, 28), 100), (dt.date(2025, 3, 31), 150))
    for month in (dt.date(2025, 2, 1), MARCH):
        ObjectiveFactory(
            kpi=kpis_a.sales,
            level=Level.POINT_OF_SALE,
            point_of_sale=network_a.point_of_sale,
            period_start=month,
            target=125,
        )
    refresh(network_a)
    html, _report = _report_html(network_a)
    changes = html[html.index('<h2 id="changes">') : html.index("</ul>")]
    assert "What changed since February 2025" in changes
    line = changes[changes.index(f'data-kpi="{kpis_a.sales.pk}"') :].split("</li>")[0]
    assert "€150" in line
    assert "▲\u00a0+50%" in line
    assert "against €100" in line
    assert "achievement 120% (+40 points)" in line
    assert "back on target" in line
    assert "at this pace" not in line


def test_a_running_month_is_compared_and_drawn_at_its_pace(network_a, kpis_a):
    """March read on the 10th: 40 sales project to 124, 24 % more than February's 100."""
    _sales(network_a, kpis_a, (dt.date(2025, 2, 28), 100), (dt.date(2025, 3, 10), 40))
    refresh(network_a)
    html, report = _report_html(network_a)
    assert report.is_running
    assert "The month is not over: its figures run to 10 March 2025" in html
    line = html[html.index(f'data-kpi="{kpis_a.sales.pk}"') :].split("</li>")[0]
    assert "▲\u00a0+24%" in line
    assert "at this pace" in line
    section = html[html.index(f"<h2>{kpis_a.sales.name_en}</h2>") :]
    chart = section[section.index("<svg") : section.index("</figure>")]
    assert 'class="history__projected"' in chart
    assert 'class="history__running"' in chart
    assert "Mar 25 at this pace (the month is not over)" in chart


def test_each_kpi_has_its_twelve_months_drawn_as_svg_with_a_legend(network_a, kpis_a):
    for month in range(1, 13):
        _sales(network_a, kpis_a, (dt.date(2024, month, 28), 100 + month))
    _sales(network_a, kpis_a, (dt.date(2025, 2, 28), 90), (dt.date(2025, 3, 31), 150))
    refresh(network_a)
    html, _report = _report_html(network_a)
    section = html[html.index(f"<h2>{kpis_a.sales.name_en}</h2>") :]
    chart = section[section.index("<svg") : section.index("</figure>")]
    labels = ["Apr 24", "May 24", "Jun 24", "Jul 24", "Aug 24", "Sep 24", "Oct 24", "Nov 24"]
    labels += ["Dec 24", "Jan 25", "Feb 25", "Mar 25"]
    assert [label for label in labels if f">{label}</text>" in chart] == labels
    assert ">Jan 24</text>" not in chart  # twelve months, not thirteen
    assert chart.count('class="history__actual"') == 2  # January 2025 has no figure: a gap
    assert 'class="history__actual"' in chart
    assert "Actual" in chart
    assert "Target" in chart
    assert "<script" not in html
    # Coordinates stay numbers in every language (no decimal comma in French).
    with translation.override("fr"), tenant_scope(network_a.tenant):
        french = monthly_report_html(monthly_report_data(tenant=network_a.tenant, month=MARCH))
    assert ">mars 25</text>" in french
    assert re.search(r'\b(c[xy]|y[12]?|x)="[^"]*\d,\d', french) is None


def test_the_chart_scales_on_round_steps_and_breaks_where_a_month_is_missing():
    def month(number: int, value: float | None) -> KpiRollup:
        return KpiRollup(
            period_start=dt.date(2025, number, 1),
            value=value,
            target=100,
            days_elapsed=28,
            days_in_period=28,
        )

    kpi = KpiDefinition(code="sales", unit="€", decimals=0)
    with translation.override("en"):
        chart = history_chart([month(1, 80), month(2, None), month(3, 130), month(4, 90)], kpi)
    assert chart is not None
    assert [label for _y, label in chart.ticks] == ["€0", "€50", "€100", "€150"]
    assert len(chart.actual) == 2  # February has no figure: two runs
    assert len(chart.dots) == 3
    assert chart.running is None
    assert chart.projected == ""
    assert history_chart([], kpi) is None


def test_weasyprint_renders_the_report_with_its_charts(network_a, kpis_a):
    _sales(network_a, kpis_a, (dt.date(2025, 2, 28), 100), (dt.date(2025, 3, 10), 40))
    refresh(network_a)
    with translation.override("en"), tenant_scope(network_a.tenant):
        report = monthly_report_data(tenant=network_a.tenant, month=MARCH)
        pdf = monthly_report_document(report)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5_000
    # Laid out as WeasyPrint draws it: the cover on its own page, each chart an SVG image.
    with translation.override("en"):
        document = HTML(string=monthly_report_html(report)).render()
    assert len(document.pages) >= 3
    boxes = [box for page in document.pages for box in _boxes(page._page_box)]
    images = [type(box.replacement).__name__ for box in boxes if hasattr(box, "replacement")]
    charted = [s for s in report.sections if history_chart(s.history, s.kpi) is not None]
    assert charted
    assert images.count("SVGImage") == len(charted)


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def test_each_bar_is_filled_to_its_achievement_with_the_target_marked_in_the_middle(
    network_a, kpis_a
):
    """80 and 120 sales against targets of 100, one point of sale in each zone: the zones'
    bars are filled to 40 % and 60 % of their length, the region's (100 %) to the middle,
    where each bar's target mark stands."""
    for point, sales in ((network_a.point_of_sale, 80), (network_a.other_point_of_sale, 120)):
        KpiFactFactory(point_of_sale=point, kpi=kpis_a.sales, date=MARCH, value=sales)
        ObjectiveFactory(
            kpi=kpis_a.sales,
            level=Level.POINT_OF_SALE,
            point_of_sale=point,
            period_start=MARCH,
            target=100,
        )
    refresh(network_a)
    html, _report = _report_html(network_a)
    with translation.override("en"):
        document = HTML(string=html).render()
    cells = [
        box
        for page in document.pages
        for box in _boxes(page._page_box)
        if any(_classes(child) & {"bar"} for child in getattr(box, "children", []))
    ]
    bars = [(cell.children[0], cell.children[1]) for cell in cells]
    fills = [bar.border_left_width / bar.border_width() for bar, _mark in bars]
    assert sorted(f for f in fills if f) == pytest.approx([0.4, 0.5, 0.6])
    for bar, mark in bars:
        assert _classes(mark) == {"bar__target"}
        assert mark.position_x + mark.margin_left == pytest.approx(
            bar.position_x + bar.border_width() / 2
        )


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()
