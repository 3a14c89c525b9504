"""Shared test fixtures. Paths to the letters: tests/paths.py; rows, letters and archives
built for a test: tests/builders.py; running commands and forms: tests/actions.py; random
letters of every known layout: tests/letter_generator.py."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from tests.builders import ingest_fixture_letters


def pytest_addoption(parser):
    group = parser.getgroup("generated letters (tests/parsing/test_generated_letters.py)")
    group.addoption("--letter-seed", default="2026", help="seed of the random letters, or 'random'")
    group.addoption("--generated-letters", type=int, default=1000, help="random letters per layout")


@pytest.fixture(autouse=True)
def _no_page_kept_from_an_earlier_test():
    """Each test's database starts afresh, edition token included: so do the kept pages
    (decisions/site/page_cache.py)."""
    caches["pages"].clear()


@pytest.fixture
def pages_made_afresh(settings):
    """Every request makes its page (no kept page, no edition read): for tests of what a
    view reads and renders."""
    settings.PAGE_CACHE_ENTRIES = 0


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
