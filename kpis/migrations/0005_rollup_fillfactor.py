"""Room in each page of the rollup table for the aggregation's in-place updates (see WRITE_NEW
in kpis/aggregation/sql/write.py): with half of each page free, PostgreSQL writes a rollup's
new version beside the old one and leaves the indexes alone (a HOT update). Pages written from
now on keep the room; SQLite has no such setting."""

from django.db import migrations


def _set_fillfactor(percent: int):
    def apply(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE kpis_kpirollup SET (fillfactor = {percent})")

    return apply


class Migration(migrations.Migration):
    dependencies = [("kpis", "0004_rollup_references_without_constraints")]

    operations = [migrations.RunPython(_set_fillfactor(50), _set_fillfactor(100))]
