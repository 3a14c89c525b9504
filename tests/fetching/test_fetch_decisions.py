"""fetch_decisions against the local fake of the state's search: both searches over several
pages, downloads, the summary line and exit status, retries, a changed page, resuming."""

import datetime as dt

import pytest

from decisions.models import StateIndexCase, StateIndexTreatment
from tests.actions import run_command
from tests.builders import FakeLetter

pytestmark = pytest.mark.django_db
FIRST_DAY = dt.date(2016, 10, 3)


def fetch(into, *args):
    return run_command("fetch_decisions", "--into", into, *args)


@pytest.fixture
def thirty_letters(fake_search):
    """30 letters over 10 days, 2 treatments each: 2 pages by case, 3 by treatment."""
    for n in range(30):
        fake_search.letters.append(
            FakeLetter(
                case_number=f"CM16-00{n:05d}",
                decided=FIRST_DAY + dt.timedelta(days=n // 3),
                outcome="Overturn" if n % 5 == 0 else "Uphold",
                specialty="Hospice & Palliative Medicine" if n == 7 else "Pain Management",
                treatments=[
                    ("DMEPOS", "Electrical Stimulation", "Uphold"),
                    ("Pharmaceuticals", "Opioids", "Overturn" if n % 5 == 0 else "Uphold"),
                ],
            )
        )
    return fake_search


def test_both_searches_every_page_every_letter_and_the_index_rows(thirty_letters, tmp_path):
    result = fetch(tmp_path, "--decided-after", "2016-10-01")
    assert result.status == 0, result.stderr
    assert result.closing_line == "listed 30, downloaded 30, already had 0, failed 0"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"CM16-00{n:05d}.pdf" for n in range(30)]
    pages = [(s["Fname"], s.get("newpageno", "1"), s["Submit"]) for s in thirty_letters.searches]
    assert pages == [
        ("Case", "1", "Submit"),
        ("Case", "2", "Next"),
        ("Tx", "1", "Submit"),
        ("Tx", "2", "Next"),
        ("Tx", "3", "Next"),
    ]
    assert thirty_letters.searches[0]["DecStart"] == "10/01/2016"
    assert thirty_letters.searches[0]["DecEnd"] == ""
    assert all(agent.startswith("IMR-decision-archive/") for agent in thirty_letters.user_agents)

    assert StateIndexCase.objects.count() == 30
    seventh = StateIndexCase.objects.get(case_number="CM16-0000007")
    assert seventh.specialty == "Hospice & Palliative Medicine"  # unescaped
    assert (seventh.outcome, seventh.decision_date) == ("upheld", dt.date(2016, 10, 5))
    assert (seventh.injury_date, seventh.received_date) == (
        dt.date(2014, 3, 2),
        dt.date(2016, 9, 1),
    )
    assert seventh.letter_url.endswith("/dwc/imr/decisions/CM16-0000007.pdf")
    # Letter 12's second treatment is the first row of the second page (rows 25 and 26).
    treatments = StateIndexTreatment.objects.filter(index_case__case_number="CM16-0000012")
    assert [(t.position, t.category, t.subcategory, t.outcome) for t in treatments] == [
        (1, "DMEPOS", "Electrical Stimulation", "upheld"),
        (2, "Pharmaceuticals", "Opioids", "upheld"),
    ]
    decisions = StateIndexTreatment.objects.filter(index_case__case_number="CM16-0000010")
    assert [t.outcome for t in decisions] == ["upheld", "overturned"]
    assert StateIndexTreatment.objects.count() == 60


def test_a_rerun_fetches_only_what_is_missing(thirty_letters, tmp_path):
    fetch(tmp_path, "--decided-after", "2016-10-01")
    (tmp_path / "CM16-0000004.pdf").unlink()  # as if the first run had stopped before it
    thirty_letters.downloads.clear()
    result = fetch(tmp_path, "--decided-after", "2016-10-01")
    assert result.closing_line == "listed 30, downloaded 1, already had 29, failed 0"
    assert thirty_letters.downloads == ["CM16-0000004"]


def test_without_a_date_it_continues_from_the_last_decision_date_fetched(thirty_letters, tmp_path):
    assert fetch(tmp_path).status == 2  # nothing fetched before: it says so
    fetch(tmp_path, "--decided-after", "2016-10-01", "--decided-before", "2016-10-06")
    assert thirty_letters.searches[0]["DecEnd"] == "10/06/2016"
    thirty_letters.searches.clear()
    result = fetch(tmp_path)
    assert thirty_letters.searches[0]["DecStart"] == "10/06/2016"  # that day again, in case
    assert result.closing_line == "listed 21, downloaded 18, already had 3, failed 0"


def test_a_letter_that_breaks_off_half_way_is_named_and_never_left_under_its_name(
    thirty_letters, tmp_path
):
    thirty_letters.broken_halfway.add("CM16-0000012")
    result = fetch(tmp_path, "--decided-after", "2016-10-01")
    assert result.status == 1
    assert result.closing_line == "listed 30, downloaded 29, already had 0, failed 1"
    assert "failed: CM16-0000012: " in result.stderr
    assert not (tmp_path / "CM16-0000012.pdf").exists()
    assert not list(tmp_path.glob("*.part"))
    assert StateIndexCase.objects.filter(case_number="CM16-0000012").exists()  # kept anyway
    thirty_letters.broken_halfway.clear()
    again = fetch(tmp_path, "--decided-after", "2016-10-01")
    assert (again.status, again.closing_line) == (
        0,
        "listed 30, downloaded 1, already had 29, failed 0",
    )


def test_a_503_is_retried_and_a_site_that_stays_down_is_exit_2(thirty_letters, tmp_path):
    thirty_letters.unavailable = 2
    assert fetch(tmp_path, "--decided-after", "2016-10-01").status == 0
    thirty_letters.unavailable = 100
    result = fetch(tmp_path / "other", "--decided-after", "2016-10-01")
    assert result.status == 2
    assert "the state's search cannot be reached" in result.stderr


def test_a_page_without_its_table_stops_the_run_saying_what_it_found(thirty_letters, tmp_path):
    thirty_letters.missing_table = True
    result = fetch(tmp_path, "--decided-after", "2016-10-01")
    assert result.status == 2
    assert result.stderr == (
        "a search page has changed shape: expected a results table "
        '(<table class="tabborder">) or a "no records found" line, found neither, '
        "on a page titled 'Maintenance'"
    )
    assert not StateIndexCase.objects.exists()


def test_bad_dates_are_bad_usage(fake_search, tmp_path):
    assert fetch(tmp_path, "--decided-after", "2016-13-01").status == 2
    backwards = fetch(tmp_path, "--decided-after", "2016-10-05", "--decided-before", "2016-10-01")
    assert backwards.status == 2


def test_no_letter_in_the_range(fake_search, tmp_path):
    result = fetch(tmp_path, "--decided-after", "2016-10-01")
    assert (result.status, result.closing_line) == (
        0,
        "listed 0, downloaded 0, already had 0, failed 0",
    )
