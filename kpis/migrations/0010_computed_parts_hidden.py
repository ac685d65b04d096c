"""The computed KPIs that are only a ratio's parts (the visits' points and counts, learning's
modules due and review days) were created active: every dashboard showed sums of scores and
"review days expected", some with an English unit on French pages ("3 visits"). They become
inactive (head office may turn one on; challenges and exports read them all the same), the
counts lose their word units, and a French name gets its apostrophe.

Row-level security binds the tables' owner too: the update runs tenant by tenant, each with
`app.tenant_id` set, as every data migration of tenant-owned rows must. The tenants' cached KPI
definitions are renewed after.
"""

from django.db import migrations

# challenges/visits/kpi_facts.py and microlearning/kpi_facts.py when this was written.
PARTS = {
    "visits": [
        "visit_score_points",
        "visits_done",
        "mystery_visit_score_points",
        "mystery_visits",
        "customer_survey_score_points",
        "customer_surveys",
    ],
    "learning": [
        "learning_modules_due",
        "learning_modules_due_done",
        "learning_review_days",
        "learning_review_days_expected",
    ],
}
WORD_UNITS = ["visits", "surveys", "days"]
RENAMED = {"customer_survey_score": "Score d’enquête client"}


def _tenant_set(schema_editor, tenant_id: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [tenant_id])


def parts_hidden(apps, schema_editor):
    from kpis.cache import KPI_DEFINITIONS
    from network_animation.data_versions import data_changed

    Tenant = apps.get_model("network_animation", "Tenant")
    KpiDefinition = apps.get_model("kpis", "KpiDefinition")
    for tenant in Tenant.objects.order_by("pk"):
        _tenant_set(schema_editor, str(tenant.pk))
        mine = KpiDefinition.objects.filter(tenant_id=tenant.pk)
        changed = 0
        for producer, codes in PARTS.items():
            parts = mine.filter(producer=producer, code__in=codes)
            changed += parts.filter(is_active=True).update(is_active=False)
            changed += parts.filter(unit__in=WORD_UNITS).update(unit="")
        for code, name in RENAMED.items():
            changed += (
                mine.filter(producer="visits", code=code).exclude(name_fr=name).update(name_fr=name)
            )
        if changed:
            data_changed(tenant=tenant.pk, kinds=[KPI_DEFINITIONS])
    _tenant_set(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("kpis", "0009_kpifact_references_locked_not_checked")]

    operations = [migrations.RunPython(parts_hidden, migrations.RunPython.noop)]
