"""Where the test letters are: the fixtures of this checkout and the real letters beside it."""

from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_LETTERS = ROOT / "fixtures" / "letters"
EXPECTED = ROOT / "fixtures" / "expected"
OTHER_LAYOUTS = ROOT / "fixtures" / "other-layouts"  # golden letters outside the sample archive
REAL_LETTERS = Path(settings.REAL_LETTERS_DIR)

# The letters the archive tests count on (tests/views/test_items.py says what they hold),
# named so that letters added to fixtures/letters later do not move their figures.
ARCHIVE_LETTERS = [
    "000_605333787005f18a.txt",
    "001_a6ab44cf9f828d37.txt",
    "002_9c64455a8480a098.txt",
    "003_6eb9a6bb9c51e456.txt",
    "004_093df6f7020966b8.txt",
    "invented-CM16-0299101.txt",
    "invented-CM17-0099102.txt",
    "invented-CM17-0099103.txt",
]


def real_letters() -> list[Path]:
    return sorted(REAL_LETTERS.glob("*.pdf")) if REAL_LETTERS.is_dir() else []


needs_real_letters = pytest.mark.skipif(
    not real_letters(),
    reason=f"the real letters are not beside this checkout ({REAL_LETTERS})",
)

FIXTURE_COUNT = len(list(FIXTURE_LETTERS.glob("*.txt")))  # five seeds, three invented letters
INVENTED = "invented-CM17-0099103.txt"  # CM17-0099103: four items, the third overturned
