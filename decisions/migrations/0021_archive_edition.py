"""The archive's edition token (decisions/edition.py), its one row made here so that two
first writers never both create it."""

import uuid

from django.db import migrations, models


def first_edition(apps, schema_editor):
    apps.get_model("decisions", "ArchiveEdition").objects.create(pk=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0020_item_export_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveEdition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_edition, migrations.RunPython.noop),
    ]
