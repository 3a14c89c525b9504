"""The state's index as a second reading: each disagreement an "index" problem beside its
case, found whether the index or the letter arrives first; the agreement rates on /stats/."""

import pytest

from decisions.models import Case, IngestProblem, StateIndexTreatment
from decisions.state_index import case_outcome
from tests.actions import ingest, run_command
from tests.builders import FakeLetter, ingest_fixture_letters
from tests.paths import ARCHIVE_LETTERS, FIXTURE_LETTERS

pytestmark = pytest.mark.django_db
STATE_WORDS = {"upheld": "Uphold", "overturned": "Overturn"}


def agreeing_letter(case: Case) -> FakeLetter:
    """What the state's index would list for the case if it read it as we did."""
    items = list(case.items.order_by("number"))
    return FakeLetter(
        case_number=case.case_number,
        decided=case.decision_date,
        outcome=STATE_WORDS[case_outcome(item.outcome for item in items)],
        specialty=case.reviewer.specialty_names()[0],
        treatments=[(item.category, item.subcategory, STATE_WORDS[item.outcome]) for item in items],
    )


def index_problems() -> list[tuple[str, str]]:
    return sorted(
        IngestProblem.objects.filter(kind=IngestProblem.Kind.INDEX).values_list(
            "case__case_number", "reason"
        )
    )


@pytest.fixture
def listed(fake_search):
    """The fixture archive's numbered, dated cases, in the fake index as we read them but
    for one category and one reviewer specialty."""
    ingest_fixture_letters()
    cases = Case.objects.exclude(case_number=None).exclude(decision_date=None).order_by("pk")
    letters = [agreeing_letter(case) for case in cases]
    assert len(letters) >= 3
    first, second = letters[0], letters[1]
    category, subcategory, decision = first.treatments[0]
    first.treatments[0] = ("Psychological Services", subcategory, decision)
    second.specialty = "Dermatology"
    fake_search.letters = letters
    return {"letters": letters, "category": category}


def test_a_fetch_compares_the_letters_already_in_the_archive(listed, tmp_path):
    first, second = listed["letters"][:2]
    result = run_command("fetch_decisions", "--into", tmp_path, "--decided-after", "2013-01-01")
    assert result.closing_line.endswith(
        f"downloaded 0, already had {len(listed['letters'])}, failed 0"
    )
    ours = Case.objects.get(case_number=second.case_number).reviewer.specialty_names()
    assert index_problems() == sorted(
        [
            (
                first.case_number,
                f"item 1 category: ours {listed['category']}, the state's Psychological Services",
            ),
            (
                second.case_number,
                f"reviewer specialty: ours {', '.join(ours)}, the state's Dermatology",
            ),
        ]
    )
    assert IngestProblem.objects.filter(kind="index", run=None).count() == 2
    # Every treatment is matched to its item; a second fetch finds the same, not twice.
    assert not StateIndexTreatment.objects.filter(item=None).exists()
    run_command("fetch_decisions", "--into", tmp_path, "--decided-after", "2013-01-01")
    assert len(index_problems()) == 2


def test_a_letter_ingested_after_its_index_rows_is_compared_by_the_ingest(listed, tmp_path):
    run_command("fetch_decisions", "--into", tmp_path, "--decided-after", "2013-01-01")
    Case.objects.all().delete()  # as if the index had come first
    IngestProblem.objects.all().delete()
    assert (
        StateIndexTreatment.objects.filter(item=None).count() == StateIndexTreatment.objects.count()
    )
    assert ingest(*[FIXTURE_LETTERS / name for name in ARCHIVE_LETTERS]).status == 0
    problems = IngestProblem.objects.filter(kind="index")
    assert problems.count() == 2
    assert all(problem.run is not None for problem in problems)
    # Corrected in the index (as the state might), the next fetch clears the problem.
    listed["letters"][1].specialty = Case.objects.get(
        case_number=listed["letters"][1].case_number
    ).reviewer.specialty_names()[0]
    run_command("fetch_decisions", "--into", tmp_path, "--decided-after", "2013-01-01")
    assert [number for number, _ in index_problems()] == [listed["letters"][0].case_number]


def test_stats_show_how_often_our_category_agrees_with_the_states(listed, client, tmp_path):
    run_command("fetch_decisions", "--into", tmp_path, "--decided-after", "2013-01-01")
    treatments = sum(len(letter.treatments) for letter in listed["letters"])
    figures = client.get("/stats/?format=json").json()["state_index"]
    assert figures["treatments"] == treatments
    assert figures["category_agreement"] == round((treatments - 1) / treatments, 4)
    assert figures["decision_agreement"] == 1.0
    psych = [row for row in figures["by_category"] if row["category"] == "Psychological Services"]
    assert psych == [
        {
            "category": "Psychological Services",
            "treatments": 1,
            "same_category": 0,
            "agreement": 0.0,
        }
    ]
    page = client.get("/stats/").content.decode()
    assert "Our reading against the state’s index" in page
    # A filter narrows the comparison to its items.
    overturned = client.get("/stats/?format=json&outcome=overturned").json()["state_index"]
    assert overturned["treatments"] < treatments
