"""The item list makes the same number of queries whatever the page size."""

import pytest
from django.db import connection

from tests import builders
from tests.actions import streamed

# summary, page rows, 5 prefetches (specialties, licences, citations, pages, sections),
# one query per facet and the sections' usual spellings.
FACETS_WITHOUT_PAGE = 7  # outcome, category, specialty, guideline, section, state, year


def expected_queries(tallied: int, counted: int = 0) -> int:
    """A facet read from the Tally rows is one query. On PostgreSQL, when facets are counted
    from the items, the page runs in a transaction (here a SAVEPOINT ... RELEASE) that
    makes the matching items' table under the facets' time limit (SET LOCAL
    statement_timeout, then in a savepoint of its own: SAVEPOINT, DROP, CREATE, ANALYZE,
    RELEASE; then SET LOCAL statement_timeout TO DEFAULT); the page's ids are read from it
    before its rows (one query more); the facets share a savepoint (SAVEPOINT, SET LOCAL
    statement_timeout and work_mem, RELEASE), each in one of its own (SAVEPOINT, the
    count, RELEASE)."""
    if connection.vendor != "postgresql":
        return 2 + 5 + tallied + counted + 1
    shared = 2 + 7 + 1 + 4 if counted else 0
    return 2 + 5 + tallied + shared + 3 * counted + 1


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
    with django_assert_num_queries(expected_queries(FACETS_WITHOUT_PAGE) + 1):
        response = client.get("/items/?page_size=10&page=2")
    assert response.status_code == 200
    assert response.content.decode().count('<span class="badge') == 10


@pytest.mark.parametrize("page_size", [1, 40])
def test_json_with_a_guideline_adds_only_the_tallied_page_facet(
    client, forty_items, django_assert_num_queries, page_size
):
    # Under one guideline, the guideline and page facets are read from the Tally rows (the
    # "cited guideline" and "cited page" rows); the other six are counted from the items.
    with django_assert_num_queries(expected_queries(2, FACETS_WITHOUT_PAGE - 1)):
        data = client.get(
            f"/items/?guideline=mtus-chronic-pain&page_size={page_size}&format=json"
        ).json()
    assert len(data["results"]) == page_size
    assert data["facets"]["guideline_page"] == [{"value": 60, "count": 40}]


def test_csv_queries_grow_per_chunk_not_per_row(
    client, forty_items, django_assert_max_num_queries, monkeypatch
):
    from decisions.site import csv_export

    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 10)
    # 4 chunks of 10 rows, each: rows + 3 related reads; far fewer than 40 rows x queries.
    with django_assert_max_num_queries(4 * 4 + 3):
        with streamed(client.get("/items/?format=csv")) as chunks:
            lines = b"".join(chunks).decode().splitlines()
    assert len(lines) == 41


def test_csv_reads_lazily_one_chunk_at_a_time(
    client, forty_items, django_assert_num_queries, monkeypatch
):
    from decisions.site import csv_export

    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 10)
    with django_assert_num_queries(0):
        response = client.get("/items/?format=csv")  # nothing read yet
    with streamed(response) as chunks:
        assert next(chunks).startswith(b"case_number,case_url,")
        # The first chunk of 10 rows takes its rows and their related rows, nothing more
        # (on PostgreSQL, inside a transaction of its own: here a savepoint).
        with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
            assert next(chunks).decode().count("\r\n") == 10
    assert open_server_cursors() == []  # read to the end, the response closed its cursor


def test_csv_left_mid_way_closes_its_cursor_at_once(forty_items, monkeypatch):
    from decisions.models import DisputedItem
    from decisions.site import csv_export

    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 10)
    lines = csv_export.csv_lines(DisputedItem.objects.order_by("pk"))
    for _ in range(2):  # the header, then the first chunk of 10 rows
        next(lines)
    assert len(open_server_cursors()) == (1 if connection.vendor == "postgresql" else 0)
    # A client that leaves mid-download: the server closes the response, which closes
    # this generator and with it the rows' cursor, while its transaction is still there.
    lines.close()
    assert open_server_cursors() == []


def open_server_cursors() -> list[str]:
    """Named cursors open on this connection (PostgreSQL); SQLite has none to leave open."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_cursors")
        return [name for (name,) in cursor.fetchall()]
