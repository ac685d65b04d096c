# Placeholder for the search (issue 14, item 3): its operations come with the search's models.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_feedback"),
    ]

    operations: list[migrations.operations.base.Operation] = []
