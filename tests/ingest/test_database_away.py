"""PostgreSQL stopped in the middle of an ingest: a one-line error and exit status 4, no
letter half-written, and the next run finishes the job. On a throwaway cluster."""

import os
import random
import subprocess
import sys

import psycopg
import pytest

from tests.builders import ThrowawayPostgres, postgres_bin
from tests.letter_generator import random_letter
from tests.paths import ROOT

pytestmark = pytest.mark.skipif(postgres_bin() is None, reason="needs PostgreSQL's initdb")

LETTERS = 300


@pytest.fixture
def server():
    cluster = ThrowawayPostgres()
    cluster.start()
    yield cluster
    cluster.remove()


def manage(url: str, *args: str, **popen) -> subprocess.Popen:
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "imrsite.settings"}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def letters(folder) -> int:
    """LETTERS random letters with distinct case numbers; returns their items in all."""
    rng, numbers, items = random.Random(7), set(), 0
    while len(numbers) < LETTERS:
        letter = random_letter(rng, "2016-header")
        if letter.expected["case_number"] in numbers:
            continue
        numbers.add(letter.expected["case_number"])
        items += len(letter.expected["items"])
        (folder / f"{letter.expected['case_number']}.txt").write_text(letter.text)
    return items


def test_the_server_stopped_mid_ingest_then_the_next_run_finishes(server, tmp_path):
    items = letters(tmp_path)
    migrate = manage(server.url, "migrate", "--noinput")
    assert migrate.wait() == 0, migrate.stderr.read()

    run = manage(server.url, "ingest_letters", str(tmp_path))
    for _ in range(100):  # let it write some letters, then take the server away
        assert run.stdout.readline().startswith("created")
    server.stop("immediate")
    out, err = run.communicate(timeout=60)
    assert run.returncode == 4
    assert "Traceback" not in err
    message = err.strip().splitlines()
    assert len(message) == 1
    assert message[0].startswith("CommandError: the database could not be reached or went away")
    assert "run again to finish" in message[0]

    server.start()
    again = manage(server.url, "ingest_letters", "--quiet", str(tmp_path))
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    created = int(out.split("created ")[1].split(",")[0])
    assert 0 < created <= LETTERS - 100
    assert f"unchanged {LETTERS - created}, failed 0" in out
    with psycopg.connect(server.url.replace("postgres://", "postgresql://")) as database:
        cases, stored_items = database.execute(
            "SELECT count(DISTINCT c.id), count(i.id) FROM decisions_case c"
            " JOIN decisions_disputeditem i ON i.case_id = c.id"
        ).fetchone()
    # Every letter whole: all its items, none twice.
    assert (cases, stored_items) == (LETTERS, items)
