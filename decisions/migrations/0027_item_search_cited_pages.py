"""The search rows hold the pages their item's citations name ("guideline:page", as
decisions/search_rows.py copies them), filled here for every row, with a GIN index on
PostgreSQL: the item list finds the items citing one page from it (citing_page_in_order).
SQLite has no search rows: the column stays empty there, and has no index."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

INDEX = GinIndex(fields=["cited_pages"], name="item_search_pages_gin")

# search_rows.cited_page_keys() as it reads today, written out so that the migration does
# not change with the module.
FILL = """
UPDATE decisions_itemsearchdocument AS row SET cited_pages = ARRAY(
    SELECT DISTINCT citation.guideline_id || ':' || page.page::text AS key
    FROM decisions_guidelinecitation AS citation
    JOIN decisions_citationpage AS page ON page.citation_id = citation.id
    WHERE citation.item_id = row.item_id
    ORDER BY key
)
"""


def fill_and_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
        schema_editor.add_index(apps.get_model("decisions", "ItemSearchDocument"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("decisions", "ItemSearchDocument"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0026_item_search_decided_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemsearchdocument",
            name="cited_pages",
            field=ArrayField(base_field=models.TextField(), null=True, size=None),
        ),
        migrations.RunPython(fill_and_index, drop_index),
    ]
