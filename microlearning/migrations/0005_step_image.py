# Image steps: the picture (re-encoded), its size and its description in each language.

import microlearning.models.modules
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('microlearning', '0004_competences_assessments_plans'),
    ]

    operations = [
        migrations.AlterField(
            model_name='step',
            name='kind',
            field=models.CharField(choices=[('text', 'Text'), ('flashcard', 'Flashcard'), ('quiz', 'Quiz question'), ('video', 'Video link'), ('image', 'Image')], max_length=10, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='step',
            name='image',
            field=models.FileField(blank=True, max_length=200, upload_to=microlearning.models.modules.step_image_path, verbose_name='image'),
        ),
        migrations.AddField(
            model_name='step',
            name='image_type',
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name='step',
            name='image_width',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='step',
            name='image_height',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='step',
            name='image_alt_fr',
            field=models.CharField(blank=True, max_length=300, verbose_name='image description (French)'),
        ),
        migrations.AddField(
            model_name='step',
            name='image_alt_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='image description (English)'),
        ),
    ]
