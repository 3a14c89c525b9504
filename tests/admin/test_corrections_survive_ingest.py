"""End to end: an editor corrects a letter in the admin, the real ingest reads it again.

The letter is fixtures/letters/000 (no case number: the case is its path), copied to a temp
dir so that a test can rewrite it as a new version of the same file.
"""

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.db import connection

from decisions.models import Case, GuidelineCitation, IngestProblem, IngestRun, ItemSearchDocument
from tests.actions import change_form_data, change_url, post_change
from tests.paths import FIXTURE_LETTERS

LETTER = FIXTURE_LETTERS / "000_605333787005f18a.txt"
TPT = "Self trigger point therapy (TPT)"
CORRECTED_TPT = "Self-administered trigger point therapy (TPT)"


@pytest.fixture
def letter(tmp_path):
    path = tmp_path / "letter.txt"
    shutil.copy(LETTER, path)
    return path


def ingest(path, *options) -> str:
    """Run ingest_letters on one file; its output."""
    out = io.StringIO()
    call_command("ingest_letters", str(path), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rewrite(path, *replacements) -> None:
    """A new version of the letter: each (old, new) replaced once, and it must be there."""
    text = path.read_text()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text)


def imr_citation(case) -> GuidelineCitation:
    return GuidelineCitation.objects.get(item__case=case, item__number=1, cited_by="imr")


def pages(citation) -> list[int]:
    return list(citation.pages.values_list("page", flat=True))


@pytest.fixture
def corrected_case(letter, editor_client):
    """The ingested letter with three corrections made in the admin: the patient's age on
    the case page, item 1's description in its inline, the MAXIMUS citation's page."""
    ingest(letter)
    case = Case.objects.get(source_path=str(letter))
    assert (case.patient_age, case.items.get().description, pages(imr_citation(case))) == (
        58,
        TPT,
        [60],
    )
    assert (
        post_change(
            editor_client, case, patient_age="57", **{"items-0-description": CORRECTED_TPT}
        ).status_code
        == 302
    )
    assert (
        post_change(editor_client, imr_citation(case), **{"pages-0-page": "61"}).status_code == 302
    )
    return case


def assert_corrections_kept(case):
    case.refresh_from_db()
    item = case.items.get()
    citation = imr_citation(case)
    assert case.patient_age == 57
    assert item.description == CORRECTED_TPT
    assert pages(citation) == [61]
    assert case.corrected_fields == ["patient_age"]
    assert item.corrected_fields == ["description"]
    assert citation.corrected_fields == ["pages"]


def conflict_reasons(case) -> list[str]:
    return sorted(
        IngestProblem.objects.filter(case=case, kind="conflict").values_list("reason", flat=True)
    )


def assert_three_conflicts(reasons, letter_age, letter_pages):
    assert len(reasons) == 3, reasons
    description, age, page = sorted(
        reasons, key=lambda r: ("description" not in r, "patient_age" not in r)
    )
    assert CORRECTED_TPT in description and TPT in description
    assert "patient_age" in age and "57" in age and str(letter_age) in age
    assert "pages" in page and "61" in page and letter_pages in page


def test_correction_survives_reingest_of_the_same_file(corrected_case, letter):
    output = ingest(letter)

    assert output.strip().endswith("created 0, updated 0, unchanged 1, failed 0")
    assert_corrections_kept(corrected_case)


def test_forced_reingest_of_the_same_file_keeps_and_reports(corrected_case, letter):
    output = ingest(letter, "--force")

    assert output.strip().endswith("failed 0, conflicts 3")
    assert_corrections_kept(corrected_case)
    assert_three_conflicts(conflict_reasons(corrected_case), 58, "60")


def test_changed_letter_keeps_corrections_reports_conflicts_and_updates_the_rest(
    corrected_case, letter, editor_client
):
    rewrite(
        letter,
        ("a 58 year old male", "a 56 year old male"),
        ("Page(s): 60", "Page(s): 62"),
        ("(TPT):  Upheld", "(TPT):  Overturned"),
    )

    output = ingest(letter)

    assert output.strip().endswith("created 0, updated 1, unchanged 0, failed 0, conflicts 3")
    assert_corrections_kept(corrected_case)
    assert_three_conflicts(conflict_reasons(corrected_case), 56, "62")
    # Fields nobody corrected follow the new version of the letter.
    case = corrected_case
    assert "a 56 year old male" in case.clinical_summary
    assert case.items.get().outcome == "overturned"
    # The conflicts show in the admin: on the case page and in the run's counts.
    html = editor_client.get(change_url(case)).content.decode()
    for reason in conflict_reasons(case):
        assert reason.replace("'", "&#x27;") in html
    run = IngestRun.objects.first()
    runs = editor_client.get("/admin/decisions/ingestrun/").content.decode()
    assert run.updated == 1
    assert '<td class="field-conflicts">3</td>' in runs


def test_history_keeps_the_editor_and_the_ingest_apart(corrected_case, letter, editor):
    rewrite(letter, ("(TPT):  Upheld", "(TPT):  Overturned"))
    ingest(letter)

    item = corrected_case.items.get()
    by_ingest, by_editor, created = item.history.all()[:3]
    assert (by_ingest.history_change_reason, by_ingest.outcome) == ("ingest", "overturned")
    assert by_editor.history_user == editor
    assert (created.description, by_editor.description) == (TPT, CORRECTED_TPT)
    assert by_ingest.description == CORRECTED_TPT


def test_forgetting_a_correction_follows_the_letter_again(corrected_case, editor_client):
    case = corrected_case

    response = editor_client.post(
        "/admin/decisions/case/",
        {"action": "forget_corrections_action", "_selected_action": [case.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "Forgot the corrections of 1 cases." in messages
    assert "Letters read again: created 0, updated 1, unchanged 0, failed 0, conflicts 2." in (
        messages
    )
    case.refresh_from_db()
    assert (case.patient_age, case.corrected_fields) == (58, [])
    # The item's and the citation's corrections were not forgotten.
    assert case.items.get().description == CORRECTED_TPT
    assert pages(imr_citation(case)) == [61]

    editor_client.post(
        "/admin/decisions/disputeditem/",
        {"action": "forget_corrections_action", "_selected_action": [case.items.get().pk]},
    )
    assert case.items.get().description == TPT


def test_export_letters_exports_the_corrections(corrected_case, tmp_path):
    output = tmp_path / "export.jsonl"

    call_command("export_letters", "--jsonl", "--output", str(output), stderr=io.StringIO())

    (exported,) = [json.loads(line) for line in output.read_text().splitlines()]
    assert exported["patient"]["age"] == 57
    item = exported["items"][0]
    assert item["description"] == CORRECTED_TPT
    assert item["citations"][2]["pages"] == [61]


def test_public_case_page_shows_the_corrections(corrected_case, letter, client):
    rewrite(letter, ("(TPT):  Upheld", "(TPT):  Overturned"))
    ingest(letter)

    response = client.get(f"/cases/id/{corrected_case.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f"1. {CORRECTED_TPT}" in html
    assert f"1. {TPT}" not in html
    assert "57 years old" in html
    assert "58 years old" not in html
    assert ">61</a>" in html and ">60</a>" not in html
    assert 'class="badge overturned"' in html  # nobody corrected the outcome: the letter's


def test_corrected_case_number_keeps_the_letter_its_case(corrected_case, letter, editor_client):
    post_change(editor_client, corrected_case, case_number="CM15-0012345")
    rewrite(letter, ("(TPT):  Upheld", "(TPT):  Overturned"))

    ingest(letter)

    (case,) = Case.objects.all()
    assert (case.pk, case.case_number) == (corrected_case.pk, "CM15-0012345")
    assert case.items.get().outcome == "overturned"
    assert any("case_number" in reason for reason in conflict_reasons(case))


def test_a_page_deleted_by_an_editor_stays_deleted(letter, editor_client):
    ingest(letter)
    citation = imr_citation(Case.objects.get())

    post_change(editor_client, citation, **{"pages-0-DELETE": "on"})
    ingest(letter, "--force")

    citation.refresh_from_db()
    assert pages(citation) == []
    assert citation.corrected_fields == ["pages"]
    assert list(citation.sections.values_list("name", flat=True)) == ["Massage therapy"]


def test_a_page_opened_before_an_ingest_saves_only_what_the_editor_changed(letter, editor_client):
    ingest(letter)
    case = Case.objects.get()
    url = change_url(case)
    shown = change_form_data(editor_client, url)  # the editor opens the case page
    rewrite(
        letter,
        ("a 58 year old male", "a 56 year old male"),
        ("(TPT):  Upheld", "(TPT):  Overturned"),
    )
    ingest(letter)  # meanwhile the nightly ingest reads a new version

    shown.update({"priority": "expedited", "items-0-description": CORRECTED_TPT})
    assert editor_client.post(url, shown).status_code == 302

    case.refresh_from_db()
    item = case.items.get()
    assert (case.priority, case.corrected_fields) == ("expedited", ["priority"])
    assert (item.description, item.corrected_fields) == (CORRECTED_TPT, ["description"])
    # What the ingest wrote while the page was open stays.
    assert case.patient_age == 56 and "a 56 year old male" in case.clinical_summary
    assert item.outcome == "overturned"


def test_every_count_follows_corrections_forgetting_and_new_versions(
    corrected_case, letter, editor_client
):
    """The Tally rows the pages read equal a fresh count after each kind of write."""
    from decisions.models import Tally
    from decisions.summaries import differences

    assert differences() == {}
    item = corrected_case.items.get()
    post_change(editor_client, item, outcome="overturned", category="Surgery")
    assert Tally.objects.filter(grouping="items", outcome="overturned", category="Surgery")
    assert differences() == {}
    post_change(editor_client, corrected_case, decision_date="2016-02-03")
    assert differences() == {}
    post_change(editor_client, imr_citation(corrected_case), **{"sections-0-name": "Massage"})
    assert differences() == {}
    citation = imr_citation(corrected_case)
    page = citation.pages.order_by("pk").first()
    post_change(editor_client, citation, **{"pages-0-page": str(page.page + 1)})
    assert differences() == {}  # the search row's cited pages with the rest
    if connection.vendor == "postgresql":
        row = ItemSearchDocument.objects.get(item=item)
        assert f"{citation.guideline_id}:{page.page + 1}" in row.cited_pages
    editor_client.post(
        "/admin/decisions/disputeditem/",
        {"action": "forget_corrections_action", "_selected_action": [item.pk]},
    )
    assert differences() == {}
    rewrite(letter, (TPT, "Trigger point therapy"))
    ingest(letter)
    assert differences() == {}


def test_every_count_follows_an_edited_reviewer_and_a_renamed_specialty(letter, admin_client):
    """A reviewer's specialties and licences, and the specialties' names, are read by the
    Tally rows and the export's rows: an edit of either moves them (it did not)."""
    from decisions.models import Specialty
    from decisions.summaries import differences

    ingest(letter)
    reviewer = Case.objects.get(source_path=str(letter)).reviewer
    specialty = reviewer.specialty_links.get(position=0).specialty
    other, _ = Specialty.objects.get_or_create(name="Orthopaedic Surgery")
    response = post_change(
        admin_client,
        reviewer,
        **{"specialty_links-0-specialty": other.pk, "licenses-0-state": "Nevada"},
    )
    assert response.status_code == 302
    assert reviewer.specialty_links.get(position=0).specialty == other
    assert differences() == {}
    assert post_change(admin_client, other, name="Orthopedic Surgery").status_code == 302
    assert differences() == {}
    assert specialty.name != "Orthopedic Surgery"


def test_no_one_deletes_a_case_in_the_admin(letter, admin_client):
    """Not even a superuser: no hook would take a deleted case out of the counts."""
    from decisions.summaries import differences

    ingest(letter)
    case = Case.objects.get(source_path=str(letter))
    url = change_url(case).replace("/change/", "/delete/")
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()
    assert differences() == {}
