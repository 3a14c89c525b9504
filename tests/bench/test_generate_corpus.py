"""generate_corpus: the same seed gives the same archive, with counts the pages can read."""

import pytest
from django.core.management import call_command
from django.db import connection

from decisions.bench.corpus import SOURCE_PREFIX, generate_corpus
from decisions.models import Case, DisputedItem, GuidelineCitation, ItemSearchDocument, Reviewer
from decisions.search import search_vector
from decisions.summaries import differences


def snapshot() -> list:
    return list(
        DisputedItem.objects.filter(case__source_path__startswith=SOURCE_PREFIX)
        .order_by("case__case_number", "number")
        .values_list(
            "case__case_number",
            "case__decision_date",
            "case__patient_age",
            "number",
            "description",
            "outcome",
            "category",
            "rationale",
        )
    )


def forget_synthetic() -> None:
    Case.objects.filter(source_path__startswith=SOURCE_PREFIX).delete()
    Reviewer.objects.filter(profile_key__startswith="synthetic-").delete()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_archive_and_its_counts():
    counts = generate_corpus(40, seed=3, batch=15)
    assert counts.cases == Case.objects.count() == 40
    assert counts.items == DisputedItem.objects.count() >= 40
    assert counts.citations == GuidelineCitation.objects.count()
    first = snapshot()
    assert {row[0][:2] for row in first} == {"CM"}
    assert {row[5] for row in first} <= {"upheld", "overturned"}
    call_command("check_summaries", "--rebuild", verbosity=0)
    assert differences() == {}
    if connection.vendor == "postgresql":  # the search documents the trigger would write
        stored = dict(ItemSearchDocument.objects.values_list("item_id", "document"))
        computed = DisputedItem.objects.annotate(document=search_vector())
        assert stored == dict(computed.values_list("pk", "document"))
    with pytest.raises(ValueError, match="already holds synthetic letters"):
        generate_corpus(5, seed=3)
    forget_synthetic()
    generate_corpus(40, seed=3, batch=7)  # other batches, other ids: the same letters
    assert snapshot() == first
    forget_synthetic()
    generate_corpus(40, seed=4)
    assert snapshot() != first
