# Module outcomes: per module and KPI, the change of achievement after the module was finished
# at points of sale and at comparable ones that had not (the nightly step rewrites them).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kpis', '0009_kpifact_references_locked_not_checked'),
        ('microlearning', '0006_observed_gaps'),
        ('network_animation', '0007_notifications'),
    ]

    operations = [
        migrations.CreateModel(
            name='ModuleKpiOutcome',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('completed_points', models.PositiveIntegerField()),
                ('completed_change', models.FloatField()),
                ('compared_points', models.PositiveIntegerField()),
                ('compared_change', models.FloatField()),
                ('computed_at', models.DateTimeField()),
                ('kpi', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='kpis.kpidefinition')),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='microlearning.module')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.tenant')),
            ],
            options={
                'verbose_name': 'module outcome',
                'verbose_name_plural': 'module outcomes',
                'constraints': [models.UniqueConstraint(fields=('tenant', 'module', 'kpi'), name='module_kpi_outcome_unique')],
            },
        ),
    ]
