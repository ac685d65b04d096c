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
    ]
