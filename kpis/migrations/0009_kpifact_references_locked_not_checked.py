"""The facts' references to points of sale, KPIs and people lose their database constraints:
the loader locks the batch's distinct rows once instead (kpis.loader), and on PostgreSQL a
constraint trigger on each referenced table refuses, at commit, the deletion of a row that facts
still point at (see KpiFact)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The referenced table, its trigger, and the facts' column that points at it.
REFERENCED = (
    ("network_animation_pointofsale", "kpis_fact_point_of_sale_kept", "point_of_sale_id"),
    ("kpis_kpidefinition", "kpis_fact_kpi_kept", "kpi_id"),
    ("network_animation_membership", "kpis_fact_person_kept", "person_id"),
)

# Run at the deleting transaction's commit (deferred, as the constraints' own checks were), so
# Django's cascade has deleted the facts first; by then a concurrent import that held the row's
# lock has committed, and this query (a fresh snapshot under READ COMMITTED) sees its facts.
FUNCTION = """
CREATE OR REPLACE FUNCTION kpis_fact_reference_kept() RETURNS trigger AS $$
DECLARE
    referenced boolean;
BEGIN
    EXECUTE format(
        'SELECT EXISTS (SELECT 1 FROM kpis_kpifact WHERE tenant_id = $1 AND %I = $2)', TG_ARGV[0]
    ) INTO referenced USING OLD.tenant_id, OLD.id;
    IF referenced THEN
        RAISE EXCEPTION 'KPI facts still reference % %', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql"""


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its `%` are PL/pgSQL's, not parameters
    for table, trigger, column in REFERENCED:
        schema_editor.execute(
            f"CREATE CONSTRAINT TRIGGER {trigger} AFTER DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION kpis_fact_reference_kept('{column}')"
        )


def uninstall(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, trigger, _column in REFERENCED:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kpis_fact_reference_kept()")


class Migration(migrations.Migration):
    dependencies = [
        ("kpis", "0008_computed_facts"),
        ("network_animation", "0007_notifications"),
    ]

    operations = [
        migrations.AlterField(
            model_name="kpifact",
            name="point_of_sale",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="network_animation.pointofsale",
                verbose_name="point of sale",
            ),
        ),
        migrations.AlterField(
            model_name="kpifact",
            name="kpi",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="kpis.kpidefinition",
                verbose_name="KPI",
            ),
        ),
        migrations.AlterField(
            model_name="kpifact",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="network_animation.membership",
                verbose_name="person",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
