import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0008_coaching"),
        ("network_animation", "0007_notifications"),
    ]

    operations = [
        migrations.CreateModel(
            name="FirstRead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "read_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="first read"
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="communities.document",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="network_animation.membership",
                    ),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="network_animation.tenant",
                    ),
                ),
                (
                    "thread",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="communities.thread",
                    ),
                ),
            ],
            options={
                "verbose_name": "first read",
                "verbose_name_plural": "first reads",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("thread__isnull", False)),
                        fields=("tenant", "membership", "thread"),
                        name="first_read_thread_unique",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("document__isnull", False)),
                        fields=("tenant", "membership", "document"),
                        name="first_read_document_unique",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("thread__isnull", True), ("document__isnull", True), _connector="XOR"
                        ),
                        name="first_read_one_thing",
                    ),
                ],
            },
        ),
    ]
