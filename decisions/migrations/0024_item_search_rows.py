"""The search rows: beside each item's search document, the columns a search's summary,
facets and list read, copied for the letters already in the archive, and the rows put in
the order of their request category (decisions/search_rows.py; 4-5 minutes at a million
letters on PostgreSQL)."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


def copy_search_rows(apps, schema_editor):
    from decisions.models import MatchedItem
    from decisions.search_rows import copy_all

    # The columns of this migration's time: a later one adds more (0027's cited pages).
    copy_all(sources=MatchedItem.SOURCES)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0023_tally_other_specialty"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemsearchdocument",
            name="case",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="decisions.case",
            ),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="case_number",
            field=models.CharField(max_length=20, null=True),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="category",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="cited_guidelines",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="cited_sections",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="decision_date",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="number",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="outcome",
            field=models.CharField(max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="reviewer",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="decisions.reviewer",
            ),
        ),
        migrations.AddField(
            model_name="itemsearchdocument",
            name="subcategory",
            field=models.CharField(max_length=60, null=True),
        ),
        migrations.AddIndex(
            model_name="itemsearchdocument",
            index=models.Index(fields=["category", "subcategory"], name="item_search_order_idx"),
        ),
        migrations.RunPython(copy_search_rows, migrations.RunPython.noop),
    ]
