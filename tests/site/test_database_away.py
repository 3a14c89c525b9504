"""The site while PostgreSQL stops and starts again: a plain 503 page, then, once the
server is back, the pages again with no restart. gunicorn on a throwaway cluster."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from decisions.bench.site import free_port
from tests.builders import ThrowawayPostgres, postgres_bin
from tests.paths import ROOT

pytestmark = pytest.mark.skipif(postgres_bin() is None, reason="needs PostgreSQL's initdb")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def site(tmp_path):
    server = ThrowawayPostgres()
    server.start()
    env = os.environ | {
        "DATABASE_URL": server.url,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "s" * 60,
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "imrsite.settings",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "imrsite.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    yield server, base
    gunicorn.terminate()
    gunicorn.wait(timeout=10)
    server.remove()


def test_a_plain_503_while_the_database_is_away_then_the_pages_again(site):
    server, base = site
    assert get(base + "/items/")[0] == 200

    server.stop("immediate")
    for path in ("/", "/items/?outcome=upheld", "/stats/", "/cases/CM16-0000001/"):
        status, body = get(base + path)
        assert status == 503, path
        assert "The archive is unavailable for a moment" in body
        assert "Traceback" not in body and "OperationalError" not in body

    server.start()
    status, body = get(base + "/items/")
    assert status == 200
    assert get(base + "/")[0] == 200
