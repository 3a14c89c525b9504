"""A guideline (and one of its pages) filtered from the Tally rows: the groupings of a
guideline page (decisions/summaries.py), counted for the letters already in the archive,
and an index of the rows by guideline and page."""

from django.db import migrations, models

NEW_GROUPINGS = ["page", "page,specialty", "page,state", "page,section"]


def count_new_groupings(apps, schema_editor):
    from decisions.summaries import recount

    recount(NEW_GROUPINGS)


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0024_item_search_rows'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='tally',
            index=models.Index(fields=['grouping', 'guideline', 'page'], name='tally_guideline_idx'),
        ),
        migrations.RunPython(count_new_groupings, migrations.RunPython.noop, elidable=True),
    ]
