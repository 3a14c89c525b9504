"""The one way links change the current query: changed_query() and items_url()."""

from django.http import QueryDict

from decisions.site.presentation import changed_query, items_url

QUERY = QueryDict("outcome=upheld&outcome=overturned&page=3&format=json&sort=case")


def test_changed_query_drops_page_unless_told():
    assert changed_query(QUERY).urlencode() == (
        "outcome=upheld&outcome=overturned&format=json&sort=case"
    )
    assert changed_query(QUERY, drop=["format"], keep_page=True).urlencode() == (
        "outcome=upheld&outcome=overturned&page=3&sort=case"
    )


def test_changed_query_sets_values_lists_and_removes_none():
    changed = changed_query(QUERY, drop=["sort"], set={"page": 4, "outcome": None})
    assert changed.urlencode() == "format=json&page=4"
    assert changed_query(QUERY, set={"outcome": ["upheld"]}).getlist("outcome") == ["upheld"]
    assert QUERY.getlist("outcome") == ["upheld", "overturned"]  # the original is untouched


def test_items_url_over_a_query_or_alone():
    assert items_url(QUERY, specialty="Pain Management") == (
        "/items/?outcome=upheld&outcome=overturned&sort=case&specialty=Pain+Management"
    )
    assert items_url(guideline="odg", cited_by=None, guideline_page=60, section="") == (
        "/items/?guideline=odg&guideline_page=60"
    )
