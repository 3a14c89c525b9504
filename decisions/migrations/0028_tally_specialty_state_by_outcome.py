"""The specialty and state facets of an unfiltered or outcome-only item list read rows
summed by outcome alone (decisions/summaries.py): summed here from the rows by specialty
and by state already in the archive."""

from django.db import migrations

NEW_GROUPINGS = ["specialty by outcome", "state by outcome"]


def count_new_groupings(apps, schema_editor):
    from decisions.summaries import recount

    recount(NEW_GROUPINGS)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0027_item_search_cited_pages"),
    ]

    operations = [
        migrations.RunPython(count_new_groupings, migrations.RunPython.noop, elidable=True),
    ]
