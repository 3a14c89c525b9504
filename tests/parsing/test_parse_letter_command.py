"""`manage.py parse_letter`: JSON Lines, directories walked, exit status 1 on failures."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.paths import FIXTURE_LETTERS


def _run(*paths):
    out = StringIO()
    call_command("parse_letter", *map(str, paths), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_directory_prints_one_line_per_letter_in_sorted_order():
    lines = _run(FIXTURE_LETTERS)
    assert [line["source"]["path"] for line in lines] == [
        str(path) for path in sorted(FIXTURE_LETTERS.glob("*.txt"))
    ]
    assert all(line["schema"] == "imr-letter/1" and "error" not in line for line in lines)


def test_failures_print_an_error_line_and_exit_1(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "not-a-letter.txt").write_text("hello\n")
    (tmp_path / "ignored.doc").write_text("not walked")
    seed = sorted(FIXTURE_LETTERS.glob("*.txt"))[0]
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("parse_letter", str(tmp_path), str(seed), stdout=out)
    assert caught.value.returncode == 1
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 2
    assert lines[0]["source"]["path"] == str(tmp_path / "sub" / "not-a-letter.txt")
    assert lines[0]["error"].startswith("unknown layout:")
    assert len(lines[0]["source"]["sha256"]) == 64
    assert set(lines[0]) == {"schema", "source", "error"}
    assert lines[1]["items"][0]["description"] == "Self trigger point therapy (TPT)"


def test_a_quoted_glob_pattern_is_expanded_like_ingest_letters():
    lines = _run(f"{FIXTURE_LETTERS}/*.txt")
    assert sorted(line["source"]["path"] for line in lines) == [
        str(path) for path in sorted(FIXTURE_LETTERS.glob("*.txt"))
    ]
    assert all("error" not in line for line in lines)


def test_a_missing_path_is_bad_usage_exit_2_naming_it(tmp_path):
    missing = tmp_path / "no-such-letter.pdf"
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("parse_letter", str(FIXTURE_LETTERS), str(missing), stdout=out)
    assert caught.value.returncode == 2
    assert str(missing) in str(caught.value)
    assert out.getvalue() == ""  # nothing parsed before the usage error
