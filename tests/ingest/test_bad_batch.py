"""A bad night's batch: 2,000 files of which 5% cannot be letters. Every good letter goes
in, each bad file is recorded once with its reason, the exit status says so, and a re-run
changes nothing."""

import io
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfWriter

from decisions.ingest.files import MAX_FILE_BYTES
from decisions.models import Case, DisputedItem, IngestProblem, IngestRun
from tests.actions import ingest
from tests.builders import build_pdf
from tests.letter_generator import random_letter

pytestmark = pytest.mark.django_db(transaction=True)

GOOD, DUPLICATES = 1885, 15  # unique letters, and copies of some of them under other names
# The broken files: (kind, how many, what the recorded reason says).
BROKEN = {
    "empty": (20, "the file is empty"),
    "truncated": (20, "truncated letter"),
    "image-only": (10, "no text"),
    "password": (10, "password"),
    "junk": (15, "not a text file nor a PDF"),
    "other-layout": (15, "unknown layout:"),
    "too-large": (10, "too large for a letter"),
}


def good_letters(count: int) -> list[str]:
    """Texts of `count` random letters with distinct case numbers (2016 layout)."""
    rng, texts, numbers = random.Random(13), [], set()
    while len(texts) < count:
        letter = random_letter(rng, "2016-header")
        if letter.expected["case_number"] not in numbers:
            numbers.add(letter.expected["case_number"])
            texts.append(letter.text)
    return texts


def password_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password="not-for-you", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write_batch(folder: Path) -> dict[str, str]:
    """The 2,000 files; returns {file name: kind} of the broken ones."""
    texts = good_letters(GOOD)
    for number, text in enumerate(texts):
        (folder / f"letter-{number:04d}.txt").write_text(text)
    for number in range(DUPLICATES):
        (folder / f"copy-{number:02d}.txt").write_text(texts[number * 7])
    broken = {}
    makers = {
        "empty": lambda n: ("txt", b""),
        "truncated": lambda n: ("txt", texts[n][: texts[n].index("IMR ISSUES")].encode()),
        "image-only": lambda n: ("pdf", build_pdf([])),
        "password": lambda n: ("pdf", password_pdf()),
        "junk": lambda n: ("pdf", random.Random(n).randbytes(4000)),
        "other-layout": lambda n: ("txt", b"MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE\nMRI\n"),
    }
    for kind, (count, _) in BROKEN.items():
        for number in range(count):
            name = f"broken-{kind}-{number:02d}"
            if kind == "too-large":
                name += ".txt"
                with open(folder / name, "wb") as handle:  # sparse: no disk spent
                    handle.truncate(MAX_FILE_BYTES + 1)
            else:
                suffix, data = makers[kind](number)
                name += f".{suffix}"
                (folder / name).write_bytes(data)
            broken[name] = kind
    assert len(os.listdir(folder)) == 2000 and len(broken) == 100
    return broken


def test_a_bad_batch_loses_no_good_letter_and_names_every_bad_file(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    broken = write_batch(folder)
    unknown = BROKEN["other-layout"][0]

    result = ingest(folder, "--quiet")
    assert result.status == 1
    assert result.closing_line == (
        f"created {GOOD}, updated 0, unchanged {DUPLICATES}, failed {100 - unknown}, "
        f"unknown layout {unknown}"
    )
    assert Case.objects.count() == GOOD
    problems = IngestProblem.objects.filter(run=IngestRun.objects.get())
    recorded = Counter(Path(problem.path).name for problem in problems)
    assert set(recorded) == set(broken) and set(recorded.values()) == {1}
    for problem in problems:
        kind = broken[Path(problem.path).name]
        assert BROKEN[kind][1] in problem.reason, (kind, problem.reason)
        expected_kind = "layout" if kind == "other-layout" else "failed"
        assert problem.kind == expected_kind
    for name in broken:  # each named on stderr with its reason
        assert name in result.stderr

    counts = (Case.objects.count(), DisputedItem.objects.count())
    again = ingest(folder, "--quiet")
    assert again.status == 1
    assert again.closing_line == (
        f"created 0, updated 0, unchanged {GOOD + DUPLICATES}, failed {100 - unknown}, "
        f"unknown layout {unknown}"
    )
    assert (Case.objects.count(), DisputedItem.objects.count()) == counts
