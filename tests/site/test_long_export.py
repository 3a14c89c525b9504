"""A CSV export that outlasts gunicorn's worker timeout still arrives whole, with the
server as the README runs it (threaded workers). A sync worker, killed at the timeout,
cuts the same export short: the test would see it."""

import csv
import http.client
import io
import os
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from decisions.bench.site import free_port, gunicorn_command, serving
from tests.paths import ROOT

LETTERS = 8000  # some 17,000 items, about 12 MB of CSV: more than the sockets buffer
SLOW_READ_BYTES, SLOW_READ_PAUSE = 65_536, 0.02  # an analyst on a slow line


@pytest.fixture(scope="module")
def archive_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long-export")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / 'archive.sqlite3'}",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "e" * 60,
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "imrsite.settings",
    }
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["generate_corpus", f"--letters={LETTERS}", "--seed=3"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
    with sqlite3.connect(folder / "archive.sqlite3") as database:
        (items,) = database.execute("SELECT count(*) FROM decisions_disputeditem").fetchone()
    return env, items


class SmallWindowConnection(http.client.HTTPConnection):
    """A client with a small receive buffer (no kernel autotuning), as over a long line:
    the server cannot hand the whole export to the kernel at once and must keep writing."""

    def connect(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65_536)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def slow_export(port: int) -> tuple[int, bytes, bool]:
    """(status, body, whether it ended properly), read slowly over several seconds."""
    connection = SmallWindowConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/items/?format=csv")
    response = connection.getresponse()
    body, complete = b"", True
    try:
        while chunk := response.read(SLOW_READ_BYTES):
            body += chunk
            time.sleep(SLOW_READ_PAUSE)
    except (http.client.IncompleteRead, ConnectionError) as error:
        complete = False
        body += getattr(error, "partial", b"")
    return response.status, body, complete


@pytest.mark.parametrize("worker_class", ["gthread", "sync"])
def test_an_export_longer_than_the_worker_timeout(archive_env, worker_class):
    archive_env, items = archive_env
    port = free_port()
    command = gunicorn_command(port, worker_class=worker_class, timeout=1)
    with serving(command, port, archive_env):
        started = time.monotonic()
        status, body, complete = slow_export(port)
        took = time.monotonic() - started
    rows = len(list(csv.reader(io.StringIO(body.decode(errors="replace"))))) - 1  # less the header
    assert status == 200
    if worker_class == "gthread":
        assert took > 3  # well past the 1 s timeout
        assert complete
        assert rows == items
    else:
        assert not complete or rows < items, "the sync worker was expected to be cut short"
