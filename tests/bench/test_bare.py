"""The bench's bare floor (bench/bare.py) and what the report makes of it (bench/report.py)."""

import json

import pytest
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import set_urlconf

from bench import report
from bench.bare import BareHandler
from bench.run.large_tenant import page_floors
from kpis.models import KpiRollup, RollupLevel, RollupPeriod
from network_animation.tenancy import tenant_scope

from ..kpis.conftest import build_kpis
from ..kpis.dashboards.test_dashboards import facts, refresh


def served(path: str) -> tuple[str, dict[str, str], bytes]:
    """The bare handler called as gunicorn calls a WSGI application."""
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
        answer.update(status=status, headers=dict(headers))

    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    # As Django's test client does: a request's start must not close the test's connection.
    request_started.disconnect(close_old_connections)
    try:
        body = b"".join(BareHandler()(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        # What the response's close (request_finished) does, left undone here: the bare URLconf
        # stays this thread's, and every later reverse() in the worker would fail.
        set_urlconf(None)
    return str(answer["status"]), answer["headers"], body  # type: ignore[return-value]


@pytest.mark.django_db
def test_the_bare_view_answers_the_floor_views_query_with_no_middleware(
    network_a, django_assert_num_queries
):
    kpis_a = build_kpis(network_a)
    point = network_a.point_of_sale
    facts(network_a, kpis_a, point, sales=50, leads=100)
    refresh(network_a)
    with tenant_scope(network_a.tenant):
        latest = (
            KpiRollup.objects.filter(
                tenant=network_a.tenant,
                level=RollupLevel.POINT_OF_SALE,
                scope_id=point.pk,
                period=RollupPeriod.MONTH,
            )
            .order_by("-period_start")
            .first()
        )
    path = f"/bench-bare/{network_a.tenant.pk}/{point.pk}/"
    with django_assert_num_queries(1):
        status, headers, body = served(path)
    assert status.startswith("200")
    assert json.loads(body) == {"month": latest.period_start.isoformat(), "value": latest.value}
    # No middleware ran: no security headers, no session or CSRF cookie, no language.
    assert not {"X-Content-Type-Options", "Content-Security-Policy", "Set-Cookie"} & set(headers)
    assert "Content-Language" not in headers


@pytest.mark.django_db
def test_the_bare_view_answers_an_empty_figure_for_a_point_of_sale_without_rollups(network_a):
    status, _headers, body = served(
        f"/bench-bare/{network_a.tenant.pk}/{network_a.point_of_sale.pk}/"
    )
    assert status.startswith("200")
    assert json.loads(body) == {"value": None}


def test_the_report_gives_the_middleware_stacks_cost_and_judges_pages_against_the_bare_view():
    figures = report.Figures()
    for name, value, unit in [
        ("bare_view_c1_p50_ms", 1.25, "ms"),
        ("bare_view_c1_p99_ms", 2.0, "ms"),
        ("bare_view_p50_ms", 20.0, "ms"),
        ("bare_view_p99_ms", 40.0, "ms"),
        ("bare_view_rps", 1500.0, "requests/s"),
        ("floor_view_c1_p50_ms", 7.5, "ms"),
        ("floor_view_c1_p99_ms", 9.0, "ms"),
        ("floor_view_p50_ms", 120.0, "ms"),
        ("floor_view_p99_ms", 150.0, "ms"),
        ("floor_view_rps", 262.0, "requests/s"),
        ("dashboard_c1_p50_ms", 3.5, "ms"),  # 2.8 × the bare view: met
        ("zone_page_c1_p50_ms", 11.0, "ms"),  # 8.8 ×: missed
        ("dashboard_rps", 172.0, "requests/s"),  # 0.11 ×: missed
        ("zone_page_rps", 600.0, "requests/s"),  # 0.4 ×: met
    ]:
        figures.add(name, value, unit)
    report._add_derived(figures)
    assert figures.value("middleware_c1_p50_ms") == 6.25
    assert figures.value("middleware_p50_ms") == 100.0
    stack = "\n".join(report._stack_cost(figures))
    assert "| one client, median | 1.25 ms | 7.50 ms | 6.25 ms |" in stack
    assert "| 32 clients, requests/s | 1,500 | 262 | 0.17 × the bare rate |" in stack
    verdicts = "\n".join(report._verdicts(figures))
    assert "| `dashboard_c1_p50_ms` | <= 3.0 × `bare_view_c1_p50_ms` | 2.80 × | met |" in verdicts
    assert (
        "| `zone_page_c1_p50_ms` | <= 3.0 × `bare_view_c1_p50_ms` | 8.80 × | missed |" in verdicts
    )
    assert "| `dashboard_rps` | >= 0.33 × `bare_view_rps` | 0.11 × | missed |" in verdicts
    assert "| `zone_page_rps` | >= 0.33 × `bare_view_rps` | 0.40 × | met |" in verdicts


def test_each_page_is_read_against_the_floor_view_at_32_clients_and_the_bare_view_alone():
    assert page_floors("bare_view") == dict.fromkeys(
        ["p50_ms", "p99_ms", "rps", "c1_p50_ms", "c1_p99_ms"]
    )
    assert page_floors("floor_view")["p50_ms"] == "bare_view_p50_ms"
    assert page_floors("dashboard") == {
        "p50_ms": "floor_view_p50_ms",
        "p99_ms": "floor_view_p99_ms",
        "rps": "bare_view_rps",
        "c1_p50_ms": "bare_view_c1_p50_ms",
        "c1_p99_ms": "bare_view_c1_p99_ms",
    }
