"""export_letters: what was ingested comes back out as the parser printed it, field for field."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.ingest.export import cases_to_export, iter_letter_dicts
from decisions.models import Case
from decisions.parsing import parse_letter
from tests.actions import ingest, run_command
from tests.paths import FIXTURE_COUNT, FIXTURE_LETTERS, ROOT, needs_real_letters, real_letters

pytestmark = pytest.mark.django_db


def export(*args) -> list[dict]:
    result = run_command("export_letters", "--jsonl", *args)
    assert result.status == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_round_trip(files, exported: list[dict]):
    by_sha = {letter["source"]["sha256"]: letter for letter in exported}
    assert len(by_sha) == len(files)
    for path in files:
        parsed = parse_letter(path).to_json()
        letter = by_sha[parsed["source"]["sha256"]]
        stored = Case.objects.get(source_sha256=parsed["source"]["sha256"]).source_path
        assert letter["source"]["path"] == stored
        letter["source"]["path"] = parsed["source"]["path"]
        for key in parsed:  # field by field first, so a failure names the field
            assert letter[key] == parsed[key], (path.name, key)
        assert letter == parsed


def test_fixture_letters_round_trip(monkeypatch):
    monkeypatch.chdir(ROOT)
    ingest("fixtures/letters")
    exported = export()
    assert len(exported) == FIXTURE_COUNT
    # Stored relative to the project, as the run named them.
    assert exported[0]["source"]["path"] == "fixtures/letters/000_605333787005f18a.txt"
    assert_round_trip(sorted(FIXTURE_LETTERS.glob("*.txt")), exported)


@needs_real_letters
@pytest.mark.real_letters
def test_real_letters_round_trip():
    files = real_letters()
    ingest("--workers", "2", files[0].parent)
    assert_round_trip(files, export())


def test_case_number_and_since_select_cases(letters_dir):
    ingest(letters_dir)
    assert [c["case_number"] for c in export("--case-number", "CM17-0099102")] == ["CM17-0099102"]
    since = export("--since", "2017-02-10")
    assert sorted(c["case_number"] for c in since) == ["CM17-0099102", "CM17-0099103"]
    assert export("--since", "2017-02-18") == []


def test_case_number_is_read_as_the_site_reads_it(letters_dir):
    ingest(letters_dir)
    exported = export("--case-number", " cm17-0099102 ")
    assert [c["case_number"] for c in exported] == ["CM17-0099102"]


def test_case_number_matching_nothing_exits_1_with_a_note(letters_dir):
    ingest(letters_dir)
    result = run_command("export_letters", "--jsonl", "--case-number", "CM17-0000000")
    assert result.status == 1
    assert result.stdout == ""
    assert "no case numbered CM17-0000000" in result.stderr


def test_unwritable_output_is_a_clear_error(letters_dir, tmp_path):
    ingest(letters_dir)
    target = tmp_path / "no-such-directory" / "archive.jsonl"
    result = run_command("export_letters", "--jsonl", "--output", target)
    assert result.status == 1
    assert f"cannot write {target}" in result.stderr
    assert "No such file or directory" in result.stderr


def test_output_file(letters_dir, tmp_path):
    ingest(letters_dir)
    target = tmp_path / "archive.jsonl"
    result = run_command("export_letters", "--jsonl", "--output", target)
    assert result.stdout == "" and f"exported {FIXTURE_COUNT} cases" in result.stderr
    assert len(target.read_text().splitlines()) == FIXTURE_COUNT


def test_bad_options_are_clear_errors():
    assert "--jsonl" in run_command("export_letters").stderr
    assert "YYYY-MM-DD" in run_command("export_letters", "--jsonl", "--since", "13/2017").stderr


def test_export_queries_do_not_grow_with_the_number_of_cases(letters_dir, tmp_path):
    ingest(letters_dir / "000_605333787005f18a.txt")
    with CaptureQueriesContext(connection) as one_case:
        assert len(list(iter_letter_dicts(cases_to_export()))) == 1
    ingest(letters_dir)
    with CaptureQueriesContext(connection) as all_cases:
        assert len(list(iter_letter_dicts(cases_to_export()))) == FIXTURE_COUNT
    assert len(all_cases) == len(one_case)
