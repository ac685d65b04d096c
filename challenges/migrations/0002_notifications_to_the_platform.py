"""Challenge notifications move to the platform's notifications (network_animation): each one is
copied, read or not, with its text, then the challenges' own table goes.

Row-level security binds the tables' owner too: the copy runs tenant by tenant, each with
`app.tenant_id` set, as every data migration of tenant-owned rows must.
"""

from django.db import migrations


def _tenant_set(schema_editor, tenant_id: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [tenant_id])


def copy_to_the_platform(apps, schema_editor):
    Tenant = apps.get_model("network_animation", "Tenant")
    Old = apps.get_model("challenges", "Notification")
    New = apps.get_model("network_animation", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    challenge_type, _created = ContentType.objects.get_or_create(
        app_label="challenges", model="challenge"
    )
    for tenant in Tenant.objects.order_by("pk"):
        _tenant_set(schema_editor, str(tenant.pk))
        New.objects.bulk_create(
            [
                New(
                    tenant_id=tenant.pk,
                    recipient_id=old.recipient_id,
                    kind="challenge.closed",
                    target_type=challenge_type,
                    target_id=old.challenge_id,
                    url=f"/{tenant.slug}/challenges/{old.challenge_id}/",
                    params={"message": old.message},
                    once_key=f"challenge:{old.challenge_id}",
                    created_at=old.created_at,
                    read_at=old.read_at,
                    emailed_at=old.created_at,  # they were emailed when they were made
                )
                for old in Old.objects.filter(tenant_id=tenant.pk).iterator()
            ],
            batch_size=1000,
        )
    _tenant_set(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
        ("network_animation", "0007_notifications"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_to_the_platform, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="notification",
            name="notification_once",
        ),
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
