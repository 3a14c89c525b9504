"""The parameter table: every part of the site that names a parameter is built from it."""

import re

import pytest
from django.http import QueryDict

from decisions.site import presentation
from decisions.site.item_filter import DisputedItemFilter
from decisions.site.parameters import (
    FACETS,
    FILTERS,
    FORM_FIELDS,
    PARAMETERS,
    citation_conditions,
    reference_markdown,
)
from tests.actions import get_json
from tests.paths import ROOT

# One value of every filter, as a URL gives it: a new row of the table needs one here.
SAMPLE_VALUES = {
    "outcome": "overturned",
    "specialty": "Pain Management",
    "state": "California",
    "guideline": "mtus-chronic-pain",
    "guideline_page": "60",
    "section": "Massage therapy",
    "cited_by": "imr",
    "category": "Physical Medicine",
    "subcategory": "Massage",
    "decided_after": "2016-01-01",
    "decided_before": "2016-12-31",
    "year": "2016",
    "injured_after": "2010-01-01",
    "injured_before": "2015-12-31",
    "age_min": "30",
    "age_max": "70",
    "sex": "female",
    "case_number": "CM16-0213037",
    "q": "massage",
}


def test_the_reference_in_the_docs_is_the_table():
    docs = (ROOT / "docs" / "parameters.md").read_text()
    table = re.search(r"<!-- parameters:start.*?-->\n(.*?)<!-- parameters:end", docs, re.S)
    assert table.group(1) == reference_markdown(), (
        "docs/parameters.md is out of step with decisions/site/parameters.py: paste "
        "reference_markdown() between the parameters markers"
    )


def test_every_filter_has_a_sample_value_here():
    assert {row.name for row in FILTERS} == SAMPLE_VALUES.keys()


def test_the_filterset_has_one_filter_per_row_with_its_title():
    filters = DisputedItemFilter.base_filters
    assert list(filters) == list(PARAMETERS)
    assert {name: f.label for name, f in filters.items()} == {
        name: row.label for name, row in PARAMETERS.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", SAMPLE_VALUES)
def test_each_filter_cleans_and_shows_in_chip_and_sentence(name):
    row = PARAMETERS[name]
    query = QueryDict(f"{name}={SAMPLE_VALUES[name]}")
    item_filter = DisputedItemFilter(query)
    assert item_filter.is_valid(), item_filter.errors
    cleaned = item_filter.form.cleaned_data
    (chip,) = presentation.chips(query, cleaned)
    assert chip["label"].startswith(f"{row.label}: ")
    assert presentation.sentence(2, cleaned).startswith(f"2 items where {row.phrase} ")
    item_filter.qs.count()  # the query runs


@pytest.mark.django_db
def test_every_facet_of_the_table_is_on_the_page(client, fixture_archive):
    data = get_json(client, "guideline=mtus-chronic-pain&category=Physical+Medicine")
    assert set(data["facets"]) == {row.name for row in FACETS}
    refined = [row.name for row in FACETS if row.facet_refines]
    assert set(get_json(client)["facets"]) == {row.name for row in FACETS} - set(refined)


@pytest.mark.django_db
def test_the_more_filters_form_has_the_form_rows(client):
    html = client.get("/items/").content.decode()
    for row in FORM_FIELDS:
        assert f'name="{row.name}"' in html


def test_one_citation_rule_for_the_filter_and_the_facets():
    cleaned = {"guideline": ["odg"], "section": ["Massage Therapy"], "cited_by": "imr"}
    assert citation_conditions(cleaned) == {
        "guideline_id__in": ["odg"],
        "sections__name__lower__in": ["massage therapy"],
        "cited_by": "imr",
    }
    assert citation_conditions(cleaned, "citations__", leave_out="section") == {
        "citations__guideline_id__in": ["odg"],
        "citations__cited_by": "imr",
    }
