"""The GIN index behind full-text search of items, on PostgreSQL only.

It is built from decisions.search.search_vector(), the very expression the search query
uses, so the planner can match the two. SQLite has no GIN index; search there is a plain
case-insensitive match (see decisions/search.py and README, Browsing the archive).
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "item_search_gin"


def _index():
    from decisions.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("decisions", "DisputedItem"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("decisions", "DisputedItem"), _index())


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
