"""A new version of a letter updates its case in place; identity is case number, else path."""

import pytest

from decisions.models import Case, CitationSection, DisputedItem, GuidelineCitation
from tests.actions import ingest, rewrite
from tests.paths import FIXTURE_COUNT, INVENTED

pytestmark = pytest.mark.django_db

KNEE_BRACE = "Knee brace purchase: Upheld"


def new_version_of_the_invented_letter(letters_dir, tmp_path):
    """CM17-0099103 again, in another file: item 3 upheld citing other sections, item 4 gone."""
    original = letters_dir / INVENTED
    text = original.read_text()
    text = text[: text.index(KNEE_BRACE)]
    text = text.replace("MRI of the right knee: Overturned", "MRI of the right knee: Upheld")
    text = text.replace("Section(s): Special \nStudies.", "Section(s): Summary, Special \nStudies.")
    target = tmp_path / "reissued" / INVENTED
    target.parent.mkdir()
    target.write_text(text)
    return target


def test_a_new_version_updates_the_case_in_place(letters_dir, tmp_path):
    ingest(letters_dir)
    case = Case.objects.get(case_number="CM17-0099103")
    mri = case.items.get(number=3)
    citation = mri.citations.get(position=1)
    new_version = new_version_of_the_invented_letter(letters_dir, tmp_path)

    result = ingest(new_version)
    assert result.status == 0
    assert result.closing_line == "created 0, updated 1, unchanged 0, failed 0"
    assert Case.objects.count() == FIXTURE_COUNT
    case.refresh_from_db()
    assert case.source_path == str(new_version)
    assert list(case.items.values_list("number", flat=True)) == [1, 2, 3]
    # Same rows, new values: identity is (case, number) and (item, position).
    assert DisputedItem.objects.get(pk=mri.pk).outcome == "upheld"
    assert list(
        CitationSection.objects.filter(citation=citation).values_list("name", flat=True)
    ) == ["Summary", "Special Studies"]
    assert GuidelineCitation.objects.filter(item__case=case).count() == 6
    assert ingest(new_version).closing_line == "created 0, updated 0, unchanged 1, failed 0"


def test_ingest_changes_carry_the_ingest_change_reason(letters_dir, tmp_path):
    ingest(letters_dir)
    ingest(new_version_of_the_invented_letter(letters_dir, tmp_path))
    mri = DisputedItem.objects.get(case__case_number="CM17-0099103", number=3)
    reasons = list(mri.history.values_list("history_type", "history_change_reason"))
    assert reasons == [("~", "ingest"), ("+", "ingest")]  # newest first
    deleted = DisputedItem.history.filter(history_type="-").get()
    assert (deleted.number, deleted.history_change_reason) == (4, "ingest")
    case = Case.objects.get(case_number="CM17-0099103")
    assert set(case.history.values_list("history_change_reason", flat=True)) == {"ingest"}


def test_a_letter_without_case_number_is_identified_by_its_path(letters_dir):
    ingest(letters_dir)
    seed = letters_dir / "000_605333787005f18a.txt"
    case = Case.objects.get(source_path=str(seed))
    rewrite(seed, "58 year old male", "59 year old male")
    result = ingest(letters_dir)
    assert result.closing_line == (f"created 0, updated 1, unchanged {FIXTURE_COUNT - 1}, failed 0")
    assert Case.objects.count() == FIXTURE_COUNT
    case.refresh_from_db()
    assert case.patient_age == 59
    assert case.items.count() == 1


def test_force_re_ingests_known_bytes_without_changing_anything(letters_dir):
    ingest(letters_dir)
    result = ingest("--force", letters_dir)
    assert result.closing_line == f"created 0, updated 0, unchanged {FIXTURE_COUNT}, failed 0"
    assert DisputedItem.history.count() == DisputedItem.objects.count()  # no new history


def test_creation_history_rows_copy_the_new_rows(letters_dir):
    ingest(letters_dir)
    case = Case.objects.get(case_number="CM17-0099103")
    created = case.history.get()
    assert (created.history_type, created.history_user, created.patient_age) == ("+", None, 35)
    assert created.diagnoses == case.diagnoses and created.reviewer_id == case.reviewer_id
    mri = case.items.get(number=3)
    assert mri.history.get().description == "MRI of the right knee"
    citation = mri.citations.get(position=0)
    assert citation.history.get().guideline_id == "odg"
    assert abs(created.history_date - case.ingested_at).total_seconds() < 60


def test_an_updated_letter_is_matched_to_its_case_once(letters_dir, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ingest(letters_dir)
    new_version = new_version_of_the_invented_letter(letters_dir, tmp_path)
    with CaptureQueriesContext(connection) as queries:
        result = ingest(new_version)
    assert result.closing_line == "created 0, updated 1, unchanged 0, failed 0"
    # The archive is asked which cases the letter could be a version of (by sha256, path
    # or case number) once for the batch, not again when the letter is written.
    lookups = [
        query["sql"]
        for query in queries.captured_queries
        if "source_path" in query["sql"]
        and " IN " in query["sql"]
        and "case_number" in query["sql"]
        and query["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert len(lookups) == 1, lookups
