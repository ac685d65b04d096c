import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kpis', '0008_computed_facts'),
        ('network_animation', '0007_notifications'),
        ('recommendations', '0002_content_recommendation'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActionSuggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('challenge', 'Launch a challenge'), ('module', 'Push a module'), ('visit', 'Visit a point of sale')], max_length=12, verbose_name='kind of action')),
                ('key', models.CharField(max_length=60)),
                ('module_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('title_fr', models.CharField(blank=True, max_length=200)),
                ('title_en', models.CharField(blank=True, max_length=200)),
                ('points_of_sale', models.JSONField(blank=True, default=list)),
                ('expected_uplift', models.FloatField(blank=True, null=True)),
                ('score', models.FloatField(default=0.0)),
                ('reason_fr', models.TextField(blank=True)),
                ('reason_en', models.TextField(blank=True)),
                ('computed_at', models.DateTimeField()),
                ('status', models.CharField(choices=[('open', 'Suggested'), ('accepted', 'Accepted'), ('dismissed', 'Dismissed'), ('done', 'Done')], default='open', max_length=10, verbose_name='status')),
                ('acted_at', models.DateTimeField(blank=True, null=True)),
                ('dismiss_reason', models.CharField(blank=True, choices=[('already_planned', 'Already planned or done another way'), ('not_relevant', 'Not relevant for these points of sale'), ('bad_timing', 'Not the right time'), ('too_costly', 'Too much effort for the expected gain'), ('other', 'Another reason')], max_length=20)),
                ('dismiss_note', models.TextField(blank=True, max_length=1000)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('done_target', models.CharField(blank=True, max_length=40)),
                ('acted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network_animation.membership')),
                ('kpi', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='kpis.kpidefinition')),
                ('point_of_sale', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.pointofsale')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.tenant')),
                ('zone', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.zone')),
            ],
            options={
                'verbose_name': 'suggested action',
                'verbose_name_plural': 'suggested actions',
                'ordering': ['-score', 'pk'],
                'indexes': [models.Index(fields=['tenant', 'zone', 'status'], name='action_suggestion_zone'), models.Index(fields=['tenant', 'acted_by', 'kind'], name='action_suggestion_actor')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('tenant', 'zone', 'key'), name='action_suggestion_open_unique')],
            },
        ),
    ]
