"""The index behind the item list's default order (newest decisions first), on PostgreSQL.

ORDER BY decision_date DESC NULLS LAST, case_number: with this index the first page reads
about 20 cases instead of sorting them all (docs/query-plans.md). SQLite cannot declare
NULLS LAST in an index, so the index exists only on PostgreSQL, like 0002's.
"""

from django.db import migrations, models

INDEX = models.Index(
    models.F("decision_date").desc(nulls_last=True),
    models.F("case_number"),
    name="case_decision_order_idx",
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("decisions", "Case"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("decisions", "Case"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_citation_history_long_change_reason")]

    operations = [migrations.RunPython(create_index, drop_index)]
