"""The search rows hold the pages their item's citations name ("guideline:page", as
decisions/search_rows.py copies them), filled here for every row. On PostgreSQL, 0026's
index of the default order now carries the columns the item list's usual filters read
(INCLUDE), so that the first items of a filter are found in it alone, in order
(search_rows.in_order); a GIN index of the cited pages finds the few items citing a page
seldom cited. SQLite has no search rows: the column stays empty there, and has no
index."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

INDEX = GinIndex(fields=["cited_pages"], name="item_search_pages_gin")
ORDER = (
    models.F("decision_date").desc(nulls_last=True),
    models.F("case_number"),
    models.F("case"),
    models.F("number"),
    models.F("item"),
)
ORDER_INDEX = models.Index(*ORDER, name="item_search_decided_idx")
CARRIED = ["outcome", "category", "subcategory", "reviewer", "cited_guidelines", "cited_pages"]
ORDER_INDEX_CARRYING = models.Index(*ORDER, name="item_search_decided_idx", include=CARRIED)

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
        rows = apps.get_model("decisions", "ItemSearchDocument")
        schema_editor.remove_index(rows, ORDER_INDEX)
        schema_editor.execute(FILL)
        schema_editor.add_index(rows, ORDER_INDEX_CARRYING)
        schema_editor.add_index(rows, INDEX)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        rows = apps.get_model("decisions", "ItemSearchDocument")
        schema_editor.remove_index(rows, INDEX)
        schema_editor.remove_index(rows, ORDER_INDEX_CARRYING)
        schema_editor.add_index(rows, ORDER_INDEX)


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
        migrations.RunPython(fill_and_index, drop_indexes),
    ]
