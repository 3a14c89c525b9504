"""Editing in the admin marks corrected fields and writes history rows (no ingest here)."""

from decisions.models import Case, DisputedItem, GuidelineCitation, IngestProblem, IngestRun
from tests.actions import change_url, history_url, post_change
from tests.builders import case_with_one_cited_item as make_case


def test_changing_case_fields_marks_them_corrected(editor_client, editor):
    case = make_case()

    response = post_change(
        editor_client, case, patient_age="59", clinical_summary="A 59 year old male."
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.patient_age == 59
    assert case.clinical_summary == "A 59 year old male."
    assert case.corrected_fields == ["clinical_summary", "patient_age"]
    make_case("CM16-0000001")
    corrected = editor_client.get("/admin/decisions/case/?corrected=yes").context["cl"]
    assert [str(case) for case in corrected.result_list] == ["CM16-0213037"]
    html = editor_client.get("/admin/decisions/case/").content.decode()
    assert '<td class="field-corrected">clinical_summary, patient_age</td>' in html


def test_saving_unchanged_form_marks_nothing(editor_client):
    case = make_case()

    assert post_change(editor_client, case).status_code == 302

    case.refresh_from_db()
    item = case.items.get()
    assert (case.corrected_fields, item.corrected_fields) == ([], [])


def test_item_changed_in_case_page_inline_is_marked_on_the_item(editor_client):
    case = make_case()

    response = post_change(
        editor_client, case, **{"items-0-description": "Trigger point injections"}
    )

    assert response.status_code == 302
    item = DisputedItem.objects.get(case=case)
    assert item.description == "Trigger point injections"
    assert item.corrected_fields == ["description"]
    case.refresh_from_db()
    assert case.corrected_fields == []


def test_citation_changed_in_item_page_inline_is_marked(editor_client):
    item = make_case().items.get()

    response = post_change(editor_client, item, **{"citations-1-edition": "2009"})

    assert response.status_code == 302
    citation = item.citations.get(position=1)
    assert citation.edition == 2009
    assert citation.corrected_fields == ["edition"]
    assert item.citations.get(position=0).corrected_fields == []


def test_pages_and_sections_changed_on_citation_page_are_marked(editor_client, editor):
    citation = GuidelineCitation.objects.get(position=1, item__case=make_case())
    rows_before = citation.history.count()

    response = post_change(
        editor_client,
        citation,
        **{"pages-0-page": "61", "sections-1-name": "Trigger point injections"},
    )

    assert response.status_code == 302
    citation.refresh_from_db()
    assert list(citation.pages.values_list("page", flat=True)) == [61]
    assert list(citation.sections.values_list("name", flat=True)) == [
        "Massage therapy",
        "Trigger point injections",
    ]
    assert citation.corrected_fields == ["pages", "sections"]
    # One history row for the whole correction, naming the rows' old and new values.
    assert citation.history.count() == rows_before + 1
    latest = citation.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == (
        "pages: [60] -> [61]; "
        "sections: ['Massage therapy'] -> ['Massage therapy', 'Trigger point injections']"
    )


def test_history_keeps_editor_and_previous_value(editor_client, editor):
    case = make_case()
    item = case.items.get()

    post_change(editor_client, case, patient_age="59", **{"items-0-outcome": "overturned"})

    latest, previous = case.history.all()[:2]
    assert latest.history_user == editor
    assert (previous.patient_age, latest.patient_age) == (58, 59)
    delta = latest.diff_against(previous)
    assert sorted(delta.changed_fields) == ["corrected_fields", "patient_age"]
    item_latest, item_previous = item.history.all()[:2]
    assert item_latest.history_user == editor
    assert (item_previous.outcome, item_latest.outcome) == ("upheld", "overturned")


def test_history_page_shows_old_and_new_values(editor_client):
    case = make_case()
    post_change(editor_client, case, clinical_summary="Corrected summary text.")

    page = editor_client.get(history_url(case))

    assert page.status_code == 200
    html = page.content.decode()
    assert "The injured worker is a 58 year old male." in html
    assert "Corrected summary text." in html
    assert "edith" in html


def test_reverting_from_history_is_refused(editor_client):
    case = make_case()
    post_change(editor_client, case, patient_age="59")
    old_version = case.history.last()

    url = f"{history_url(case)}{old_version.history_id}/"
    assert editor_client.get(url).status_code == 200
    assert editor_client.post(url, {"patient_age": "58"}).status_code == 403
    case.refresh_from_db()
    assert case.patient_age == 59


def test_forget_corrections_action_clears_the_marks(editor_client, editor):
    case = make_case()
    post_change(editor_client, case, patient_age="59")
    other = make_case("CM16-0000001")

    response = editor_client.post(
        "/admin/decisions/case/",
        {"action": "forget_corrections_action", "_selected_action": [case.pk, other.pk]},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.corrected_fields == []
    assert case.patient_age == 59  # the value stays until the letter is read again
    latest = case.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Forgot corrections: follow the letter again"
    assert other.history.count() == 1  # nothing to forget, no history row


def test_case_page_shows_corrected_fields_and_conflicts(editor_client):
    case = make_case(warnings=["outcome of item 2 unreadable"])
    post_change(editor_client, case, patient_age="59")
    run = IngestRun.objects.create()
    IngestProblem.objects.create(
        run=run,
        kind=IngestProblem.Kind.CONFLICT,
        path=case.source_path,
        case=case,
        reason="patient_age: letter says 58, correction keeps 59",
    )
    other = make_case("CM16-0000001")
    IngestProblem.objects.create(
        run=run, kind="conflict", path=other.source_path, case=other, reason="other case"
    )
    IngestProblem.objects.create(run=run, kind="failed", path="x.pdf", case=case, reason="failed")

    html = editor_client.get(change_url(case)).content.decode()

    assert "patient_age" in html
    assert "patient_age: letter says 58, correction keeps 59" in html
    assert "outcome of item 2 unreadable" in html
    conflicts_url = (
        f"/admin/decisions/ingestproblem/?case__id__exact={case.pk}&kind__exact=conflict"
    )
    assert conflicts_url.replace("&", "&amp;") in html
    listed = editor_client.get(conflicts_url).context["cl"].result_list
    assert [problem.reason for problem in listed] == [
        "patient_age: letter says 58, correction keeps 59"
    ]


def test_source_fields_are_read_only(editor_client):
    case = make_case()

    post_change(editor_client, case, source_sha256="f" * 64, layout="other", source_path="x")

    case.refresh_from_db()
    assert (case.source_sha256, case.layout, case.source_path) == (
        "0" * 64,
        "test-layout",
        "letters/CM16-0213037.pdf",
    )
    assert Case.objects.get(pk=case.pk).corrected_fields == []
