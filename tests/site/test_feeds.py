"""The Atom feed of a filter: content, order, escaping, the link from the page, bad input."""

import xml.etree.ElementTree as ET

import pytest

from decisions.models import DisputedItem
from decisions.querysets import ITEM_ORDERINGS
from tests import builders

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def entries(client, query: str) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(f"/items/feed/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_the_feed_holds_the_newest_matching_items_with_outcome_specialty_and_guidelines(
    client, fixture_archive
):
    feed, found = entries(client, "outcome=overturned")
    overturned = DisputedItem.objects.filter(outcome="overturned")
    assert len(found) == overturned.count() == 5
    assert feed.find(f"{ATOM}title").text == "IMR decisions: 5 items where outcome is overturned"
    dates = [entry.find(f"{ATOM}updated").text for entry in found]
    assert dates == sorted(dates, reverse=True)  # newest first
    first = found[0]
    newest = overturned.order_by(*ITEM_ORDERINGS["-decided"]).first()  # undated last
    assert first.find(f"{ATOM}title").text == f"{newest.description}: Overturned"
    link = first.find(f"{ATOM}link").get("href")
    assert link.endswith(f"{newest.case.get_absolute_url()}#item-{newest.number}")
    summary = first.find(f"{ATOM}summary").text
    assert "overturned." in summary
    specialty = newest.case.reviewer.specialties.first().name
    assert f"Reviewer: {specialty}" in summary
    assert "Guidelines cited: " in summary and "none" not in summary


def test_letter_text_is_escaped(client, db):
    builders.case_with_one_cited_item("CM16-0000099")
    item = DisputedItem.objects.get(case__case_number="CM16-0000099")
    item.description = 'Brace <script>alert("x")</script> & "more"'
    item.save()
    response = client.get("/items/feed/")
    assert b"<script>" not in response.content
    feed = ET.fromstring(response.content)  # well-formed XML
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles[0].startswith('Brace <script>alert("x")</script> & "more"')


def test_bad_parameters_give_the_pages_400_never_a_500(client, db):
    for query in ("outcome=sideways", "year=abc", "guideline_page=-3", "decided_after=2016-13-45"):
        response = client.get(f"/items/feed/?{query}")
        assert response.status_code == 400, query
        assert "errors" in response.json()


def test_the_item_page_links_its_feed(client, fixture_archive):
    html = client.get("/items/?outcome=upheld&sort=case&page=1").content.decode()
    feed = 'href="/items/feed/?outcome=upheld"'
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert html.count(feed) == 2  # in the head and visibly, without sort or page
