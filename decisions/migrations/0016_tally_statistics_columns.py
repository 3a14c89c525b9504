"""The Tally columns /stats/ counts by (decision month, guideline agreement, days to
decision), and the rows of its groupings counted for the letters already in the archive."""

from django.db import migrations, models


def count_statistics_groupings(apps, schema_editor):
    from decisions.summaries import STATISTICS_GROUPINGS, TALLY_COLUMNS

    Tally = apps.get_model("decisions", "Tally")
    for grouping in STATISTICS_GROUPINGS:
        Tally.objects.bulk_create(
            (
                Tally(**dict(zip(TALLY_COLUMNS, key, strict=True)), count=count)
                for key, count in grouping.counted_in_sql().items()
            ),
            batch_size=5000,
        )


def forget_statistics_groupings(apps, schema_editor):
    from decisions.summaries import STATISTICS_GROUPINGS

    names = [grouping.name for grouping in STATISTICS_GROUPINGS]
    apps.get_model("decisions", "Tally").objects.filter(grouping__in=names).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0015_item_search_documents'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='tally',
            name='uniq_tally',
        ),
        migrations.AddField(
            model_name='tally',
            name='agreement',
            field=models.CharField(blank=True, help_text='guideline agreement of the two sides', max_length=12),
        ),
        migrations.AddField(
            model_name='tally',
            name='days',
            field=models.IntegerField(default=0, help_text='days from application to decision'),
        ),
        migrations.AddField(
            model_name='tally',
            name='month',
            field=models.PositiveSmallIntegerField(default=0, help_text='1-12 of the decision date'),
        ),
        migrations.AddConstraint(
            model_name='tally',
            constraint=models.UniqueConstraint(fields=('grouping', 'outcome', 'year', 'category', 'subcategory', 'specialty', 'state', 'side', 'guideline', 'page', 'section', 'printed', 'month', 'agreement', 'days'), name='uniq_tally'),
        ),
        migrations.RunPython(count_statistics_groupings, forget_statistics_groupings),
    ]
