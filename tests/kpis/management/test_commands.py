"""kpis/management/commands: import_kpis and aggregate_kpis."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis.models import KpiFact, KpiRollup
from network_animation.models import JobRun
from network_animation.tenancy import tenant_scope


def facts_file(tmp_path, body: str):
    path = tmp_path / "facts.csv"
    path.write_text("code_pdv;indicateur;date;valeur\n" + body, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_kpis_imports_a_good_file(network_a, kpis_a, tmp_path, capsys):
    path = facts_file(tmp_path, f"{network_a.point_of_sale.code};sales;02/01/2025;12,5\n")
    call_command("import_kpis", str(path), tenant=network_a.tenant.slug)
    assert "1 facts read" in capsys.readouterr().out
    with tenant_scope(network_a.tenant):
        assert KpiFact.objects.get().value == 12.5


@pytest.mark.django_db
def test_import_kpis_exits_1_with_every_error_on_stderr(network_a, kpis_a, tmp_path, capsys):
    path = facts_file(
        tmp_path, f"NOPE;sales;02/01/2025;1\n{network_a.point_of_sale.code};sales;32/01/2025;1\n"
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_kpis", str(path), tenant=network_a.tenant.slug)
    assert caught.value.returncode == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(";")[:2] for line in lines] == [["2", "point_of_sale"], ["3", "date"]]
    with tenant_scope(network_a.tenant):
        assert not KpiFact.objects.exists()


@pytest.mark.django_db
def test_import_kpis_refuses_an_unknown_tenant(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_kpis", str(facts_file(tmp_path, "")), tenant="nope")


@pytest.mark.django_db
def test_aggregate_kpis_incremental_then_full(network_a, kpis_a, tmp_path, capsys):
    path = facts_file(tmp_path, f"{network_a.point_of_sale.code};sales;02/01/2025;3\n")
    call_command("import_kpis", str(path), tenant=network_a.tenant.slug)
    call_command("aggregate_kpis", tenant=network_a.tenant.slug)
    with tenant_scope(network_a.tenant):
        rows = sorted(
            KpiRollup.objects.filter(kpi=kpis_a.sales).values_list("level", "period", "value")
        )
    call_command("aggregate_kpis", tenant=network_a.tenant.slug, full=True)
    with tenant_scope(network_a.tenant):
        assert (
            sorted(
                KpiRollup.objects.filter(kpi=kpis_a.sales).values_list("level", "period", "value")
            )
            == rows
        )
        assert len(rows) == 8
        assert JobRun.objects.filter(job="kpis.aggregate", status="succeeded").count() == 2


@pytest.mark.django_db
def test_the_nightly_chain_runs_the_aggregation(network_a, kpis_a, tmp_path):
    path = facts_file(tmp_path, f"{network_a.point_of_sale.code};sales;02/01/2025;3\n")
    call_command("import_kpis", str(path), tenant=network_a.tenant.slug)
    call_command("nightly", tenant=network_a.tenant.slug)
    with tenant_scope(network_a.tenant):
        run = JobRun.objects.get(job="nightly.kpi_aggregation")
        assert (run.status, run.counts["dirty_months"]) == ("succeeded", 1)
        assert KpiRollup.objects.filter(level="network", kpi=kpis_a.sales).count() == 2
