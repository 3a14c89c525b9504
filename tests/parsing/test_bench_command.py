"""`manage.py bench_parse` runs and reports each measurement (figures are not checked)."""

import re
from io import StringIO

from django.core.management import call_command


def test_bench_parse_reports_text_pdf_and_memory():
    out = StringIO()
    call_command("bench_parse", "--seconds", "0.01", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.match(r"text: [\d,]+ letters/s \(\d+ parses of \d+ letters from ", lines[0])
    assert lines[1].startswith("pdf: ")  # letters/s, or "skipped" without real letters
    assert lines[2].startswith("pdf text extraction alone: ")
    assert re.match(r"peak memory: \d+ MiB", lines[3])
