# Gaps observed at work (the unit project's skills axis), counted by the training plan.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('microlearning', '0005_step_image'),
        ('network_animation', '0007_notifications'),
    ]

    operations = [
        migrations.CreateModel(
            name='ObservedGap',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('observed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('competence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='microlearning.competence')),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.membership')),
                ('observed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network_animation.membership')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.tenant')),
            ],
            options={
                'verbose_name': 'gap observed at work',
                'verbose_name_plural': 'gaps observed at work',
                'ordering': ['observed_at', 'pk'],
                'indexes': [models.Index(fields=['tenant', 'membership'], name='microlearni_tenant__4d5607_idx')],
                'constraints': [models.UniqueConstraint(fields=('tenant', 'membership', 'competence'), name='observed_gap_unique')],
            },
        ),
    ]
