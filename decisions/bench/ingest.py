"""`bench_ingest`: how fast `ingest_letters` fills an empty archive, and the memory it takes.

It runs the real ingest (the same function as the command) against a scratch database made
like a test database: `<NAME>_bench` on PostgreSQL, a temporary file on SQLite. The
configured database is never touched.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from decisions.ingest.run import ingest_letters

FIXTURE_LETTERS = Path(settings.BASE_DIR) / "fixtures" / "letters"


@dataclass
class Measure:
    label: str
    letters: int
    seconds: float
    cpu: dict[str, float]  # CPU seconds by process: ingest, parse workers, database server
    failed: int

    def line(self) -> str:
        rate = self.letters / self.seconds if self.seconds else 0
        cpu = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.cpu.items())
        per_letter = sum(self.cpu.values()) / self.letters * 1000 if self.letters else 0
        return (
            f"{self.label}: {self.letters} letters in {self.seconds:.1f} s = {rate:.0f} "
            f"letters/s; CPU {cpu} ({per_letter:.1f} ms a letter)"
            + (f"; {self.failed} failed" if self.failed else "")
        )


def write_text_copies(directory: Path, copies: int) -> int:
    """`copies` copies of every fixture letter, each a different letter to the archive.

    A copy of a letter with a case number gets a case number of its own; a copy of a seed
    (identified by its path) gets trailing spaces, which the parser ignores, so its bytes
    differ. Returns the number of files written.
    """
    letters = sorted(FIXTURE_LETTERS.glob("*.txt"))
    for copy in range(copies):
        for number, letter in enumerate(letters):
            text = letter.read_text()
            parsed_number = _case_number_in_name(letter)
            if parsed_number:
                text = text.replace(parsed_number, f"CM99-{copy * 10 + number:07d}")
            else:
                text += "\n" + " " * (copy + 1)
            (directory / f"{copy:05d}-{letter.name}").write_text(text)
    return copies * len(letters)


def _case_number_in_name(letter: Path) -> str | None:
    stem = letter.stem
    return stem.split("-", 1)[1] if stem.startswith("invented-") else None


@contextmanager
def scratch_database():
    """Point the default connection at a new, migrated scratch database; drop it after."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    with tempfile.TemporaryDirectory() as scratch_dir:
        if connection.vendor == "sqlite":
            test_settings["NAME"] = os.path.join(scratch_dir, "bench.sqlite3")
        else:
            test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench"
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            yield connection.settings_dict["NAME"]
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def empty_archive() -> None:
    call_command("flush", interactive=False, verbosity=0)


def cpu_seconds() -> dict[str, float]:
    """CPU used so far by this process, its finished children and the database server."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = {
        "ingest": own.ru_utime + own.ru_stime,
        "parse workers": children.ru_utime + children.ru_stime,
    }
    server = database_server_cpu()
    if server is not None:
        used["database server"] = server
    return used


def database_server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None  # SQLite works inside this process: its CPU is the ingest's
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(label: str, paths: list[str], workers: int, letters: int) -> Measure:
    before = cpu_seconds()
    started = time.perf_counter()
    summary = ingest_letters(paths, workers=workers)
    seconds = time.perf_counter() - started
    after = cpu_seconds()
    cpu = {name: after[name] - before[name] for name in after if name in before}
    if workers <= 1:
        cpu.pop("parse workers")
    return Measure(label, letters, seconds, cpu, summary.failed)


def peak_rss_mb() -> tuple[float, float]:
    """(this process's peak RSS, the largest finished child's), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def run_benchmark(
    *, copies: int, pdf_rounds: int, workers: int, real_letters: Path, say: Callable[[str], None]
) -> None:
    pdfs = sorted(real_letters.glob("*.pdf")) if real_letters.is_dir() else []
    with scratch_database() as name, tempfile.TemporaryDirectory() as text_dir:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        say(
            f"database: {connection.vendor} (scratch {name}), workers {workers}, "
            f"{os.cpu_count()} cores, load average {load}"
        )
        count = write_text_copies(Path(text_dir), copies)
        say(measure(f"text ({copies} copies of the fixtures)", [text_dir], workers, count).line())
        if not pdfs:
            say(f"pdf: skipped, no real letters in {real_letters}")
        for round_number in range(1, pdf_rounds + 1 if pdfs else 1):
            empty_archive()
            label = f"pdf (round {round_number}, the real letters)"
            say(measure(label, [str(real_letters)], workers, len(pdfs)).line())
        own, child = peak_rss_mb()
        say(f"peak RSS: {own:.0f} MB this process, {child:.0f} MB largest worker")
