"""Head office's completion by region and by module: the figures equal a count made here from
what each person did, the tables sort, the page costs the same queries whatever the size of
the network, only head office reads it, and another brand's modules never show."""

import dataclasses
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from microlearning.models import ModuleKpiOutcome
from microlearning.selectors.completion import Completion, completion_sorted, network_completion
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..factories import (
    MembershipFactory,
    PointOfSaleFactory,
    RegionFactory,
    UserFactory,
    ZoneFactory,
)
from ..harmless import dangers
from ..kpis.factories import KpiDefinitionFactory
from .factories import learn, make_module, quiz, text
from .test_assignments import assign
from .test_xss import PAYLOADS

pytestmark = pytest.mark.django_db
LATE_DAY = timezone.localdate() + dt.timedelta(days=11)  # past the 10-day due dates


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def url(network, **query) -> str:
    page = reverse("microlearning:completion", args=[network.tenant.slug])
    return page + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def staff_at(network, point):
    return MembershipFactory(
        tenant=network.tenant, role=Role.POS_STAFF, user=UserFactory(), point_of_sale=point
    )


def as_person(network, membership, module, **how):
    """`learn`, as this person."""
    someone = dataclasses.replace(network, members={**network.members, "them": membership})
    return learn(someone, module, role="them", **how)


@pytest.fixture
def training(network_a):
    """Two regions, four people at points of sale, three modules assigned to all (the second
    twice, the third due later), a fourth published only; some finished, some started."""
    network = network_a
    south = RegionFactory(tenant=network.tenant, name="South")
    point = PointOfSaleFactory(zone=ZoneFactory(region=south))
    people = {
        "staff": network.members[Role.POS_STAFF],
        "manager": network.members[Role.POS_MANAGER],
        "second": staff_at(network, network.point_of_sale),
        "south": staff_at(network, point),
    }
    modules = [make_module(network, [quiz(), text()], title=f"Module {n}") for n in range(4)]
    for module, days in ((modules[0], 10), (modules[1], 10), (modules[1], 5), (modules[2], 20)):
        assign(network, module, days=days)
    done = {("staff", 0), ("south", 1)}
    started = {("staff", 1), ("second", 0)}
    for who, index in done:
        as_person(network, people[who], modules[index])
    for who, index in started:
        as_person(network, people[who], modules[index], upto=1)
    region = {"staff": network.region.pk, "manager": network.region.pk, "second": network.region.pk}
    region["south"] = south.pk
    return {
        "modules": modules,
        "people": people,
        "done": done,
        "started": started,
        "region": region,
        "south": south,
    }


def reference(training, today: dt.date) -> tuple[dict[int, tuple], dict[int, tuple]]:
    """(assigned, started, done, late) by region and by module, counted pair by pair."""
    due = {0: [10], 1: [10, 5], 2: [20]}
    by_region: dict[int, list[int]] = {}
    by_module: dict[int, list[int]] = {}
    for who in training["people"]:
        for index, days in due.items():
            is_done = (who, index) in training["done"]
            late = not is_done and any(
                timezone.localdate() + dt.timedelta(days=d) < today for d in days
            )
            figures = [1, (who, index) in training["started"], is_done, late]
            for table, key in (
                (by_region, training["region"][who]),
                (by_module, training["modules"][index].pk),
            ):
                counted = table.get(key, [0] * 4)
                table[key] = [a + int(b) for a, b in zip(counted, figures, strict=True)]
    return (
        {key: tuple(value) for key, value in by_region.items()},
        {key: tuple(value) for key, value in by_module.items()},
    )


def figures(row: Completion) -> tuple[int, int, int, int]:
    return (row.assigned, row.started, row.done, row.late)


@pytest.mark.parametrize("today", [timezone.localdate(), LATE_DAY])
def test_the_figures_are_those_counted_person_by_person(network_a, network_b, training, today):
    make_module(network_b, title="Module of another brand")
    with tenant_scope(network_a.tenant):
        found = network_completion(
            tenant=network_a.tenant, viewer=network_a.members[Role.HEAD_OFFICE], today=today
        )
    regions, modules = reference(training, today)
    assert {row.id: figures(row) for row in found.regions} == regions
    shown = {row.id: figures(row) for row in found.modules}
    unassigned = training["modules"][3].pk
    assert shown == {**modules, unassigned: (0, 0, 0, 0)}
    assert figures(found.total) == tuple(map(sum, zip(*regions.values(), strict=True)))
    first = next(row for row in found.modules if row.id == training["modules"][0].pk)
    assert (first.finished_by, first.average_score, first.rate) == (1, 100, 25)


def test_only_head_office_reads_it(network_a, training):
    assert network_a.client(Role.HEAD_OFFICE).get(url(network_a)).status_code == 200
    for role in (Role.ANIMATOR, Role.REGIONAL_DIRECTOR, Role.POS_MANAGER, Role.POS_STAFF):
        assert network_a.client(role).get(url(network_a)).status_code == 403
    from django.core.exceptions import PermissionDenied

    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        network_completion(
            tenant=network_a.tenant,
            viewer=network_a.members[Role.ANIMATOR],
            today=timezone.localdate(),
        )


def _order(page: str, table: str) -> list[int]:
    return [int(pk) for pk in re.findall(rf'data-{table}="(\d+)"', page)]


def test_the_tables_sort_by_any_column(network_a, training):
    client = network_a.client(Role.HEAD_OFFICE)
    modules = [m.pk for m in training["modules"]]
    # Started: the first and second modules once each, the others never; ties by name.
    page = client.get(url(network_a, modules="-started")).content.decode()
    assert _order(page, "module") == [modules[0], modules[1], modules[2], modules[3]]
    page = client.get(url(network_a, modules="done", regions="-assigned")).content.decode()
    assert _order(page, "module")[-2:] == [modules[0], modules[1]]
    assert _order(page, "region") == [network_a.region.pk, training["south"].pk]
    assert 'aria-sort="descending"' in page
    assert 'aria-sort="ascending"' in page
    # A sort link keeps the other table's order.
    assert "modules=-done" in page
    assert "regions=-assigned" in page


def test_rows_without_a_rate_come_last_whichever_the_direction():
    rows = [Completion(1, "b", assigned=2, done=1), Completion(2, "a"), Completion(3, "c", 4, 0, 4)]
    assert [r.id for r in completion_sorted(rows, "-rate")] == [3, 1, 2]
    assert [r.id for r in completion_sorted(rows, "rate")] == [1, 3, 2]
    assert [r.id for r in completion_sorted(rows, "nonsense")] == [2, 1, 3]
    assert [r.id for r in completion_sorted(rows, "-name")] == [3, 1, 2]


def test_the_page_costs_the_same_queries_whatever_the_network(
    network_a, training, django_assert_max_num_queries
):
    client = network_a.client(Role.HEAD_OFFICE)
    client.get(url(network_a))
    # The completion's four, and one for what followed each module (selectors/outcomes.py).
    with django_assert_max_num_queries(10) as small:
        client.get(url(network_a))
    for n in range(4):
        point = PointOfSaleFactory(zone=ZoneFactory(region=RegionFactory(tenant=network_a.tenant)))
        person = staff_at(network_a, point)
        module = make_module(network_a, [text()], title=f"More {n}")
        assign(network_a, module)
        as_person(network_a, person, module)
        for kpi in (KpiDefinitionFactory(tenant=network_a.tenant) for _ in range(2)):
            with tenant_scope(network_a.tenant):
                ModuleKpiOutcome.objects.create(
                    tenant=network_a.tenant,
                    module=module,
                    kpi=kpi,
                    completed_points=4,
                    completed_change=2.0,
                    compared_points=8,
                    compared_change=1.0,
                    computed_at=timezone.now(),
                )
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url(network_a)).content.decode()
    assert len(_order(page, "region")) == 6
    assert len(_order(page, "module")) == 8
    assert page.count("data-outcome=") == 8


def test_another_brands_figures_never_show(network_a, network_b, training):
    make_module(network_b, title="Canary module of brand B")
    page = network_a.client(Role.HEAD_OFFICE).get(url(network_a)).content.decode()
    assert "Canary module of brand B" not in page
    assert network_b.region.name not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_titles_are_harmless(network_a, payload):
    module = make_module(network_a, [text()], title=payload)
    assign(network_a, module)
    page = network_a.client(Role.HEAD_OFFICE).get(url(network_a)).content.decode()
    assert f'data-module="{module.pk}"' in page
    assert dangers(page) == []
