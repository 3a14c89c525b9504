"""Corrections win: an editor's value survives a re-ingest; a disagreeing letter is a conflict."""

import pytest

from decisions.models import Case, CitationPage, DisputedItem, IngestProblem
from tests.actions import ingest, rewrite
from tests.paths import INVENTED

pytestmark = pytest.mark.django_db


def correct(row, **values):
    """What the admin does: set values and name them in corrected_fields."""
    for name, value in values.items():
        setattr(row, name, value)
    row.corrected_fields = sorted(set(row.corrected_fields) | set(values))
    row._change_reason = "editor"
    row.save()


@pytest.fixture
def corrected_case(letters_dir):
    """CM17-0099103 ingested, then corrected by an editor in four places."""
    ingest(letters_dir)
    case = Case.objects.get(case_number="CM17-0099103")
    correct(case, patient_age=36)
    correct(case.items.get(number=3), outcome="upheld")
    correct(case.items.get(number=4), rationale="Brace already owned; see the 01-19-17 report.")
    correct(case.items.get(number=1), category="Acupuncture", subcategory="Acupuncture")
    citation = case.items.get(number=2).citations.get(position=1)
    CitationPage.objects.create(citation=citation, page=58)
    correct(citation)
    citation.corrected_fields = ["pages"]
    citation.save()
    return case


def reissue(letters_dir, tmp_path):
    """A new version of CM17-0099103: age 34, new decision date, item 2 reworded, item 4 gone."""
    path = tmp_path / "reissued.txt"
    rewrite(letters_dir / INVENTED, "35 year old female", "34 year old female", path)
    rewrite(path, "Decision Date: 02/10/2017", "Decision Date: 02/13/2017")
    rewrite(
        path, "Chiropractic manipulation 6 additional", "Chiropractic manipulation 4 additional"
    )
    text = path.read_text()
    path.write_text(text[: text.index("Knee brace purchase: Upheld")])
    return path


def test_corrected_fields_keep_the_editors_values(corrected_case, letters_dir, tmp_path):
    result = ingest(reissue(letters_dir, tmp_path))
    assert result.status == 0
    assert result.closing_line == "created 0, updated 1, unchanged 0, failed 0, conflicts 4"

    case = Case.objects.get(pk=corrected_case.pk)
    assert case.patient_age == 36  # corrected: the editor's value
    assert str(case.decision_date) == "2017-02-13"  # not corrected: follows the letter
    items = {item.number: item for item in case.items.all()}
    assert items[3].outcome == "upheld"
    assert (
        items[2].description == "Chiropractic manipulation 4 additional sessions for the low back"
    )
    assert items[4].rationale == "Brace already owned; see the 01-19-17 report."  # kept
    assert (items[1].category, items[1].subcategory) == ("Acupuncture", "Acupuncture")
    citation = items[2].citations.get(position=1)
    assert list(citation.pages.values_list("page", flat=True)) == [58]


def test_each_disagreement_is_a_conflict_naming_case_item_field_and_values(
    corrected_case, letters_dir, tmp_path
):
    reissued = reissue(letters_dir, tmp_path)
    ingest(reissued)
    conflicts = IngestProblem.objects.filter(kind="conflict").order_by("reason")
    assert {problem.case_id for problem in conflicts} == {corrected_case.pk}
    assert {problem.path for problem in conflicts} == {str(reissued)}
    assert [problem.reason for problem in conflicts] == [
        "CM17-0099103 item 2 citation 2: pages was corrected by an editor to [58]; "
        "the letter says (blank); the correction is kept",
        "CM17-0099103 item 3: outcome was corrected by an editor to 'upheld'; "
        "the letter says 'overturned'; the correction is kept",
        "CM17-0099103 item 4: the letter no longer has this item ('Knee brace purchase'); "
        "it was corrected by an editor, so it is kept",
        "CM17-0099103: patient_age was corrected by an editor to 36; "
        "the letter says 34; the correction is kept",
    ]
    assert all(len(problem.sha256) == 64 for problem in conflicts)


def test_forcing_the_same_file_again_keeps_corrections_and_reports_them(
    corrected_case, letters_dir
):
    result = ingest("--force", letters_dir / INVENTED)
    # age, item 3 outcome, item 4 rationale, item 2 citation 2 pages
    assert result.closing_line == "created 0, updated 0, unchanged 1, failed 0, conflicts 4"
    assert "CONFLICT" in result.stderr and "outcome was corrected" in result.stderr
    assert Case.objects.get(pk=corrected_case.pk).patient_age == 36
    assert DisputedItem.objects.get(case=corrected_case, number=3).outcome == "upheld"


def test_a_correction_the_letter_agrees_with_is_no_conflict(corrected_case, letters_dir):
    rewrite(letters_dir / INVENTED, "35 year old female", "36 year old female")
    result = ingest(letters_dir / INVENTED)
    # new bytes, so updated; the outcome, rationale and pages still disagree
    assert result.closing_line == "created 0, updated 1, unchanged 0, failed 0, conflicts 3"
    assert not IngestProblem.objects.filter(reason__contains="patient_age").exists()
