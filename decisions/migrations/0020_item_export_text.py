"""Each item's export cells that come from other tables, written out for the letters
already in the archive (decisions/export_text.py, decisions/derived_rows.py)."""

import django.db.models.deletion
from django.db import migrations, models


def write_export_text(apps, schema_editor):
    from decisions.derived_rows import EXPORT_TEXT, rewrite_all

    rewrite_all([EXPORT_TEXT])


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0019_matched_item_order_columns'),
    ]

    operations = [
        migrations.CreateModel(
            name='ItemExportText',
            fields=[
                ('item', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='export_text', serialize=False, to='decisions.disputeditem')),
                ('reviewer_specialties', models.TextField(blank=True)),
                ('reviewer_states', models.TextField(blank=True)),
                ('imr_citations', models.TextField(blank=True)),
                ('claims_administrator_citations', models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(write_export_text, migrations.RunPython.noop, elidable=True),
    ]
