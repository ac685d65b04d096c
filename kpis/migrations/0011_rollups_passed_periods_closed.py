"""A period stayed "running" ("La période n’est pas finie", "(to date)" on its tile) when one
KPI had no facts on its last day, a sparse survey score for instance, although the brand's
other figures had passed it. The aggregation now closes a period once the brand's imported
figures pass its end; this closes the periods already written.

Row-level security binds the tables' owner too: the update runs tenant by tenant, each with
`app.tenant_id` set, as every data migration of tenant-owned rows must.
"""

import datetime as dt

from django.db import migrations
from django.db.models import F, Max, Q


def _tenant_set(schema_editor, tenant_id: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [tenant_id])


def passed_periods_closed(apps, schema_editor):
    from kpis.cache import ROLLUPS
    from network_animation.data_versions import data_changed

    Tenant = apps.get_model("network_animation", "Tenant")
    KpiDefinition = apps.get_model("kpis", "KpiDefinition")
    KpiFact = apps.get_model("kpis", "KpiFact")
    KpiRollup = apps.get_model("kpis", "KpiRollup")
    for tenant in Tenant.objects.order_by("pk"):
        _tenant_set(schema_editor, str(tenant.pk))
        imported = KpiDefinition.objects.filter(tenant_id=tenant.pk, source="imported")
        days = [
            KpiFact.objects.filter(tenant_id=tenant.pk, kpi_id=kpi).aggregate(last=Max("date"))
            for kpi in imported.values_list("pk", flat=True)
        ]
        through = max((day["last"] for day in days if day["last"] is not None), default=None)
        if through is None:
            continue
        open_month = (through + dt.timedelta(days=1)).replace(day=1)
        passed = Q(period="month", period_start__lt=open_month) | Q(
            period="year", period_start__lt=open_month.replace(month=1)
        )
        closed = (
            KpiRollup.objects.filter(passed, tenant_id=tenant.pk)
            .filter(days_elapsed__lt=F("days_in_period"))
            .update(days_elapsed=F("days_in_period"), projection=F("value"))
        )
        if closed:
            data_changed(tenant=tenant.pk, kinds=[ROLLUPS])
    _tenant_set(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("kpis", "0010_computed_parts_hidden")]

    operations = [migrations.RunPython(passed_periods_closed, migrations.RunPython.noop)]
