import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT


def run_python(arguments: list[str], env_overrides: dict) -> subprocess.CompletedProcess:
    """Python run in the checkout, with the settings' variables only as given."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "SECRET_KEY"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )


def run_check(env_overrides: dict) -> subprocess.CompletedProcess:
    return run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env_overrides)


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 60 + "-prod-key-for-the-test-only"}


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """A STATIC_ROOT that collectstatic has filled (with its manifest)."""
    root = tmp_path_factory.mktemp("static")
    result = run_python(
        ["manage.py", "collectstatic", "--noinput"], PRODUCTION | {"STATIC_ROOT": str(root)}
    )
    assert result.returncode == 0, result.stderr
    return root


def test_production_settings_pass_check_deploy(collected):
    result = run_check(PRODUCTION | {"STATIC_ROOT": str(collected)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_collectstatic_fails_at_start_up_not_on_every_page(collected, tmp_path):
    empty = {"STATIC_ROOT": str(tmp_path)}
    check = run_check(PRODUCTION | empty)
    assert check.returncode != 0
    assert "imrsite.E001" in check.stderr and "collectstatic" in check.stderr
    # The WSGI entry point, as gunicorn loads it, refuses to start ...
    started = run_python(["-c", "import imrsite.wsgi"], PRODUCTION | empty)
    assert started.returncode != 0
    assert "staticfiles.json is missing: run `python manage.py collectstatic" in started.stderr
    # ... and starts once collectstatic has run.
    started = run_python(
        ["-c", "import imrsite.wsgi"], PRODUCTION | {"STATIC_ROOT": str(collected)}
    )
    assert started.returncode == 0, started.stderr


def test_the_wsgi_application_keeps_what_start_up_loaded_out_of_full_collections(collected):
    """gunicorn's workers load imrsite.wsgi: the objects it loaded are frozen (gc.freeze),
    so that a full collection does not walk them again during a request."""
    started = run_python(
        ["-c", "import gc, imrsite.wsgi; print(gc.get_freeze_count())"],
        PRODUCTION | {"STATIC_ROOT": str(collected)},
    )
    assert started.returncode == 0, started.stderr
    assert int(started.stdout.split()[-1]) > 50_000


def test_https_0_turns_off_redirect_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    env.update(
        {
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "y" * 60,
            "DJANGO_SETTINGS_MODULE": "imrsite.settings",
        }
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django;django.setup();" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["False", "False", "0"]


def test_production_refuses_to_start_without_secret_key():
    result = run_check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """The pages' queries are too short to win back JIT compiling (imrsite/settings.py)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.parametrize("entries, expected", [(None, "500 500"), ("0", "0 1"), ("40", "40 40")])
def test_page_cache_entries_come_from_the_environment(entries, expected):
    """PAGE_CACHE_ENTRIES: how many pages a process keeps (decisions/site/page_cache.py);
    0 keeps none (the cache's own bound stays valid)."""
    code = (
        "from django.conf import settings as s;"
        "print(s.PAGE_CACHE_ENTRIES, s.CACHES['pages']['OPTIONS']['MAX_ENTRIES'])"
    )
    env = {} if entries is None else {"PAGE_CACHE_ENTRIES": entries}
    result = run_python(
        ["-c", "import django;django.setup();" + code],
        {"DJANGO_SETTINGS_MODULE": "imrsite.settings", **env},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected.split()
