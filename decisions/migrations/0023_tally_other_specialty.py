"""/stats/ under one specialty, state or outcome from the Tally rows: the groupings it
reads (decisions/summaries.py), counted for the letters already in the archive."""

from django.db import migrations, models

NEW_GROUPINGS = [
    "side",
    "side,specialty",
    "side,state",
    "specialty pair",
    "no specialty",
    "no specialty,state",
    *(
        f"{name},{filtered}"
        for name in ("cases", "case days")
        for filtered in ("outcome", "specialty", "outcome,specialty", "state", "outcome,state")
    ),
]


def count_new_groupings(apps, schema_editor):
    from decisions.summaries import recount

    recount(NEW_GROUPINGS)


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0022_item_cited_keys'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='tally',
            name='uniq_tally',
        ),
        migrations.AddField(
            model_name='tally',
            name='other_specialty',
            field=models.CharField(blank=True, help_text='a specialty the same reviewer holds (the rates by specialty under one)', max_length=120),
        ),
        migrations.AddConstraint(
            model_name='tally',
            constraint=models.UniqueConstraint(fields=('grouping', 'outcome', 'year', 'category', 'subcategory', 'specialty', 'state', 'side', 'guideline', 'page', 'section', 'printed', 'month', 'agreement', 'days', 'other_specialty'), name='uniq_tally'),
        ),
        migrations.RunPython(count_new_groupings, migrations.RunPython.noop, elidable=True),
    ]
