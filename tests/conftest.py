"""Shared test fixtures: paths to the fixture and real letters, database builders."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

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
