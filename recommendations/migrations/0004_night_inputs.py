import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('network_animation', '0007_notifications'),
        ('recommendations', '0003_action_suggestion'),
    ]

    operations = [
        migrations.CreateModel(
            name='NightInputs',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(max_length=64)),
                ('visits_digest', models.CharField(blank=True, max_length=64)),
                ('day', models.DateField(verbose_name='day of the last full run')),
                ('computed_at', models.DateTimeField(verbose_name='computed at')),
                ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network_animation.tenant')),
            ],
            options={
                'verbose_name': 'inputs of the last night',
                'verbose_name_plural': 'inputs of the last nights',
                'constraints': [models.UniqueConstraint(fields=('tenant',), name='night_inputs_tenant_unique')],
            },
        ),
    ]
