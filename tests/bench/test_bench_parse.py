"""`manage.py bench_parse` runs and reports each measurement (figures are not checked)."""

import re
from io import StringIO

from django.core.management import call_command

from tests.paths import FIXTURE_LETTERS, needs_real_letters


def test_bench_parse_reports_text_pdf_and_memory():
    out = StringIO()
    call_command("bench_parse", "--seconds", "0.01", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.match(
        r"text: [\d,]+ letters/s \(best pass [\d,]+/s; \d+ parses of \d+ letters from ", lines[0]
    )
    mean, best = (
        int(figure.replace(",", "")) for figure in re.findall(r"([\d,]+)(?: letters)?/s", lines[0])
    )
    assert best >= mean  # the quickest pass is at least as quick as the passes on average
    assert lines[2].startswith("pdf: ")  # letters/s, or "skipped" without real letters
    assert lines[3].startswith("pdf text extraction alone: ")
    assert re.match(r"peak memory: \d+ MiB", lines[4])


@needs_real_letters
def test_bench_parse_times_the_real_letters_as_text():
    out = StringIO()
    call_command("bench_parse", "--seconds", "0.01", stdout=out)
    line = out.getvalue().splitlines()[1]
    assert re.match(
        r"text \(real letters\): [\d,]+ letters/s \(best pass [\d,]+/s; \d+ parses of 144 letters ",
        line,
    )
    assert line.endswith(" s wall)")


def test_bench_parse_skips_the_real_letters_text_without_them(tmp_path, settings):
    settings.REAL_LETTERS_DIR = tmp_path
    out = StringIO()
    call_command("bench_parse", "--seconds", "0.01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1] == f"text (real letters): no letters found in {tmp_path}; skipped"
    assert lines[2] == f"pdf: no letters found in {FIXTURE_LETTERS}; skipped"
