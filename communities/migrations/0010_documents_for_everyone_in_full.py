"""Lesson sheets published before this migration stored their library document's audience as
`{}`; the library stores "everyone" in full, and the API and search read only that form. Each
such document gets the full form (the pages read both alike, so nobody's reading changes).

Row-level security binds the tables' owner too: the update runs tenant by tenant, each with
`app.tenant_id` set, as every data migration of tenant-owned rows must.
"""

from django.db import migrations

# network_animation.audiences.Audience().as_json() when this was written.
EVERYONE = {"regions": [], "zones": [], "roles": [], "point_of_sale_types": [], "criteria": []}


def _tenant_set(schema_editor, tenant_id: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [tenant_id])


def everyone_in_full(apps, schema_editor):
    Tenant = apps.get_model("network_animation", "Tenant")
    Document = apps.get_model("communities", "Document")
    for tenant in Tenant.objects.order_by("pk"):
        _tenant_set(schema_editor, str(tenant.pk))
        Document.objects.filter(tenant_id=tenant.pk, audience={}).update(audience=EVERYONE)
    _tenant_set(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("communities", "0009_first_read")]

    operations = [migrations.RunPython(everyone_in_full, migrations.RunPython.noop)]
