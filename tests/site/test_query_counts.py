"""The item list makes the same number of queries whatever the page size."""

import pytest
from django.db import connection

from tests import builders
from tests.actions import streamed

# What a view reads, request by request: no page kept between them.
pytestmark = pytest.mark.usefixtures("pages_made_afresh")

# summary, page rows, 5 prefetches (specialties, licences, citations, pages, sections),
# one query per facet and the sections' usual spellings.
FACETS_WITHOUT_PAGE = 7  # outcome, category, specialty, guideline, section, state, year


def expected_queries(tallied: int, counted: int = 0, by_column: int = 0, reviewers: int = 0):
    """A facet read from the Tally rows is one query. On PostgreSQL, when facets are counted
    from the items, the page runs in a transaction (here a SAVEPOINT ... RELEASE) that
    makes the matching items' table under the facets' time limit (SET LOCAL
    statement_timeout, then in a savepoint of its own: SAVEPOINT, DROP, CREATE, RELEASE;
    then SET LOCAL statement_timeout TO DEFAULT); the page's ids are read from it before
    its rows (one query more); the facets share a savepoint (SAVEPOINT, SET LOCAL
    statement_timeout and work_mem, RELEASE). Of the `counted` facets, the `by_column`
    ones of the items' own columns are one count in one savepoint (SAVEPOINT, the count,
    RELEASE), with one query more for each of the `reviewers` facets among them (the
    values the reviewers hold); every other is a count in a savepoint of its own. Without
    that table, the ids of a filter the search rows hold (here: none, or a guideline) are
    read from their index of the list's order before the rows (one query more)."""
    if connection.vendor != "postgresql":
        return 2 + 5 + tallied + counted + 1
    shared = 2 + 6 + 1 + 4 if counted else 0
    ids_from_the_index = 0 if counted else 1
    columns = 3 + reviewers if by_column else 0
    return 2 + 5 + tallied + shared + ids_from_the_index + columns + 3 * (counted - by_column) + 1


@pytest.fixture
def forty_items(db):
    reviewers = [
        builders.reviewer(("Pain Management", "Anesthesiology"), ("California",)),
        builders.reviewer(("Chiropractic",), ("Oregon", "California")),
    ]
    for n in range(20):
        case = builders.case(
            f"CM16-{n:07d}", decided=f"2016-{n % 12 + 1:02d}-15", by=reviewers[n % 2]
        )
        for outcome in ("upheld", "overturned"):
            item = builders.item(case, f"Massage therapy {n}", outcome)
            builders.cite(
                item, "mtus-chronic-pain", "imr", pages=(60,), sections=("Massage therapy",)
            )
            builders.cite(item, "odg", "claims_administrator", sections=("Massage",))


@pytest.mark.parametrize("page_size", [1, 40])
def test_item_list_queries_do_not_grow_with_the_page(
    client, forty_items, django_assert_num_queries, page_size
):
    with django_assert_num_queries(expected_queries(FACETS_WITHOUT_PAGE)):
        response = client.get(f"/items/?page_size={page_size}")
    assert response.status_code == 200
    assert response.content.decode().count('<span class="badge') == page_size


def test_a_later_page_reads_its_ids_before_its_rows(client, forty_items, django_assert_num_queries):
    # On PostgreSQL the first page reads its ids first too (from the search rows' index).
    ids_first = 1 if connection.vendor != "postgresql" else 0
    with django_assert_num_queries(expected_queries(FACETS_WITHOUT_PAGE) + ids_first):
        response = client.get("/items/?page_size=10&page=2")
    assert response.status_code == 200
    assert response.content.decode().count('<span class="badge') == 10


@pytest.mark.parametrize("page_size", [1, 40])
def test_json_with_a_guideline_adds_only_the_tallied_page_facet(
    client, forty_items, django_assert_num_queries, page_size
):
    # Under one guideline, every facet is read from the Tally rows, its pages too.
    with django_assert_num_queries(expected_queries(FACETS_WITHOUT_PAGE + 1)):
        data = client.get(
            f"/items/?guideline=mtus-chronic-pain&page_size={page_size}&format=json"
        ).json()
    assert len(data["results"]) == page_size
    assert data["facets"]["guideline_page"] == [{"value": 60, "count": 40}]


@pytest.mark.parametrize("page_size", [1, 40])
def test_json_with_a_guideline_of_one_side_counts_six_facets_from_the_items(
    client, forty_items, django_assert_num_queries, page_size
):
    # Cited by one side, the guideline and page facets are read from the Tally rows (the
    # "by side" rows); the other six are counted from the items, all but the section facet
    # by the items' own columns (specialty and state by reviewer).
    counted = expected_queries(2, FACETS_WITHOUT_PAGE - 1, by_column=5, reviewers=2)
    with django_assert_num_queries(counted):
        data = client.get(
            f"/items/?guideline=mtus-chronic-pain&cited_by=imr&page_size={page_size}&format=json"
        ).json()
    assert len(data["results"]) == page_size
    assert data["facets"]["guideline_page"] == [{"value": 60, "count": 40}]


def test_csv_reads_every_row_in_one_query(client, forty_items, django_assert_num_queries):
    """The cells come from one query, however many rows: the related rows a line names are
    its ItemExportText row, joined. (On PostgreSQL that query is a COPY, through psycopg's
    own cursor, which Django does not count: only the transaction's SAVEPOINT and RELEASE.)"""
    with django_assert_num_queries(0):
        response = client.get("/items/?format=csv")  # nothing read yet
    with django_assert_num_queries(1 if connection.vendor == "sqlite" else 2):
        with streamed(response) as chunks:
            lines = b"".join(chunks).decode().splitlines()
    assert len(lines) == 41
    assert lines[0].startswith("case_number,case_url,")
    assert open_server_cursors() == []


def test_csv_left_mid_way_stops_its_query_at_once(forty_items, monkeypatch):
    from decisions.models import DisputedItem
    from decisions.site import csv_export

    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 10)  # SQLite: lines written 10 a piece
    monkeypatch.setattr(csv_export, "FLUSH_BYTES", 1)  # PostgreSQL: a line a piece
    lines = csv_export.csv_lines(DisputedItem.objects.order_by("pk"))
    for _ in range(2):  # the header, then the first piece
        next(lines)
    # A client that leaves mid-download: the server closes the response, which closes
    # this generator and with it the query (psycopg cancels a COPY left unread), while
    # its transaction is still there: the connection takes the next query at once.
    lines.close()
    assert open_server_cursors() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def open_server_cursors() -> list[str]:
    """Named cursors open on this connection (PostgreSQL); SQLite has none to leave open."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_cursors")
        return [name for (name,) in cursor.fetchall()]
