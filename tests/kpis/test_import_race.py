"""The fact table's references have no database constraint (kpis 0009): a point of sale deleted
while an import runs still makes one of the two fail, and no fact is left pointing at nothing.

Two real connections, each in its own thread, on committed data (PostgreSQL: the import locks its
points of sale `FOR KEY SHARE`, a trigger checks the deletion at its commit). The loader's own
check is also tested on a single connection, on both databases."""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from kpis.fact_table import facts_table_from_records
from kpis.loader import kpi_facts_load
from kpis.models import KpiDirtyMonth, KpiFact
from kpis.services.facts import kpi_facts_import
from network_animation.models import PointOfSale
from network_animation.tabular import ImportRejected
from network_animation.tenancy import all_tenants, tenant_scope
from tests.factories import PointOfSaleFactory
from tests.kpis.factories import KpiDefinitionFactory

from .test_loader import frame

WAIT = 10  # seconds: far above what any step takes; a hung test fails instead of hanging


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """`work` on its own connection; its result or its exception in the returned dict."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001  # handed to the test, which asserts on it
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def someone_waits_for_a_lock() -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def facts_pointing_at_nothing() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM kpis_kpifact f WHERE NOT EXISTS"
            " (SELECT 1 FROM network_animation_pointofsale p WHERE p.id = f.point_of_sale_id)"
            " OR NOT EXISTS (SELECT 1 FROM kpis_kpidefinition k WHERE k.id = f.kpi_id)"
            " OR (f.person_id IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM network_animation_membership m WHERE m.id = f.person_id))"
        )
        return cursor.fetchone()[0]


def facts_of(point_id: int) -> int:
    with all_tenants():
        return KpiFact.objects.filter(point_of_sale_id=point_id).count()


def still_there(point_id: int) -> bool:
    with all_tenants():
        return PointOfSale.objects.filter(pk=point_id).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_deletion_waiting_for_an_import_fails_and_the_import_keeps_its_facts(network_a, kpis_a):
    tenant = network_a.tenant
    point = PointOfSaleFactory(zone=network_a.zone)  # nothing but the facts will point at it
    locked, release = threading.Event(), threading.Event()

    def import_facts() -> int:
        with tenant_scope(tenant), transaction.atomic():
            rows = [(point.pk, kpis_a.sales.pk, None, "2025-03-01", 5.0)]
            written = kpi_facts_load(tenant=tenant, facts=frame(rows)).written
            locked.set()
            release.wait(WAIT)
            return written

    def delete_point() -> None:
        locked.wait(WAIT)
        with tenant_scope(tenant):
            PointOfSale.objects.get(pk=point.pk).delete()

    importing, imported = in_thread(import_facts)
    deleting, deleted = in_thread(delete_point)
    assert someone_waits_for_a_lock()  # the deletion, on the import's lock
    release.set()
    importing.join(WAIT)
    deleting.join(WAIT)

    assert imported == {"result": 1}
    assert isinstance(deleted.get("error"), IntegrityError)
    assert still_there(point.pk)
    assert facts_of(point.pk) == 1
    assert facts_pointing_at_nothing() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_waiting_for_a_deletion_is_refused_and_writes_nothing(network_a, kpis_a):
    tenant = network_a.tenant
    point = PointOfSaleFactory(zone=network_a.zone)
    deleting_started, release = threading.Event(), threading.Event()

    def delete_point() -> None:
        with tenant_scope(tenant), transaction.atomic():
            PointOfSale.objects.get(pk=point.pk).delete()
            deleting_started.set()
            release.wait(WAIT)

    def import_facts() -> int:
        deleting_started.wait(WAIT)
        records = [{"point_of_sale": point.code, "kpi": "sales", "date": "2025-03-01", "value": 5}]
        table, _errors = facts_table_from_records(records)
        with tenant_scope(tenant):  # checked against the codes, then waits at the lock
            result = kpi_facts_import(tenant=tenant, actor=None, table=table, source="race")
        return result.written

    deleting, deleted = in_thread(delete_point)
    importing, imported = in_thread(import_facts)
    assert someone_waits_for_a_lock()  # the import, on the deleted row
    release.set()
    deleting.join(WAIT)
    importing.join(WAIT)

    assert deleted == {"result": None}
    refused = imported.get("error")
    assert isinstance(refused, ImportRejected)
    assert [(error.line, error.column) for error in refused.errors] == [(0, "")]
    assert not still_there(point.pk)
    assert facts_of(point.pk) == 0
    assert facts_pointing_at_nothing() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_facts_both_succeed_and_the_later_one_wins(network_a, kpis_a):
    """Both find the days without facts; the second's plain insertion waits for the first's
    facts, fails on the unique key at its commit, and the second upserts its batch instead."""
    tenant = network_a.tenant
    point, sales = network_a.point_of_sale.pk, kpis_a.sales.pk
    inserted, release = threading.Event(), threading.Event()

    def import_facts(value: float, hold: bool) -> int:
        if not hold:
            inserted.wait(WAIT)
        rows = [
            (point, sales, None, "2025-03-01", 5.0),
            (point, sales, None, "2025-03-02", value),
        ]
        with tenant_scope(tenant), transaction.atomic():
            written = kpi_facts_load(tenant=tenant, facts=frame(rows)).written
            if hold:
                inserted.set()
                release.wait(WAIT)
        return written

    first, first_outcome = in_thread(lambda: import_facts(6.0, hold=True))
    second, second_outcome = in_thread(lambda: import_facts(7.0, hold=False))
    assert someone_waits_for_a_lock()  # the second, on the first's facts
    release.set()
    first.join(WAIT)
    second.join(WAIT)

    assert first_outcome == {"result": 2}
    assert second_outcome == {"result": 1}  # the changed value only
    with all_tenants():
        assert sorted(KpiFact.objects.values_list("date__day", "value")) == [(1, 5.0), (2, 7.0)]
        assert KpiDirtyMonth.objects.filter(tenant=tenant, kpi_id=sales).exists()


@pytest.mark.django_db
def test_the_loader_refuses_a_batch_whose_point_of_sale_is_gone(network_a, kpis_a):
    tenant = network_a.tenant
    point = PointOfSaleFactory(zone=network_a.zone)
    gone = point.pk
    with tenant_scope(tenant):
        point.delete()
        rows = [
            (network_a.point_of_sale.pk, kpis_a.sales.pk, None, "2025-03-01", 4.0),
            (gone, kpis_a.sales.pk, None, "2025-03-01", 5.0),
        ]
        with pytest.raises(ImportRejected), transaction.atomic():  # as the import service
            kpi_facts_load(tenant=tenant, facts=frame(rows))
        assert not KpiFact.objects.filter(tenant=tenant).exists()
        # The same batch without it loads.
        assert kpi_facts_load(tenant=tenant, facts=frame(rows[:1])).written == 1


@pytest.mark.django_db
def test_deleting_a_point_of_sale_still_deletes_its_facts(network_a, kpis_a):
    tenant = network_a.tenant
    point = PointOfSaleFactory(zone=network_a.zone)
    with tenant_scope(tenant):
        kpi_facts_load(
            tenant=tenant, facts=frame([(point.pk, kpis_a.sales.pk, None, "2025-03-01", 5.0)])
        )
        point.delete()
        assert not KpiFact.objects.filter(tenant=tenant).exists()
    assert facts_pointing_at_nothing() == 0


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_delete_a_point_of_sale_or_kpi_that_facts_point_at(network_a):
    """Below Django's cascade: a deletion that leaves facts behind fails at its commit (checked
    at once here: the test's transaction never commits)."""
    tenant = network_a.tenant
    point = PointOfSaleFactory(zone=network_a.zone)
    kpi = KpiDefinitionFactory(tenant=tenant)  # nothing else points at either
    with tenant_scope(tenant):
        kpi_facts_load(tenant=tenant, facts=frame([(point.pk, kpi.pk, None, "2025-03-01", 5.0)]))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute("DELETE FROM network_animation_pointofsale WHERE id = %s", [point.pk])
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute("DELETE FROM kpis_kpidefinition WHERE id = %s", [kpi.pk])
    assert still_there(point.pk)
