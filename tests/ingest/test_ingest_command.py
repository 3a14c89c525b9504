"""`ingest_letters`: idempotence, failures recorded, dry run, exit statuses, globs, workers."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from decisions.models import (
    Case,
    CitationPage,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    IngestProblem,
    IngestRun,
    Reviewer,
)
from decisions.parsing.vocab import GUIDELINES
from tests.actions import ingest, rewrite
from tests.paths import FIXTURE_COUNT, INVENTED, ROOT

pytestmark = pytest.mark.django_db


def table_counts():
    return [
        model.objects.count()
        for model in (Case, DisputedItem, GuidelineCitation, CitationPage, Reviewer)
    ]


def test_second_run_finds_everything_unchanged(letters_dir):
    first = ingest(letters_dir)
    assert first.status == 0
    assert first.closing_line == f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 0"
    counts = table_counts()
    assert counts[:2] == [FIXTURE_COUNT, 1 + 1 + 2 + 1 + 2 + 3 + 2 + 4]  # items per letter

    second = ingest(letters_dir)
    assert second.status == 0
    assert second.closing_line == f"created 0, updated 0, unchanged {FIXTURE_COUNT}, failed 0"
    assert table_counts() == counts
    runs = list(IngestRun.objects.order_by("id").values("created", "unchanged", "failed"))
    assert runs == [
        {"created": FIXTURE_COUNT, "unchanged": 0, "failed": 0},
        {"created": 0, "unchanged": FIXTURE_COUNT, "failed": 0},
    ]
    assert IngestRun.objects.filter(finished_at__isnull=True).count() == 0


def test_letters_are_stored_as_the_parser_reads_them(letters_dir):
    ingest(letters_dir)
    case = Case.objects.get(case_number="CM17-0099103")
    assert case.source_path == str(letters_dir / INVENTED)
    assert (case.priority, case.patient_age, case.patient_sex) == ("expedited", 35, "female")
    assert str(case.decision_date) == "2017-02-10"
    assert case.reviewer.title == "expert reviewer"
    assert [s.specialty.name for s in case.reviewer.specialty_links.all()] == ["Chiropractic"]
    assert [lic.state for lic in case.reviewer.licenses.all()] == ["California", "Nevada"]
    mri = case.items.get(number=3)
    assert (mri.description, mri.outcome) == ("MRI of the right knee", "overturned")
    assert mri.category  # the classifier gives every item a category
    odg = mri.citations.get(position=0)
    assert (odg.cited_by, odg.guideline_id, odg.chapter) == (
        "claims_administrator",
        "odg",
        "Knee & Leg (Acute & Chronic)",
    )
    partial = DisputedItem.objects.get(case__case_number="CM17-0099102", number=2)
    assert (partial.original_request, partial.authorized_portion) == (
        "Gabapentin 600mg #90",
        "Gabapentin 600mg #45",
    )


def test_guideline_rows_are_created_with_their_readable_names(letters_dir):
    Guideline.objects.all().delete()
    ingest(letters_dir)
    names = dict(Guideline.objects.values_list("id", "name"))
    assert {"mtus-chronic-pain", "mtus-acoem", "mtus-acupuncture", "odg"} <= set(names)
    assert all(names[gid] == GUIDELINES[gid] for gid in names)


def test_identical_credentials_share_one_reviewer_profile(letters_dir, tmp_path):
    ingest(letters_dir)
    profiles = Reviewer.objects.count()
    # Another letter decided under the same credentials as CM17-0099103.
    text = (letters_dir / INVENTED).read_text().replace("CM17-0099103", "CM17-0099104")
    (tmp_path / "another.txt").write_text(text)
    ingest(tmp_path / "another.txt")
    assert Reviewer.objects.count() == profiles
    first, second = Case.objects.filter(case_number__in=["CM17-0099103", "CM17-0099104"])
    assert first.reviewer_id == second.reviewer_id


def test_corrupt_pdf_and_empty_file_fail_with_reasons_and_the_rest_goes_in(letters_dir):
    (letters_dir / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (letters_dir / "empty.txt").write_bytes(b"")
    result = ingest(letters_dir)
    assert result.status == 1
    assert result.closing_line == f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 2"
    assert Case.objects.count() == FIXTURE_COUNT
    problems = {os.path.basename(p.path): p for p in IngestProblem.objects.filter(kind="failed")}
    assert set(problems) == {"corrupt.pdf", "empty.txt"}
    assert problems["empty.txt"].reason == "the file is empty"
    assert problems["corrupt.pdf"].reason  # the PDF library's complaint, kept as given
    assert len(problems["corrupt.pdf"].sha256) == 64
    run = IngestRun.objects.get()
    assert (run.created, run.failed) == (FIXTURE_COUNT, 2)
    assert set(run.problems.values_list("kind", flat=True)) == {"failed"}
    assert "FAILED" in result.stderr and "corrupt.pdf" in result.stderr


def test_a_failed_letter_is_tried_again_next_run(letters_dir):
    (letters_dir / "empty.txt").write_bytes(b"")
    ingest(letters_dir)
    second = ingest(letters_dir)
    assert second.status == 1
    assert "failed 1" in second.closing_line
    assert IngestProblem.objects.filter(kind="failed").count() == 2  # one per run


def test_dry_run_writes_nothing(letters_dir):
    result = ingest("--dry-run", letters_dir)
    assert result.status == 0
    assert "dry run" in result.stdout
    assert result.closing_line == f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 0"
    assert table_counts() == [0, 0, 0, 0, 0]
    assert IngestRun.objects.count() == 0


def test_dry_run_after_a_run_reports_unchanged_and_updated(letters_dir):
    ingest(letters_dir)
    seed = letters_dir / "000_605333787005f18a.txt"
    seed.write_text(seed.read_text().replace("58 year old", "59 year old"))
    result = ingest("--dry-run", letters_dir)
    assert result.closing_line == (f"created 0, updated 1, unchanged {FIXTURE_COUNT - 1}, failed 0")
    assert Case.objects.get(source_path=str(seed)).patient_age == 58


def test_missing_path_is_bad_usage_and_named(letters_dir, tmp_path):
    missing = tmp_path / "no-such-dir"
    result = ingest(letters_dir, missing, str(tmp_path / "nothing-*.txt"))
    assert result.status == 2
    assert str(missing) in result.stderr and "nothing-*.txt" in result.stderr
    assert Case.objects.count() == 0 and IngestRun.objects.count() == 0


def test_exit_status_2_from_the_command_line(tmp_path):
    missing = tmp_path / "no-such-file.pdf"
    process = subprocess.run(
        [sys.executable, "manage.py", "ingest_letters", str(missing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert process.returncode == 2
    assert str(missing) in process.stderr


def test_glob_patterns(letters_dir, tmp_path):
    nested = letters_dir / "2017" / "february"
    nested.mkdir(parents=True)
    (letters_dir / INVENTED).rename(nested / INVENTED)
    result = ingest(str(letters_dir / "00[0-2]_*.txt"))
    assert result.closing_line == "created 3, updated 0, unchanged 0, failed 0"
    result = ingest(str(letters_dir / "**" / "invented-*.txt"))
    assert result.closing_line == "created 3, updated 0, unchanged 0, failed 0"
    assert Case.objects.get(case_number="CM17-0099103").source_path == str(nested / INVENTED)


def test_a_directory_walk_takes_pdf_and_txt_only(letters_dir):
    (letters_dir / "notes.md").write_text("not a letter")
    assert ingest(letters_dir).closing_line.startswith(f"created {FIXTURE_COUNT},")


def test_the_same_file_named_twice_is_one_case(letters_dir):
    result = ingest(letters_dir, letters_dir / INVENTED)
    assert result.closing_line == f"created {FIXTURE_COUNT}, updated 0, unchanged 1, failed 0"
    assert Case.objects.count() == FIXTURE_COUNT


def test_quiet_prints_only_the_closing_line(letters_dir):
    result = ingest("--quiet", letters_dir)
    assert result.stdout.strip() == f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 0"
    assert result.stderr == ""


def test_log_lines_when_not_on_a_terminal(letters_dir):
    result = ingest(letters_dir)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == FIXTURE_COUNT + 1
    assert f"created   {letters_dir / INVENTED} CM17-0099103" in lines


def test_workers_parse_in_parallel_with_the_same_result(letters_dir):
    result = ingest("--workers", "2", letters_dir)
    assert result.status == 0
    assert result.closing_line == f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 0"
    assert DisputedItem.objects.filter(case__case_number="CM17-0099103").count() == 4
    again = ingest("--workers", "2", letters_dir)
    assert again.closing_line == f"created 0, updated 0, unchanged {FIXTURE_COUNT}, failed 0"


def test_a_letter_that_cannot_be_saved_fails_alone_and_leaves_nothing_behind(
    letters_dir, monkeypatch
):
    from decisions.ingest import write as ingest_module

    letter_values = ingest_module.item_values

    def refuse_the_knee_brace(item):
        if item.description == "Knee brace purchase":
            raise ValueError("the database refused this item")
        return letter_values(item)

    monkeypatch.setattr(ingest_module, "item_values", refuse_the_knee_brace)
    result = ingest(letters_dir)
    assert result.status == 1
    assert result.closing_line == (f"created {FIXTURE_COUNT - 1}, updated 0, unchanged 0, failed 1")
    assert not Case.objects.filter(case_number="CM17-0099103").exists()
    assert DisputedItem.objects.count() == 16 - 4  # none of its items either
    problem = IngestProblem.objects.get()
    assert problem.path == str(letters_dir / INVENTED)
    assert problem.reason == ("could not be saved: ValueError: the database refused this item")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_on_a_terminal_and_failures_above_it(letters_dir):
    (letters_dir / "empty.txt").write_bytes(b"")
    out, err = io.StringIO(), Terminal()
    with pytest.raises(SystemExit):
        call_command("ingest_letters", str(letters_dir), stdout=out, stderr=err)
    assert out.getvalue().strip() == (
        f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 1"
    )  # no log lines: the bar replaces them
    assert f"{FIXTURE_COUNT + 1} letters" in err.getvalue()
    assert f"FAILED {letters_dir / 'empty.txt'}: the file is empty" in err.getvalue()


def test_a_file_far_too_large_for_a_letter_fails_without_being_read(letters_dir, monkeypatch):
    from decisions.ingest import files as letter_files

    monkeypatch.setattr(letter_files, "MAX_FILE_BYTES", 1000)
    result = ingest(letters_dir / INVENTED)
    assert result.status == 1
    problem = IngestProblem.objects.get()
    assert problem.reason.startswith("too large for a letter (")
    assert problem.sha256 == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite does not enforce column lengths"
)
def test_a_value_the_database_refuses_fails_that_letter_alone(letters_dir):
    long_name = "Specialty " + "x" * 130  # Specialty.name holds 120 characters
    rewrite(
        letters_dir / INVENTED,
        "Certification(s)/Specialty: Chiropractor",
        f"Certification(s)/Specialty: {long_name}",
    )
    result = ingest(letters_dir)
    assert result.status == 1
    assert result.closing_line == (f"created {FIXTURE_COUNT - 1}, updated 0, unchanged 0, failed 1")
    problem = IngestProblem.objects.get()
    assert problem.reason.startswith("could not be saved: DataError:")
    assert not Case.objects.filter(case_number="CM17-0099103").exists()
    assert not Reviewer.objects.filter(specialties__name=long_name).exists()


def test_a_file_that_kills_its_parse_worker_fails_alone(letters_dir, monkeypatch):
    from decisions.ingest import files as letter_files
    from decisions.ingest import run as ingest_run

    parse = letter_files.parse_bytes
    crasher = "001_a6ab44cf9f828d37.txt"

    def crash_on_one_letter(data, path):
        if path.endswith(crasher):
            os._exit(11)  # what a segfault in the PDF library looks like from outside
        return parse(data, path)

    monkeypatch.setattr(letter_files, "parse_bytes", crash_on_one_letter)
    # Small batches: the crash breaks the batches in flight, and later ones need a new pool.
    monkeypatch.setattr(ingest_run, "BATCH_SIZE", 2)
    monkeypatch.setattr(ingest_run, "CHUNK_SIZE", 1)
    result = ingest("--workers", "2", letters_dir)
    assert result.status == 1
    assert result.closing_line == (f"created {FIXTURE_COUNT - 1}, updated 0, unchanged 0, failed 1")
    problem = IngestProblem.objects.get()
    assert problem.path == str(letters_dir / crasher)
    assert problem.reason == "the parser's process died on this file (a crash in the PDF library?)"
