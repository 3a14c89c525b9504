"""The case list's search and filters, the needs-review list, the ingest runs and problems."""

import datetime as dt
import shutil

import pytest

from decisions.models import (
    Case,
    IngestProblem,
    IngestRun,
    Reviewer,
    ReviewerSpecialty,
    Specialty,
)
from tests.actions import change_url, ingest, rewrite
from tests.builders import case_with_one_cited_item as make_case
from tests.paths import FIXTURE_LETTERS, INVENTED, OTHER_LAYOUTS


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [str(obj) for obj in response.context["cl"].result_list]


@pytest.fixture
def three_cases(db):
    warned = make_case(
        "CM15-0000001", warnings=["no outcome for item 1"], decision_date=dt.date(2015, 3, 2)
    )
    plain = make_case("CM16-0000002")
    item = plain.items.get()
    item.outcome = "overturned"
    item.description = "Lumbar MRI"
    item.save()
    pain = Specialty.objects.create(name="Pain Management")
    reviewer = Reviewer.objects.create(profile_key="b" * 64, title="expert reviewer")
    ReviewerSpecialty.objects.create(reviewer=reviewer, specialty=pain, position=0)
    plain.reviewer = reviewer
    plain.save()
    third = make_case("CM16-0000003")
    third.items.get().citations.filter(guideline="odg").delete()
    return warned, plain, third


def test_case_list_search_and_filters(editor_client, three_cases):
    base = "/admin/decisions/case/"
    pain = Specialty.objects.get(name="Pain Management")

    assert listed(editor_client, base) == ["CM16-0000002", "CM16-0000003", "CM15-0000001"]
    assert listed(editor_client, base + "?q=lumbar+mri") == ["CM16-0000002"]
    assert listed(editor_client, base + "?q=CM15") == ["CM15-0000001"]
    assert listed(editor_client, base + "?decision_year=2015") == ["CM15-0000001"]
    assert listed(editor_client, base + "?items__outcome__exact=overturned") == ["CM16-0000002"]
    assert listed(editor_client, f"{base}?reviewer__specialties__id__exact={pain.pk}") == [
        "CM16-0000002"
    ]
    assert listed(editor_client, base + "?items__citations__guideline__id__exact=odg") == [
        "CM16-0000002",
        "CM15-0000001",
    ]
    assert listed(editor_client, base + "?has_warnings=yes") == ["CM15-0000001"]
    assert listed(editor_client, base + "?has_warnings=no") == ["CM16-0000002", "CM16-0000003"]
    assert listed(editor_client, base + "?layout__exact=test-layout") == [
        "CM16-0000002",
        "CM16-0000003",
        "CM15-0000001",
    ]


def test_case_list_columns(editor_client, three_cases):
    html = editor_client.get("/admin/decisions/case/").content.decode()

    assert '<td class="field-item_count">1</td>' in html
    assert '<td class="field-warning_count">1</td>' in html


def test_item_and_citation_lists_filter(editor_client, three_cases):
    items = "/admin/decisions/disputeditem/"
    assert len(listed(editor_client, items + "?outcome__exact=overturned")) == 1
    assert len(listed(editor_client, items + "?decision_year=2015")) == 1
    assert len(listed(editor_client, items + "?q=CM16")) == 2
    citations = "/admin/decisions/guidelinecitation/"
    assert len(listed(editor_client, citations + "?guideline__id__exact=odg")) == 2
    assert len(listed(editor_client, citations + "?cited_by__exact=imr")) == 3


def test_needs_review_lists_warned_cases_with_their_warnings(analyst_client, three_cases):
    warned = three_cases[0]

    response = analyst_client.get("/admin/decisions/caseneedingreview/")

    assert [case.pk for case in response.context["cl"].result_list] == [warned.pk]
    html = response.content.decode()
    assert "no outcome for item 1" in html
    assert f'href="{change_url(warned)}"' in html


def test_ingest_runs_and_problems_are_read_only_and_filter_by_kind(editor_client, three_cases):
    warned = three_cases[0]
    run = IngestRun.objects.create(created=3, failed=1)
    IngestProblem.objects.create(run=run, kind="failed", path="broken.pdf", reason="no text")
    IngestProblem.objects.create(
        run=run, kind="conflict", path=warned.source_path, case=warned, reason="age differs"
    )
    problems = "/admin/decisions/ingestproblem/"

    assert listed(editor_client, problems + "?kind__exact=conflict") == [
        f"{warned.source_path}: age differs"
    ]
    assert listed(editor_client, problems + "?kind__exact=failed") == ["broken.pdf: no text"]
    assert f'href="{change_url(warned)}"' in editor_client.get(problems).content.decode()
    assert listed(editor_client, "/admin/decisions/case/?has_conflicts=yes") == ["CM15-0000001"]
    assert len(listed(editor_client, "/admin/decisions/case/?has_conflicts=no")) == 2
    runs_html = editor_client.get("/admin/decisions/ingestrun/").content.decode()
    assert '<td class="field-conflicts">1</td>' in runs_html
    assert editor_client.get(change_url(run)).status_code == 200
    assert editor_client.post(change_url(run), {"created": "9"}).status_code == 403


UNKNOWN_LAYOUT_REPORT = """MEDICAL PROFESSIONAL REVIEW
ISSUE AT DISPUTE
Lumbar MRI
RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY
Not medically necessary.
"""


def test_unknown_layouts_and_letters_read_with_doubts_are_listed_for_review(
    editor_client, tmp_path
):
    shutil.copy(OTHER_LAYOUTS / "invented-2013-notice.txt", tmp_path)
    (tmp_path / "report.txt").write_text(UNKNOWN_LAYOUT_REPORT)
    rewrite(
        FIXTURE_LETTERS / INVENTED,
        "Knee brace purchase: Upheld\nClaims Administrator guideline: Decision based on MTUS "
        "Knee Complaints 2004.",
        "Knee brace purchase\nClaims Administrator guideline: Decision based on the Knee "
        "Bracing Handbook.",
        target=tmp_path / "doubtful.txt",
    )

    result = ingest(tmp_path)
    assert result.status == 1
    assert result.closing_line == ("created 2, updated 0, unchanged 0, failed 0, unknown layout 1")
    assert "UNKNOWN LAYOUT" in result.stderr and "report.txt" in result.stderr
    run = IngestRun.objects.get()
    assert (run.created, run.failed, run.unknown_layout) == (2, 0, 1)
    problem = IngestProblem.objects.get()
    assert problem.kind == IngestProblem.Kind.UNKNOWN_LAYOUT
    assert problem.reason == (
        "unknown layout: none of the section headings of a known layout found"
    )
    assert listed(editor_client, "/admin/decisions/ingestproblem/?kind__exact=layout") == [
        str(problem)
    ]

    # The doubtful letter is in, its item without outcome and its unknown source kept,
    # and the review list shows why.
    case = Case.objects.get(case_number="CM17-0099103")
    brace = case.items.get(description="Knee brace purchase")
    assert brace.outcome == ""
    assert brace.citations.get(cited_by="claims_administrator").guideline_id == "other"
    response = editor_client.get("/admin/decisions/caseneedingreview/")
    page = response.content.decode()
    assert "CM17-0099103" in page
    assert "no outcome found in the heading" in page
    assert "citation of unknown kind kept as other" in page
    assert "2013-notice" not in page  # the notice letter read without doubts
    assert Case.objects.filter(layout="2013-notice").count() == 1

    again = ingest(tmp_path)
    assert again.closing_line == "created 0, updated 0, unchanged 2, failed 0, unknown layout 1"
