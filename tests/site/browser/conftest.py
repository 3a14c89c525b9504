"""Playwright driving Debian's chromium against pytest-django's live_server.

Playwright cannot download its own browsers here, so the tests launch /usr/bin/chromium
(`apt-get install chromium`; `.ci/run` installs it; CHROMIUM_PATH names another binary).
Without it they skip, except in CI (CI=true), where a missing browser fails the run.
"""

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.builders import ingest_fixture_letters

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="package")
def browser():
    """One chromium for the browser tests, closed after the last of them."""
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"{CHROMIUM} is missing in CI: `apt-get install chromium` (.ci/run does)")
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install chromium` to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django's ORM refuses to
    # run beside one. Only while these tests run: `check --deploy` (tests/test_settings.py)
    # rightly fails when the variable is set.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def archive(transactional_db):
    """The fixture letters, committed: the live server's thread must see them."""
    ingest_fixture_letters()


@contextmanager
def checked_page(browser, live_server, viewport):
    """A page that may only reach the live server (the site must work offline); on leaving,
    no JavaScript error may have happened, no request gone elsewhere, and nothing been
    refused by the Content Security Policy."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(10_000)
    server = urlsplit(live_server.url).netloc
    outside, js_errors, refused = [], [], []

    def only_the_live_server(route):
        if urlsplit(route.request.url).netloc == server:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    # Chromium reports what the policy blocks on the console: "Refused to execute ...".
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )
    try:
        yield page
    finally:
        context.close()
    assert js_errors == [], "JavaScript errors on the page"
    assert refused == [], "the Content Security Policy refused something"
    assert outside == [], "requests left the live server"


@pytest.fixture
def page(browser, live_server):
    with checked_page(browser, live_server, DESKTOP) as desktop_page:
        yield desktop_page


@pytest.fixture
def phone_page(browser, live_server):
    with checked_page(browser, live_server, PHONE) as small_page:
        yield small_page
