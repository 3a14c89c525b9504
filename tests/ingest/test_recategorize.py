"""The recategorize command re-applies the category rules to stored items (both databases)."""

from io import StringIO

import pytest
from django.core.management import call_command

from decisions.models import Outcome
from tests import builders

pytestmark = pytest.mark.django_db


def make_item(case, description, category="", subcategory="", corrected=()):
    return builders.item(
        case,
        description,
        Outcome.UPHELD,
        category=category,
        subcategory=subcategory,
        corrected_fields=list(corrected),
    )


@pytest.fixture
def items():
    case = builders.case("CM16-0000001")
    return {
        "blank": make_item(case, "Norco 10/325mg #90"),
        "stale": make_item(case, "TENS unit", "Other", "Other"),
        "right": make_item(case, "MRI of the lumbar spine", "Diagnostic Testing", "Imaging"),
        "edited": make_item(case, "Cervical pillow", "DMEPOS", "Supplies", ["subcategory"]),
    }


def run(*args):
    out = StringIO()
    call_command("recategorize", *args, stdout=out)
    return out.getvalue()


def stored(item):
    item.refresh_from_db()
    return item.category, item.subcategory


def test_recategorize_updates_changed_items_and_keeps_corrections(items):
    output = run()

    assert "4 items checked: 2 changed, 1 kept as an editor corrected them." in output
    assert "Other / Other -> DMEPOS / Electrical Stimulation" in output
    assert stored(items["blank"]) == ("Pharmaceuticals", "Opioids")
    assert stored(items["stale"]) == ("DMEPOS", "Electrical Stimulation")
    assert stored(items["right"]) == ("Diagnostic Testing", "Imaging")
    assert stored(items["edited"]) == ("DMEPOS", "Supplies")


def test_recategorize_records_history(items):
    run()
    latest = items["stale"].history.latest()
    assert (latest.category, latest.subcategory) == ("DMEPOS", "Electrical Stimulation")
    assert latest.history_change_reason.startswith("recategorize")


def test_dry_run_counts_but_saves_nothing(items):
    output = run("--dry-run")

    assert "4 items checked: 2 would change, 1 kept as an editor corrected them." in output
    assert stored(items["blank"]) == ("", "")
    assert stored(items["stale"]) == ("Other", "Other")


def test_second_run_changes_nothing(items):
    run()
    assert "4 items checked: 0 changed, 1 kept" in run()


def test_empty_archive():
    assert "0 items checked: 0 changed, 0 kept" in run()


def test_items_are_read_without_their_rationale(items):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()
    with CaptureQueriesContext(connection) as queries:
        assert "4 items checked: 0 changed, 1 kept" in run()
    # Nothing changes on a second run, so only the classification read ran: no rationale.
    assert queries.captured_queries
    assert not [q["sql"] for q in queries.captured_queries if "rationale" in q["sql"]]


def test_changes_are_written_chunk_by_chunk(items, monkeypatch):
    from decisions.ingest import recategorize

    monkeypatch.setattr(recategorize, "CHUNK_SIZE", 1)
    output = run()
    assert "4 items checked: 2 changed, 1 kept as an editor corrected them." in output
    assert stored(items["blank"]) == ("Pharmaceuticals", "Opioids")
    assert stored(items["stale"]) == ("DMEPOS", "Electrical Stimulation")
    assert stored(items["edited"]) == ("DMEPOS", "Supplies")
    latest = items["stale"].history.latest()
    assert (latest.category, latest.subcategory) == ("DMEPOS", "Electrical Stimulation")
