"""The engine's own offline figures, kept: the evaluation command and the monthly task record
them, and head office's measurement page shows the latest run's, said to be measured on
simulated networks rather than on the tenant's data, against the baselines."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from network_animation.models import Role
from network_animation.scheduled import beat_schedule
from recommendations.evaluation_runs import offline_evaluation_run
from recommendations.models import OfflineEvaluation
from recommendations.simulator import NetworkShape
from recommendations.tasks import offline_evaluation_monthly

pytestmark = pytest.mark.django_db

SMALL = NetworkShape(points_of_sale=120, kpis=4, items=40, zones=6)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _page(network) -> str:
    url = reverse("recommendations:measurement", args=[network.tenant.slug])
    answer = network.client(Role.HEAD_OFFICE).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f}&nbsp;%"


def test_the_command_keeps_its_figures_and_head_office_reads_them(network_a, tmp_path):
    document = tmp_path / "recommendations.md"
    call_command("recommendations_evaluate", "--seeds", "0", "--no-speed", "--document", document)
    run = OfflineEvaluation.objects.get()
    assert run.seeds == [0]
    assert run.shape["points_of_sale"] == NetworkShape().points_of_sale
    engine, heuristic = run.figures["engine"], run.figures["kpi_tag"]
    assert engine["precision_at_3"] > 2 * heuristic["precision_at_3"]
    page = _page(network_a)
    assert "How well the engine ranks, offline" in page
    assert "Measured on simulated networks, not on your data" in page
    assert f"each has {NetworkShape().points_of_sale} points of sale" in page
    assert "on 1 simulated network." in page
    for method, figures in run.figures.items():
        assert f'data-method="{method}"' in page
        row = page.split(f'data-method="{method}"')[1].split("</tr>")[0]
        assert _percent(figures["precision_at_3"]) in row
        assert f"{figures['qini'] + 0.0:.2f}".replace("-0.00", "0.00") in row
    times = engine["precision_at_3"] / heuristic["precision_at_3"]
    assert f"finds {times:.1f} times as many that really help" in page
    assert "what the recommendations changed in your network is the comparison" in page


def test_the_latest_run_is_shown(network_a):
    offline_evaluation_run(shape=SMALL, seeds=[0])
    latest = offline_evaluation_run(shape=SMALL, seeds=[1, 2])
    page = _page(network_a)
    assert "averaged over 2 simulated networks" in page
    assert _percent(latest.figures["engine"]["precision_at_3"]) in page


def test_before_any_run_the_page_says_when_it_comes(network_a):
    page = _page(network_a)
    assert "The offline evaluation has not been run yet" in page
    assert "data-method" not in page


def test_the_evaluation_runs_each_month_on_its_own():
    entry = beat_schedule()["recommendations-offline-evaluation"]
    assert entry["task"] == offline_evaluation_monthly.name
    assert entry["schedule"].day_of_month == {1}
