"""Two runs at once: the second is refused by the run lock, with a clear message and status 3."""

import threading
from contextlib import contextmanager

import pytest
from django.db import connections

from decisions.ingest.locking import LockHeld, ingest_lock
from decisions.models import Case, IngestRun
from tests.actions import ingest
from tests.paths import FIXTURE_COUNT

# The lock holder runs in a thread with its own database connection (a PostgreSQL advisory
# lock is per session), so these tests cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def lock_held_by_another_run():
    held, release = threading.Event(), threading.Event()
    errors = []

    def hold():
        try:
            with ingest_lock():
                held.set()
                release.wait(30)
        except Exception as error:
            errors.append(error)
            held.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    try:
        assert not errors, errors
        yield
    finally:
        release.set()
        holder.join(30)


def test_the_lock_refuses_a_second_holder_until_the_first_lets_go():
    with lock_held_by_another_run():
        with pytest.raises(LockHeld, match="another ingest_letters run holds the lock"):
            with ingest_lock():
                pass
    with ingest_lock():  # free again
        pass


def test_a_second_run_is_refused_with_status_3_and_writes_nothing(letters_dir):
    with lock_held_by_another_run():
        result = ingest(letters_dir)
    assert result.status == 3
    assert "another ingest_letters run holds the lock" in result.stderr
    assert Case.objects.count() == 0 and IngestRun.objects.count() == 0
    after = ingest(letters_dir)
    assert after.status == 0
    assert after.closing_line == f"created {FIXTURE_COUNT}, updated 0, unchanged 0, failed 0"


def test_a_dry_run_needs_no_lock(letters_dir):
    with lock_held_by_another_run():
        result = ingest("--dry-run", letters_dir)
    assert result.status == 0
