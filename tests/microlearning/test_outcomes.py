"""What followed each module (microlearning/outcomes.py, services/outcomes.py, the completion
page): the figures equal a reference worked out by hand, the nightly step stores them in place of
the last night's for its tenant only and leaves learning's own KPIs out, and head office reads
them on the completion page, with an empty state before the first night."""

import datetime as dt

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from microlearning.models import ModuleKpiOutcome, Progress
from microlearning.outcomes import Outcome, module_kpi_outcomes
from microlearning.services.outcomes import module_outcomes_refresh
from network_animation.jobs import NIGHTLY_STEPS
from network_animation.models import PointOfSale, Role
from network_animation.tenancy import tenant_scope

from ..harmless import dangers
from ..kpis.factories import KpiDefinitionFactory
from ..recommendations.factories import month_rollups, more_points
from .factories import make_module, text
from .test_completion import as_person, staff_at
from .test_xss import PAYLOADS

pytestmark = pytest.mark.django_db

NAN = float("nan")
JANUARY = [dt.date(2026, month, 1) for month in range(1, 7)]  # six closed months


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Points of sale 1 to 8: 1-4 and 7 dealers of size S, 5-6 of size M, 8 a lone store.
    KPI 1 (higher is better, target 100): achievement = value. KPI 2 (lower is better, target
    50): achievement = 200 - 2 × value."""
    profiles = pd.DataFrame(
        [
            (1, "dealer", "S"),
            (2, "dealer", "S"),
            (3, "dealer", "S"),
            (4, "dealer", "S"),
            (5, "dealer", "M"),
            (6, "dealer", "M"),
            (7, "dealer", "S"),
            (8, "store", "L"),
        ],
        columns=["point_of_sale", "type", "size_class"],
    )
    first_kpi = {
        1: [80, 90, 100, 110, 120, 130],  # finished in March: 85 before, 115 after: +30
        2: [100, 100, 100, 104, 106, 0],  # never: +5 around March
        3: [90, NAN, 95, 100, 96, 100],  # never: 90 before (February unknown), 98 after: +8
        4: [50, 50, 50, 50, 50, 50],  # finished in May: not comparable around March
        5: [70, 70, 80, 90, 100, 100],  # finished in April: 75 before, 100 after: +25
        6: [100, 100, 100, 100, 100, 110],  # never: +5 around April
        7: [10, 10, 10, 200, 200, 200],  # finished before the months given: never comparable
        8: [100, 100, 100, 200, 200, 200],  # finished in March, nobody comparable
    }
    second_kpi = {
        1: [60, 60, 50, 40, 40, 40],  # 80 before, 120 after: +40
        2: [50, 50, 50, 50, 50, 50],  # 100 throughout: 0
    }
    rows = [
        (point, kpi, month, value, target, higher)
        for kpi, values, target, higher in ((1, first_kpi, 100, True), (2, second_kpi, 50, False))
        for point, series in values.items()
        for month, value in zip(JANUARY, series, strict=True)
    ]
    kpi_months = pd.DataFrame(
        rows, columns=["point_of_sale", "kpi", "month", "value", "target", "higher_is_better"]
    )
    completions = pd.DataFrame(
        [
            (1, 7, dt.date(2026, 3, 1)),
            (1, 7, dt.date(2026, 5, 1)),  # someone else of the same point of sale, later
            (4, 7, dt.date(2026, 5, 1)),
            (5, 7, dt.date(2026, 4, 1)),
            (7, 7, dt.date(2025, 12, 1)),
            (8, 7, dt.date(2026, 3, 1)),
            (99, 7, dt.date(2026, 3, 1)),  # a point of sale closed since
            (4, 9, dt.date(2026, 5, 1)),  # too late: the two months after are not over
        ],
        columns=["point_of_sale", "module", "month"],
    )
    return profiles, kpi_months, completions


def test_the_figures_are_those_worked_out_by_hand():
    profiles, kpi_months, completions = _frames()
    found = module_kpi_outcomes(profiles=profiles, kpi_months=kpi_months, completions=completions)
    assert found == [
        # Points 1 (+30, against 2 and 3: (5 + 8) / 2) and 5 (+25, against 6: +5).
        Outcome(
            module=7,
            kpi=1,
            completed_points=2,
            completed_change=27.5,
            compared_points=3,
            compared_change=5.75,
        ),
        # Point 1 only (+40), against 2 (0): 3 has no figures, 4 had finished by May.
        Outcome(
            module=7,
            kpi=2,
            completed_points=1,
            completed_change=40.0,
            compared_points=1,
            compared_change=0.0,
        ),
    ]


def test_nothing_to_compare_gives_nothing():
    profiles, kpi_months, completions = _frames()
    empty = completions.iloc[0:0]
    assert module_kpi_outcomes(profiles=profiles, kpi_months=kpi_months, completions=empty) == []
    none = kpi_months.iloc[0:0]
    assert module_kpi_outcomes(profiles=profiles, kpi_months=none, completions=completions) == []


TODAY = dt.date(2026, 1, 15)  # MONTHS: the twelve months of 2025 closed, January in progress
# Achievement by month of 2025 (and January 2026): finishers gain 20 points after June.
FINISHER = [1.0] * 5 + [1.0, 1.2, 1.2] + [1.2] * 4 + [1.2]
OTHER = [1.0] * 5 + [1.0, 1.05, 1.05] + [1.05] * 4 + [1.05]


@pytest.fixture
def history(network_a):
    """Three points of sale whose staff finished a module in June 2025 and two comparable ones
    that did not, with a year of sales rollups; a KPI of learning's own moves the same way."""
    network = network_a
    kind = {"type": PointOfSale.Type.DEALER, "size_class": PointOfSale.SizeClass.SMALL}
    finishers = [network.point_of_sale, *more_points(network, 2, **kind)]
    others = more_points(network, 2, **kind)
    with tenant_scope(network.tenant):
        PointOfSale.objects.filter(pk=network.point_of_sale.pk).update(**kind)
    sales = KpiDefinitionFactory(tenant=network.tenant, code="sales", name_en="Sales")
    own = KpiDefinitionFactory(tenant=network.tenant, code="done", producer="learning")
    for kpi in (sales, own):
        month_rollups(kpi, {**dict.fromkeys(finishers, FINISHER), **dict.fromkeys(others, OTHER)})
    module = make_module(network, [text()], title="Closing the sale")
    june = dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC)
    for point in finishers:
        progress = as_person(network, staff_at(network, point), module)
        with tenant_scope(network.tenant):
            Progress.objects.filter(pk=progress.pk).update(passed_at=june, completed_at=june)
    return {"module": module, "sales": sales, "own": own}


def _stored(network):
    with tenant_scope(network.tenant):
        return list(
            ModuleKpiOutcome.objects.filter(tenant=network.tenant).values_list(
                "module_id",
                "kpi_id",
                "completed_points",
                "completed_change",
                "compared_points",
                "compared_change",
            )
        )


def test_the_nightly_step_stores_each_modules_figures_for_its_tenant_only(
    network_a, network_b, history
):
    _canary(network_b)
    with tenant_scope(network_a.tenant):
        assert module_outcomes_refresh(tenant=network_a.tenant, today=TODAY) == 1
        # Again: the night's figures replace the last night's.
        assert module_outcomes_refresh(tenant=network_a.tenant, today=TODAY) == 1
    ((module, kpi, completed, change, compared, compared_change),) = _stored(network_a)
    # Two months after June against the two before, in points; learning's own KPI left out.
    assert (module, kpi, completed, compared) == (history["module"].pk, history["sales"].pk, 3, 2)
    assert change == pytest.approx(20.0)
    assert compared_change == pytest.approx(5.0)
    assert len(_stored(network_b)) == 1
    steps = list(NIGHTLY_STEPS)
    assert steps.index("kpi_aggregation") < steps.index("learning_module_outcomes")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _page(network) -> str:
    url = reverse("microlearning:completion", args=[network.tenant.slug])
    return network.client(Role.HEAD_OFFICE).get(url).content.decode()


def _canary(network_b) -> None:
    """An outcome of another brand, whose module's title is a marker."""
    module = make_module(network_b, [text()], title="Canary module of brand B")
    with tenant_scope(network_b.tenant):
        ModuleKpiOutcome.objects.create(
            tenant=network_b.tenant,
            module=module,
            kpi=KpiDefinitionFactory(tenant=network_b.tenant),
            completed_points=5,
            completed_change=1.0,
            compared_points=5,
            compared_change=0.0,
            computed_at=timezone.now(),
        )


def test_head_office_reads_which_modules_preceded_an_improvement(network_a, network_b, history):
    _canary(network_b)
    assert "Not computed yet" in _page(network_a)
    with tenant_scope(network_a.tenant):
        module_outcomes_refresh(tenant=network_a.tenant, today=TODAY)
    page = _page(network_a)
    row = page.split(f'data-outcome="{history["module"].pk}-{history["sales"].pk}"')[1]
    row = row.split("</tr>")[0]
    assert "Closing the sale" in row
    assert "Sales" in row
    for figure, shown in [
        ("completed_points", "3"),
        ("completed_change", "+20.0"),
        ("compared_points", "2"),
        ("compared_change", "+5.0"),
        ("difference", "+15.0"),
    ]:
        assert f'data-figure="{figure}">{shown}</td>' in row
    assert "Computed on" in page
    assert "Not computed yet" not in page
    assert "Canary module of brand B" not in page
    assert "Canary module of brand B" in _page(network_b)


def test_a_night_without_improvement_says_so(network_a, history):
    with tenant_scope(network_a.tenant):
        module_outcomes_refresh(tenant=network_a.tenant, today=TODAY)
        ModuleKpiOutcome.objects.filter(tenant=network_a.tenant).update(compared_change=50.0)
    page = _page(network_a)
    assert "No module has preceded a KPI improvement yet." in page
    assert "data-outcome=" not in page


def test_too_few_points_of_sale_are_not_shown(network_a, history):
    with tenant_scope(network_a.tenant):
        module_outcomes_refresh(tenant=network_a.tenant, today=TODAY)
        ModuleKpiOutcome.objects.filter(tenant=network_a.tenant).update(completed_points=2)
    assert "data-outcome=" not in _page(network_a)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_module_titles_and_kpi_names_are_harmless(network_a, payload):
    module = make_module(network_a, [text()], title=payload)
    kpi = KpiDefinitionFactory(tenant=network_a.tenant, name_en=payload, name_fr=payload)
    with tenant_scope(network_a.tenant):
        ModuleKpiOutcome.objects.create(
            tenant=network_a.tenant,
            module=module,
            kpi=kpi,
            completed_points=4,
            completed_change=3.0,
            compared_points=9,
            compared_change=1.0,
            computed_at=timezone.now(),
        )
    page = _page(network_a)
    assert f'data-outcome="{module.pk}-{kpi.pk}"' in page
    assert dangers(page) == []
