"""Shared test fixtures: paths to the fixture and real letters, the fixture-letter archive.

Rows built by hand for a test: tests/builders.py."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_LETTERS = ROOT / "fixtures" / "letters"
EXPECTED = ROOT / "fixtures" / "expected"
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


def ingest_fixture_letters():
    """The ARCHIVE_LETTERS ingested as `make run` does: 8 cases, 16 items, 5 overturned."""
    from decisions.ingest.run import ingest_letters  # once Django is set up

    summary = ingest_letters([str(FIXTURE_LETTERS / name) for name in ARCHIVE_LETTERS])
    assert (summary.created, summary.failed) == (len(ARCHIVE_LETTERS), 0)
    return summary


@pytest.fixture
def fixture_archive(db):
    """The fixture letters in the test's database (rolled back after it)."""
    return ingest_fixture_letters()


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_collectstatic():
    """Tests run with DEBUG off and no collectstatic, so nothing is collected to serve.

    The manifest storage would demand the collected manifest, and whitenoise warns about a
    missing STATIC_ROOT; the pages name their static files plainly and the live server of
    the browser tests serves them from the finders. Session-wide, so the live server's
    middleware, loaded once, sees it too.
    """
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}, STATIC_ROOT=None):
        yield
