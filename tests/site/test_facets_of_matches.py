"""The facets of a page counted from the items (a search, a citation filter) equal plain
counts: on PostgreSQL they read the temporary table of matched items (MatchedItem), which
holds the columns of each item and its case; on SQLite they count the items directly."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.site.facets import facet_counts, facets_to_show, grouped_counts
from decisions.site.item_filter import DisputedItemFilter
from decisions.site.parameters import PARAMETERS


def some(values, most=2):
    """Mostly nothing: with every filter set at once, few items would be left to count."""
    chosen = st.lists(st.sampled_from(values), min_size=1, max_size=most, unique=True)
    return st.one_of(st.just([]), st.just([]), chosen)


filters = st.fixed_dictionaries(
    {
        "q": st.sampled_from(["", "acupuncture", "MRI", "therapy", '"physical therapy"']),
        "outcome": some(["upheld", "overturned"], 1),
        "year": some(["2016", "2017"]),
        "category": some(["Rehabilitation", "Pharmaceuticals", "Diagnostic Testing"], 1),
        "specialty": some(["Anesthesiology", "Pain Management", "Chiropractic"], 1),
        "guideline": some(["mtus-chronic-pain", "mtus-acoem", "odg"], 1),
        "guideline_page": some(["60", "98"], 1),
    }
)


def plain(query: QueryDict, row) -> dict:
    """The facet counted the plain way: the items under every filter but its own."""
    without_own = query.copy()
    without_own.pop(row.name, None)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    rows = grouped_counts(DisputedItemFilter(without_own).qs, row, item_filter.form.cleaned_data)
    return {_key(row, entry["value"]): entry["count"] for entry in rows}


def _key(row, value):
    return value.lower() if row.case_insensitive else value


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=filters)
def test_every_facet_equals_the_plain_count(fixture_archive, chosen):
    query = QueryDict(mutable=True)
    for name, values in chosen.items():
        if values:  # as a browser sends it: no parameter for what is not chosen
            query.setlist(name, [values] if isinstance(values, str) else values)
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    cleaned = item_filter.form.cleaned_data
    counted = facet_counts(query, cleaned, size=1000)
    for row in facets_to_show(cleaned):
        result = counted[row.name]
        assert not result.timed_out
        shown = {_key(row, entry["value"]): entry["count"] for entry in result.values}
        assert shown == plain(query, PARAMETERS[row.name]), row.name


@pytest.mark.django_db
def test_a_search_counts_its_matches_by_every_facet(fixture_archive):
    """Two items name acupuncture: sample 004's first (Anesthesiology and Pain Medicine;
    California; undated; MTUS Acupuncture and Chronic Pain) and CM17-0099103's first
    (Chiropractic; California and Nevada; 2017; MTUS Acupuncture), both upheld."""
    query = QueryDict("q=acupuncture")
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid()
    counted = facet_counts(query, item_filter.form.cleaned_data)

    def values(name):
        return {entry["value"]: entry["count"] for entry in counted[name].values}

    assert values("outcome") == {"upheld": 2}
    assert values("specialty") == {"Anesthesiology": 1, "Pain Management": 1, "Chiropractic": 1}
    assert values("state") == {"California": 2, "Nevada": 1}
    assert values("year") == {2017: 1}
    assert values("category") == {"Rehabilitation": 2}
    assert values("guideline") == {"mtus-acupuncture": 2, "mtus-chronic-pain": 1}
