"""Full-text search: the same queries on PostgreSQL (tsquery) and SQLite (substring match).

Counted in fixtures/letters, in item descriptions and rationales only (not summaries):
"acupuncture" is in 004 #1 and CM17-0099103 #1 (002 and CM17-0099102 name it in their
clinical summaries only); "sedation" is in 002 #1's description alone; the phrase
"trigger point injections" is in 002 #1 alone.
"""

import pytest
from django.db import connection

from decisions.models import DisputedItem, ItemSearchDocument
from decisions.search import (
    START,
    STOP,
    Term,
    marked,
    parse_websearch,
    python_headline,
    search_vector,
)
from decisions.summaries import tallies_follow
from tests.actions import get_json


def test_parse_websearch_reads_phrases_exclusions_and_or():
    assert parse_websearch('"trigger point" -acupuncture massage or TENS') == [
        [Term("trigger point")],
        [Term("acupuncture", excluded=True)],
        [Term("massage"), Term("TENS")],
    ]
    assert parse_websearch("  ") == []
    assert parse_websearch('"unclosed phrase') == [[Term("unclosed phrase")]]


def test_marked_escapes_letter_text_before_marking():
    html = marked(f"<b>x</b> {START}massage{STOP} & more")
    assert html == "&lt;b&gt;x&lt;/b&gt; <mark>massage</mark> &amp; more"


def test_python_headline_marks_every_term_in_the_window():
    text = "The MTUS supports massage therapy as an adjunct; massage is limited to 6 visits."
    headline = python_headline(text, "massage -acupuncture")
    assert headline.count(START) == 2
    assert f"{START}massage{STOP} therapy" in headline


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, count",
    [
        ("acupuncture", 2),
        ("sedation", 1),
        ("sedation or acupuncture", 3),
        ("acupuncture -myofascial", 1),  # 004 #1 is also about myofascial release
        ('"trigger point injections"', 1),
        ("acupuncture sedation", 0),
    ],
)
def test_search_counts(client, fixture_archive, q, count):
    from urllib.parse import quote

    assert get_json(client, f"q={quote(q)}")["count"] == count


@pytest.mark.django_db
def test_search_snippets_are_marked_and_escaped(client, fixture_archive):
    data = get_json(client, "q=acupuncture")
    assert len(data["results"]) == 2
    for row in data["results"]:
        assert "acupuncture</mark>" in row["snippet"].lower()
    html = client.get("/items/?q=acupuncture").content.decode()
    assert "<mark>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["the", "!!!", "the and of", '"the"', "-the", "don't ... or"])
def test_query_without_searchable_words_is_no_filter(client, fixture_archive, q):
    # PostgreSQL drops stop words and punctuation from a query; a query of nothing else
    # filters nothing, on either database, and marks no snippet.
    from urllib.parse import quote

    everything = get_json(client)["count"]
    data = get_json(client, f"q={quote(q)}")
    assert everything == 16
    assert data["count"] == everything
    assert not any("<mark>" in (row["snippet"] or "") for row in data["results"])


@pytest.mark.django_db
def test_stop_words_in_a_query_are_ignored(client, fixture_archive):
    assert get_json(client, "q=the+acupuncture")["count"] == 2
    assert get_json(client, "q=acupuncture+or+the")["count"] == 2


@pytest.mark.django_db
def test_stop_words_are_those_of_postgresql():
    from django.db import connection

    from decisions.search import STOP_WORDS

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own stop words are read from PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "select word from unnest(%s::text[]) word"
            " where numnode(to_tsquery('english', word)) > 0",
            [sorted(STOP_WORDS)],
        )
        assert cursor.fetchall() == []
        cursor.execute("select numnode(to_tsquery('english', 'massage'))")
        assert cursor.fetchone() == (1,)


def _on_postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the stored search documents are PostgreSQL's")


def test_the_stored_search_documents_are_what_the_search_expression_computes(fixture_archive):
    _on_postgresql_only()
    computed = dict(
        DisputedItem.objects.annotate(document=search_vector()).values_list("pk", "document")
    )
    stored = dict(ItemSearchDocument.objects.values_list("item_id", "document"))
    assert len(stored) == DisputedItem.objects.count() == 16
    assert stored == computed


def test_an_edited_item_is_found_by_its_new_words_at_once_and_a_deleted_one_is_gone(
    client, fixture_archive
):
    _on_postgresql_only()
    item = DisputedItem.objects.get(description__icontains="sedation")
    assert get_json(client, "q=sedation")["count"] == 1
    item.description = "Hyperbaric oxygen therapy"
    with tallies_follow([item.case_id]):  # as the admin saves an editor's correction
        item.save()
    assert get_json(client, "q=sedation")["count"] == 0
    assert get_json(client, 'q="hyperbaric oxygen"')["count"] == 1
    with tallies_follow([item.case_id]):
        item.delete()
    assert get_json(client, 'q="hyperbaric oxygen"')["count"] == 0
    assert not ItemSearchDocument.objects.filter(item_id=item.pk).exists()
