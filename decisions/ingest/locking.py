"""The ingest locks: one `ingest_letters` run writes to the archive at a time, or several
shards of one back-fill (`--shard K/N`) together, each letter written by one at a time.

PostgreSQL: session-level advisory locks held on the run's connection, which the server
drops if the process dies. A plain run holds the run key alone; a shard holds it shared
(with the other shards, never with a plain run) and its own shard key alone. While a batch
is written, transaction-level advisory locks on each letter's identity (its bytes' sha256,
its case number or path) make two shards that meet the same letter take turns.
SQLite: an exclusive `flock` on a file next to the database file, which the kernel drops if
the process dies; SQLite has one writer at a time anyway, so shards run one after another.
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
SHARD_LOCKS = 0x494D5202  # (this, K): shard K of a back-fill
LETTER_LOCKS = 0x494D5203  # (this, hash of a letter's identity): a letter being written


class LockHeld(Exception):
    """Another ingest run holds the lock."""


@contextmanager
def ingest_lock(using: str = "default", shard: tuple[int, int] | None = None):
    """Hold the ingest lock for the duration of the block, or raise LockHeld at once.

    `shard` (K, N): this run is shard K of N, which may run beside the other shards."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with _file_lock(lock_file_path(connection)):
            yield
    elif shard is None:
        with _advisory_lock(connection, [ADVISORY_LOCK_KEY], "another ingest_letters run"):
            yield
    else:
        with (
            _advisory_lock(connection, [ADVISORY_LOCK_KEY], "a run that is not a shard", True),
            _advisory_lock(connection, [SHARD_LOCKS, shard[0]], f"another run of shard {shard[0]}"),
        ):
            yield


@contextmanager
def _advisory_lock(connection, key: list[int], holder: str, shared: bool = False):
    kind = "_shared" if shared else ""
    marks = ", ".join(["%s"] * len(key))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_try_advisory_lock{kind}({marks})", key)
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise LockHeld(
            f"{holder} holds the lock (PostgreSQL advisory lock {tuple(key)} on database "
            f"{connection.settings_dict['NAME']!r}); try again when it has finished"
        )
    try:
        yield
    finally:
        if connection.connection is not None:  # a lost connection has released it already
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT pg_advisory_unlock{kind}({marks})", key)


def lock_letters(identities, using: str = "default") -> None:
    """Inside a transaction: wait until no other writer holds any of these letters, and hold
    them until the transaction ends (PostgreSQL; SQLite's writers take turns anyway)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not identities:
        return
    with connection.cursor() as cursor:
        # One order for every writer (the sorted hashes): two shards cannot deadlock.
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, key)) FROM "
            "(SELECT DISTINCT hashtext(identity) AS key FROM unnest(%s::text[]) AS identity "
            "ORDER BY key OFFSET 0) AS keys",
            [LETTER_LOCKS, sorted(set(identities))],
        )


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
