"""Counts read as English (1 item, 2 items), and /items/ and /stats/ link to each other."""

import re

import pytest

from tests import builders


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def one_item(db):
    case = builders.case(
        "CM16-0000001",
        decided="2016-06-01",
        by=builders.reviewer(),
        application_received=builders.dt.date(2016, 5, 1),
    )
    item = builders.item(case, "Massage therapy x6", "overturned")
    builders.cite(item, "mtus-chronic-pain", "imr", pages=(60,))


def test_home_page_counts_one_in_the_singular(client, one_item):
    text = _text(client.get("/").content.decode())
    assert "1 case (letter)" in text
    assert "1 disputed item " in text
    assert "MTUS Chronic Pain p. 60 1 item, 100.0% overturned" in text
    assert "1 items" not in text and "1 cases" not in text


def test_stats_page_counts_one_in_the_singular(client, one_item):
    text = _text(client.get("/stats/").content.decode())
    assert "1 item 1 case 1 overturned" in text
    assert "Median 31 days over 1 case." in text
    assert "Left out: 0 cases lacking one of the two dates, and 0 dated" in text
    assert "Of the 0 items where both sides cite one" in text
    assert "1 items" not in text and "1 cases" not in text


@pytest.mark.django_db
def test_items_and_stats_link_to_each_other_with_the_same_filter(client, one_item):
    html = client.get("/items/?outcome=overturned&sort=case&page=1&page_size=10").content.decode()
    # The filter, without what only presents the list (sort, page, page size).
    assert '<a href="/stats/?outcome=overturned">Statistics for this filter</a>' in html
    html = client.get("/stats/?outcome=overturned").content.decode()
    assert '<a href="/items/?outcome=overturned">List these items</a>' in html
