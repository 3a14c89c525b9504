"""Pages kept for visitors (decisions/site/page_cache.py): served again until the archive
changes, never after."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.models import DisputedItem, Guideline
from decisions.site.page_cache import GAVE_UP_PAGE_SECONDS
from decisions.site.pages.items import ItemListing
from tests import builders
from tests.actions import post_change

pytestmark = pytest.mark.django_db
OVERTURNED = "/items/?outcome=overturned&format=json"


def visit(url, client=None):
    """(response, queries it took), the body read to its end (a stream too)."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/items/?outcome=overturned",
        OVERTURNED,
        "/guidelines/",
        "/stats/",
        "/cases/CM16-0299101/",
    ],
)
def test_a_second_visitor_is_given_the_kept_page_for_one_query(fixture_archive, url):
    first, made, queries_made = visit(url)
    second, kept, queries_kept = visit(url)
    assert first.status_code == second.status_code == 200
    assert kept == made
    assert queries_made > 1
    assert queries_kept == 1  # the edition's token
    # The middleware's headers are put on the kept page too.
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_a_new_letter_is_counted_by_the_next_visitor(fixture_archive):
    before = visit(OVERTURNED)[0].json()["count"]
    assert visit(OVERTURNED)[0].json()["count"] == before
    builders.item(builders.case("CM16-0000001", decided="2016-05-01"), outcome="overturned")
    response, _, queries = visit(OVERTURNED)
    assert response.json()["count"] == before + 1
    assert queries > 1


def test_an_admin_correction_is_shown_to_the_next_visitor(fixture_archive, admin_client):
    before = visit(OVERTURNED)[0].json()["count"]
    upheld = DisputedItem.objects.filter(outcome="upheld").order_by("pk").first()
    assert post_change(admin_client, upheld, outcome="overturned").status_code == 302
    assert visit(OVERTURNED)[0].json()["count"] == before + 1


def test_a_guideline_renamed_in_the_admin_is_shown_to_the_next_visitor(
    fixture_archive, admin_client
):
    assert b"Renamed guidelines" not in visit("/stats/")[1]
    guideline = Guideline.objects.get(pk="odg")
    assert post_change(admin_client, guideline, name="Renamed guidelines").status_code == 302
    assert b"Renamed guidelines" in visit("/stats/")[1]


def test_a_signed_in_visitor_s_page_is_never_given_to_another(fixture_archive, admin_client):
    _, signed_in, _ = visit("/items/", admin_client)
    _, anonymous, _ = visit("/items/")
    _, signed_in_again, _ = visit("/items/", admin_client)
    assert b"Sign out" in signed_in
    assert b"Sign out" not in anonymous
    assert b"Sign out" in signed_in_again


def test_a_page_whose_facet_gave_up_is_kept_only_briefly(fixture_archive, monkeypatch):
    monkeypatch.setattr(ItemListing, "every_facet_counted", property(lambda listing: False))
    first, _, _ = visit("/items/")
    _, _, queries_kept = visit("/items/")
    assert f"max-age={GAVE_UP_PAGE_SECONDS}" in first["Cache-Control"]
    assert queries_kept == 1
    later = time.time() + GAVE_UP_PAGE_SECONDS + 1
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
    _, _, queries_later = visit("/items/")
    assert queries_later > 1


@pytest.mark.parametrize(
    "url",
    [
        "/items/?outcome=overturned&format=csv",  # a stream
        "/items/?outcome=overturned&page=999",  # a form error (no such page)
        "/cases/CM99-0000000/",  # not found
    ],
)
def test_streams_and_errors_are_never_kept(fixture_archive, url):
    response, first, queries_made = visit(url)
    _, second, queries_again = visit(url)
    assert response.streaming or response.status_code in (400, 404)
    assert second == first
    assert queries_again == queries_made > 1


def test_no_page_is_kept_when_the_cache_is_turned_off(fixture_archive, settings):
    settings.PAGE_CACHE_ENTRIES = 0
    _, _, queries_made = visit("/stats/")
    _, _, queries_again = visit("/stats/")
    assert queries_again == queries_made > 1
