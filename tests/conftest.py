"""Shared test fixtures: paths to the fixture and real letters, database builders."""

from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_LETTERS = ROOT / "fixtures" / "letters"
EXPECTED = ROOT / "fixtures" / "expected"
REAL_LETTERS = Path(settings.REAL_LETTERS_DIR)


def real_letters() -> list[Path]:
    return sorted(REAL_LETTERS.glob("*.pdf")) if REAL_LETTERS.is_dir() else []


needs_real_letters = pytest.mark.skipif(
    not real_letters(),
    reason=f"the real letters are not beside this checkout ({REAL_LETTERS})",
)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests run with DEBUG off; the manifest storage would demand a collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
