"""The bench's mixed load (bench/mixed.py, bench/run/mixed_load.py): its wrk script, how its
output is read, its figures and report line, the challenge it launches, and a short real run of
wrk against the product with signed-in people of each role."""

import shutil
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest

from bench import mixed, report, web
from bench.run import mixed_load
from bench.tasks import launch_challenge
from challenges.models import Challenge, Status
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..kpis.conftest import build_kpis
from ..kpis.dashboards.test_dashboards import facts, objective, refresh

OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/
  2 threads and 2 connections
  Socket errors: connect 0, read 1, write 0, timeout 2
kind dealer_page 0 1000,3000,2000
kind export 1 9000
kind dealer_page 1 4000
kind export 0 
Requests/sec:      1.00
"""


def test_the_script_binds_each_thread_to_one_person_and_their_pages():
    visitors = [
        mixed.Visitor("dealer", 'sessionid=a"b', [("dealer_page", "/t/points-of-sale/1/")]),
        mixed.Visitor("head_office", "sessionid=c", mixed_load.head_office_pages("t")),
    ]
    script = mixed.lua_script(visitors, 1500)
    assert '{cookie = "sessionid=a\\"b", pages = {{"dealer_page", "/t/points-of-sale/1/"}}}' in (
        script
    )
    assert '{"network_page", "/t/network/"}' in script
    assert 'local kinds = {"dealer_page", "export", "network_page"}' in script
    assert "local think_ms = 1500" in script
    assert 'thread:set("bench_visitor", #threads)' in script
    # A redirect to the sign-in page counts as a failure, as any status from 400.
    assert '"/accounts/login/"' in script
    assert "status >= 400" in script


def test_the_output_gives_each_kind_and_all_pages_their_percentiles_and_failures():
    kinds = mixed.kind_results(OUTPUT)
    assert kinds == {
        "dealer_page": mixed.KindResult(4, 1, 2.5, 4.0),
        "export": mixed.KindResult(1, 1, 9.0, 9.0),
    }
    assert mixed.overall_result(OUTPUT) == mixed.KindResult(5, 2, 3.0, 9.0)
    assert web.socket_errors(OUTPUT) == 3
    assert web.socket_errors("Requests/sec: 1.00") == 0


def test_an_output_without_the_scripts_lines_fails_rather_than_counting_no_errors():
    # What wrk prints when its Lua script did not load: it sent `GET /` and exited 0.
    plain = "Running 5s test @ http://127.0.0.1:8000/\n  120 requests in 5.00s\nRequests/sec: 24.00"
    with pytest.raises(mixed.MixedLoadFailure, match="no 'kind' line"):
        mixed.overall_result(plain)


def test_fifty_people_are_mostly_dealers_and_each_role_has_its_pages():
    assert mixed_load.role_counts(50) == (30, 15, 5)
    assert mixed_load.role_counts(3) == (1, 1, 1)
    assert mixed_load.role_counts(5) == (2, 2, 1)
    assert mixed_load.dealer_pages("t", 7, 9) == [
        ("dealer_page", "/t/points-of-sale/7/"),
        ("dealer_challenge", "/t/challenges/9/"),
    ]
    sorts = mixed_load.animator_pages("t", 4, [11, 12])
    assert sorts[0] == ("zone_page", "/t/zones/4/")
    assert [path for _kind, path in sorts[1:]] == [
        "/t/kpis/zones/4/heat-map/?sort=11&dir=asc",
        "/t/kpis/zones/4/heat-map/?sort=11&dir=desc",
        "/t/kpis/zones/4/heat-map/?sort=12&dir=asc",
        "/t/kpis/zones/4/heat-map/?sort=12&dir=desc",
    ]


def test_the_figures_count_every_failure_and_the_report_judges_them():
    run = SimpleNamespace(figures=report.Figures())
    writes = mixed_load.Writes(imports=[2.0, 4.0], launches=[0.5], failures=["launch: refused"])
    mixed_load.record(run, OUTPUT, writes)  # type: ignore[arg-type]
    value = run.figures.value
    # Two failed pages, three socket errors, one failed write.
    assert value("load_mixed_errors") == 6
    assert value("load_mixed_requests") == 5
    assert value("load_mixed_p50_ms") == 3.0
    assert value("load_mixed_p99_ms") == 9.0
    assert value("load_mixed_dealer_page_p50_ms") == 2.5
    assert value("load_mixed_export_p99_ms") == 9.0
    assert value("load_mixed_import_day_s") == 3.0
    assert value("load_mixed_launch_s") == 0.5
    assert "| `load_mixed_errors` | <= 0 | 6 | missed |" in report._verdicts(run.figures)
    clean = report.Figures()
    clean.add("load_mixed_errors", 0, "errors")
    assert "| `load_mixed_errors` | <= 0 | 0 | met |" in report._verdicts(clean)


@pytest.mark.django_db
def test_the_write_launches_a_running_challenge_for_the_first_zone(network_a):
    build_kpis(network_a)
    launched = launch_challenge(network_a.tenant.slug, "Bench 1")
    with tenant_scope(network_a.tenant):
        challenge = Challenge.objects.get(pk=launched["challenge"])
        assert challenge.name == "Bench 1"
        assert challenge.status == Status.RUNNING == launched["status"]
        assert challenge.zone == network_a.point_of_sale.zone
        assert challenge.participants.filter(point_of_sale=network_a.point_of_sale).exists()
        assert challenge.kpis.count() == 2
    assert launched["seconds"] > 0


def _cookie(network, role: str) -> str:
    return f"sessionid={network.client(role).cookies['sessionid'].value}"


# PostgreSQL: on SQLite the test database is in memory, one connection that the live server's
# threads share, so concurrent requests can fail there (the bench runs on PostgreSQL).
@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
@pytest.mark.django_db(transaction=True)
def test_a_short_run_times_each_kind_and_counts_a_signed_out_visitor(
    live_server, network_a, tmp_path
):
    kpis = build_kpis(network_a)
    facts(network_a, kpis, network_a.point_of_sale, sales=50, leads=100)
    objective(kpis.sales, network_a.point_of_sale, 100)
    refresh(network_a)  # the heat maps have figures to sort and export
    slug = network_a.tenant.slug
    challenge = launch_challenge(slug, "Bench 1")["challenge"]
    point, zone = network_a.point_of_sale.pk, network_a.zone.pk
    visitors = [
        mixed.Visitor(
            "dealer",
            _cookie(network_a, Role.POS_MANAGER),
            mixed_load.dealer_pages(slug, point, challenge),
        ),
        mixed.Visitor(
            "animator",
            _cookie(network_a, Role.ANIMATOR),
            mixed_load.animator_pages(slug, zone, [kpis.sales.pk]),
        ),
        mixed.Visitor(
            "head_office", _cookie(network_a, Role.HEAD_OFFICE), mixed_load.head_office_pages(slug)
        ),
    ]
    port = urlparse(live_server.url).port
    assert port is not None
    mixed_load.check_kinds(port, visitors)
    signed_out = mixed.Visitor("dealer", "sessionid=none", [("signed_out", f"/{slug}/network/")])
    # Long enough for each person to go round their pages on a busy machine.
    output = mixed.run_wrk("wrk", port, [*visitors, signed_out], 6, 50, tmp_path / "mixed.lua")
    kinds = mixed.kind_results(output)
    assert set(kinds) == {
        "dealer_page",
        "dealer_challenge",
        "zone_page",
        "heat_map_sort",
        "network_page",
        "export",
        "signed_out",
    }, output
    for kind, result in kinds.items():
        assert result.requests > 0
        assert 0 < result.p50_ms <= result.p99_ms
        assert result.errors == (result.requests if kind == "signed_out" else 0), (kind, output)


class _Rows:
    """The bench database's `rows`, on the test database."""

    def rows(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_people_are_managers_in_a_running_challenge_animators_and_head_office(network_a):
    build_kpis(network_a)
    challenge = launch_challenge(network_a.tenant.slug, "Bench 1")["challenge"]
    run = SimpleNamespace(db=_Rows(), tenant=network_a.tenant.pk)
    people = mixed_load._people(run, 5)  # type: ignore[arg-type]
    members = network_a.members
    point, zone = network_a.point_of_sale.pk, network_a.zone.pk
    dealer = (
        "dealer",
        members[Role.POS_MANAGER].user.email,
        mixed_load.dealer_pages("autonova", point, challenge),
    )
    office = ("head_office", members[Role.HEAD_OFFICE].user.email)
    # Two dealers from the only manager (two sessions), two animators, one head office.
    assert len(people) == 5
    assert people[:2] == [dealer, dealer]
    assert people[2] == people[3]
    role, email, pages = people[2]
    assert (role, email) == ("animator", members[Role.ANIMATOR].user.email)
    assert pages[0] == ("zone_page", f"/autonova/zones/{zone}/")
    # Three KPIs' sorts, each way.
    assert len(pages) == 7
    assert all(kind == "heat_map_sort" for kind, _path in pages[1:])
    assert people[4] == (*office, mixed_load.head_office_pages("autonova"))


def test_the_report_shows_who_was_signed_in_and_each_kind_of_page():
    run = SimpleNamespace(figures=report.Figures())
    mixed_load.record(run, OUTPUT, mixed_load.Writes(imports=[2.0], launches=[0.5]))  # type: ignore[arg-type]
    context = {
        "mixed_load": {
            "users": 50,
            "roles": {"dealers": 30, "animators": 15, "head_office": 5},
            "seconds": 300,
            "think_ms": 2000,
            "imports": 1,
            "launches": 1,
        }
    }
    lines = report._mixed_load(context, run.figures)
    assert lines[0].startswith("50 people signed in (30 dealers, 15 animators, 5 head office)")
    assert "1 days imported and 1 challenges launched. 5 requests, 5 errors." in lines[0]
    assert lines[4:] == [
        "| all pages | 3.0 | 9.0 |",
        "| dealer_page | 2.5 | 4.0 |",
        "| export | 9.0 | 9.0 |",
    ]
    assert report._mixed_load({}, report.Figures()) == ["Not measured in this run."]
