"""The search rows indexed in the item list's default order (newest decision first), with
the item's id, on PostgreSQL: a deep page of the whole archive reads the index's entries
alone (decisions/search_rows.py, in_order; 0027 makes it carry more columns). SQLite
cannot declare NULLS LAST in an index, and has no search rows: like 0005's, the index
exists only on PostgreSQL."""

from django.db import migrations, models

INDEX = models.Index(
    models.F("decision_date").desc(nulls_last=True),
    models.F("case_number"),
    models.F("case"),
    models.F("number"),
    models.F("item"),
    name="item_search_decided_idx",
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("decisions", "ItemSearchDocument"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("decisions", "ItemSearchDocument"), INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0025_tally_guideline_pages'),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
