"""Each item's cited guideline ids and sections, for the facets of a search, written out
for the letters already in the archive (decisions/derived_rows.py)."""

import django.db.models.deletion
from django.db import migrations, models


def write_cited_keys(apps, schema_editor):
    from decisions.derived_rows import CITED_KEYS, rewrite_all

    rewrite_all([CITED_KEYS])


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0021_archive_edition"),
    ]

    operations = [
        migrations.CreateModel(
            name="ItemCitedKeys",
            fields=[
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="cited_keys",
                        serialize=False,
                        to="decisions.disputeditem",
                    ),
                ),
                ("guidelines", models.JSONField(default=list)),
                ("sections", models.JSONField(default=list)),
            ],
        ),
        migrations.RunPython(write_cited_keys, migrations.RunPython.noop, elidable=True),
    ]
