from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network_animation", "0004_alter_jobrun_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobrun",
            name="worker",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="jobrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Waiting to start"),
                    ("running", "Running"),
                    ("succeeded", "Succeeded"),
                    ("failed", "Failed"),
                    ("interrupted", "Interrupted, starting again"),
                ],
                default="running",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
