"""The ingest run lock: one `ingest_letters` run writes to the archive at a time.

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a fixed key, held on
the run's connection; the server drops it if the process dies. SQLite: an exclusive `flock`
on a file next to the database file; the kernel drops it if the process dies.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

# "IMR" in ASCII, then 1: the advisory lock key of ingest_letters. Nothing else uses it.
ADVISORY_LOCK_KEY = 0x494D5201


class LockHeld(Exception):
    """Another ingest run holds the lock."""


@contextmanager
def ingest_lock(using: str = "default"):
    """Hold the ingest lock for the duration of the block, or raise LockHeld at once."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with _advisory_lock(connection):
            yield
    else:
        with _file_lock(lock_file_path(connection)):
            yield


@contextmanager
def _advisory_lock(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise LockHeld(
            "another ingest_letters run holds the lock "
            f"(PostgreSQL advisory lock {ADVISORY_LOCK_KEY} on database "
            f"{connection.settings_dict['NAME']!r}); try again when it has finished"
        )
    try:
        yield
    finally:
        if connection.connection is not None:  # a lost connection has released it already
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])


def lock_file_path(connection) -> Path:
    """`<database file>.ingest.lock`; for an in-memory database, a file in the temp dir.

    An in-memory database (the tests') belongs to one process, so its lock file does too.
    """
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        return Path(tempfile.gettempdir()) / f"imr-ingest-{os.getpid()}-{safe}.ingest.lock"
    return Path(name + ".ingest.lock")


@contextmanager
def _file_lock(path: Path):
    # flock, not lockf: flock locks belong to the open file, so a second open in the same
    # process conflicts too, as it would from another process.
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeld(
                f"another ingest_letters run holds the lock (lock file {path}); "
                "try again when it has finished"
            ) from None
        yield
    finally:
        handle.close()  # closing releases the flock
