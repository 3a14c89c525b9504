"""Timings of the public site through the real stack (`manage.py bench_site`).

gunicorn serves the site from this checkout on 127.0.0.1 (2 workers, production settings,
the configuration docs/operations.md gives), the pages are requested over HTTP one after
another, and p50/p95/max are printed per page. With `--datasette`, the same items are
exported to one SQLite table and served by Datasette with the same facets, measured in the
same run on the same filters, and the ratio is printed. The CSV export of 200,000 rows is
timed last, with the peak memory of the gunicorn worker that served it.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from decisions.models import Case

# (name, our URL, Datasette's URL for the same items and facets, or None)
FACETS = "&".join(
    f"_facet{kind}={column}"
    for kind, column in [
        ("", "outcome"),
        ("", "category"),
        ("_array", "specialties"),
        ("_array", "guidelines"),
        ("_array", "sections"),
        ("_array", "states"),
        ("", "year"),
    ]
)
TABLE = "/imr/items?_size=50&_sort_desc=decision_date&" + FACETS
PAGES = [
    ("home", "/", None),
    ("items", "/items/", TABLE),
    (
        "outcome + specialty",
        "/items/?outcome=overturned&specialty=Pain+Management",
        TABLE + "&outcome=overturned&specialties__arraycontains=Pain+Management",
    ),
    (
        "guideline + page",
        "/items/?guideline=mtus-chronic-pain&guideline_page=60",
        TABLE + "&guideline_pages__arraycontains=mtus-chronic-pain:60",
    ),
    (
        "state + year",
        "/items/?state=Texas&year=2016",
        TABLE + "&states__arraycontains=Texas&year=2016",
    ),
    ("full text", "/items/?q=acupuncture", TABLE + "&_search=acupuncture"),
    (
        "phrase",
        "/items/?q=%22trigger+point%22",
        TABLE + "&_search=%22trigger+point%22&_searchmode=raw",
    ),
    ("page 200", "/items/?page=200", None),
    ("guidelines", "/guidelines/", None),
    ("stats", "/stats/", None),
    ("stats, filtered", "/stats/?outcome=overturned&specialty=Pain+Management", None),
]


@dataclass
class Timing:
    name: str
    url: str
    status: int
    times_ms: list[float]

    def percentile(self, share: float) -> float:
        """The nearest rank: the smallest timing that `share` of the timings do not exceed."""
        ordered = sorted(self.times_ms)
        return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def max(self) -> float:
        return max(self.times_ms)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


SERVER_WORKERS, WORKER_THREADS = 2, 4
SERVER_THREADS = SERVER_WORKERS * WORKER_THREADS


def gunicorn_command(
    port: int,
    worker_class: str = "gthread",
    timeout: int = 30,
    workers: int = SERVER_WORKERS,
    threads: int = WORKER_THREADS,
) -> list[str]:
    """The production server as docs/operations.md runs it: threads keep long CSV exports
    alive (a sync worker is killed at the timeout, mid-stream). Two workers of four threads
    by default, as issue 11's benchmark asks; the load benchmark passes the README's."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "imrsite.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        # (gunicorn turns a sync worker with threads into a gthread one)
        f"--threads={threads if worker_class == 'gthread' else 1}",
        f"--timeout={timeout}",
        # Longer than a client waits between clicks: a connection closed as the client
        # reuses it is a reset request.
        "--keep-alive=5",
        "--log-level=warning",
    ]


@contextlib.contextmanager
def serving(command: list[str], port: int, env: dict | None = None, grace: float = 30):
    """The server running for the block; stopped after it, killed if it is still busy
    `grace` seconds after being asked to stop (a load run leaves long requests behind)."""
    process = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env={**os.environ, **(env or {})}, start_new_session=True
    )
    try:
        _wait_for(port, process)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def collect_static() -> None:
    """whitenoise serves the collected, hash-named files with DEBUG off."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **production_env()},
        check=True,
    )


def production_env(page_cache: bool = True) -> dict:
    """The settings a deployment runs with; page_cache=False: every request makes its page
    (decisions/site/page_cache.py), as the first visitor after a write meets it."""
    return {
        "PAGE_CACHE_ENTRIES": os.environ.get("PAGE_CACHE_ENTRIES", "500") if page_cache else "0",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    }


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def time_urls(base: str, pages: list[tuple[str, str]], runs: int, warm_up: int = 1) -> list[Timing]:
    """Each page requested `warm_up` times, then timed `runs` times. A server process's
    first request of a page loads its templates, and each of its threads opens its own
    database connection on its first request (10-20 ms at a million letters): warmed by as
    many requests as the server has threads, every worker has most likely served the page
    once, as a server in use has."""
    timings = []
    for name, path in pages:
        for _ in range(warm_up):
            _get(base + path)
        times, status = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            status, _ = _get(base + path)
            times.append(1000 * (time.perf_counter() - started))
        timings.append(Timing(name, path, status, times))
    return timings


def case_page() -> tuple[str, str]:
    biggest = Case.objects.filter(items__number=5).order_by("pk").first() or Case.objects.first()
    return ("case", biggest.get_absolute_url() if biggest else "/cases/none/")


def _worker_peak_mib(master_pid: int) -> float:
    peaks = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if "VmHWM" in line]
    return max(peaks, default=0.0)


def time_csv(base: str, master_pid: int) -> dict:
    """The whole archive's export read to its end as a client would: rows/s over the
    whole download, the wait for its first bytes, the serving worker's peak memory. (Its
    first 200,000 rows alone, as the benchmark timed before, would measure mostly the wait
    while PostgreSQL sorts the archive before COPY writes its first line.)"""
    before = _worker_peak_mib(master_pid)
    started = time.perf_counter()
    lines, first_bytes = 0, None
    with urllib.request.urlopen(f"{base}/items/?format=csv", timeout=3600) as response:
        for chunk in iter(lambda: response.read(1 << 16), b""):
            lines += chunk.count(b"\n")
            if first_bytes is None and lines > 1:
                first_bytes = time.perf_counter() - started
    seconds = time.perf_counter() - started
    return {
        "rows": lines - 1,
        "seconds": seconds,
        "first_row_seconds": first_bytes,
        "rows_per_second": (lines - 1) / seconds,
        "worker_peak_before_mib": before,
        "worker_peak_after_mib": _worker_peak_mib(master_pid),
    }


def bench(
    runs: int,
    with_datasette: Path | None,
    csv: bool,
    page_cache: bool = False,
    datasette_runs: int | None = None,
) -> dict:
    """Our pages timed `runs` times each; Datasette's `datasette_runs` times (default
    `runs`): its pages take seconds each, ours milliseconds."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    pages = [(name, ours) for name, ours, _ in PAGES] + [case_page()]
    result = {}
    collect_static()
    with serving(gunicorn_command(port), port, production_env(page_cache)) as server:
        result["ours"] = time_urls(base, pages, runs, warm_up=SERVER_THREADS)
        if csv:
            result["csv"] = time_csv(base, server.pid)
    if with_datasette:
        # Datasette names a database after its file.
        theirs = [
            (name, path.replace("/imr/", f"/{with_datasette.stem}/"))
            for name, _, path in PAGES
            if path
        ]
        port = free_port()
        command = [
            str(Path(sys.executable).parent / "datasette"),
            "serve",
            str(with_datasette),
            f"--port={port}",
            "--host=127.0.0.1",
            "--setting",
            "sql_time_limit_ms",
            "20000",
            "--setting",
            "facet_time_limit_ms",
            "20000",
            "--setting",
            "num_sql_threads",
            "2",
        ]
        with serving(command, port):
            result["datasette"] = time_urls(
                f"http://127.0.0.1:{port}", theirs, datasette_runs or runs
            )
    return result


# -- the same items in one SQLite table, for Datasette ----------------------------------

EXPORT_SQL = """
SELECT i.id, c.case_number, c.decision_date::text,
       COALESCE(EXTRACT(year FROM c.decision_date)::int, 0), i.outcome, i.category,
       i.subcategory,
       COALESCE((SELECT json_agg(s.name ORDER BY rs.position) FROM decisions_reviewerspecialty rs
                 JOIN decisions_specialty s ON s.id = rs.specialty_id
                 WHERE rs.reviewer_id = c.reviewer_id), '[]')::text,
       COALESCE((SELECT json_agg(l.state ORDER BY l.position) FROM decisions_reviewerlicense l
                 WHERE l.reviewer_id = c.reviewer_id), '[]')::text,
       COALESCE((SELECT json_agg(DISTINCT g.guideline_id) FROM decisions_guidelinecitation g
                 WHERE g.item_id = i.id), '[]')::text,
       COALESCE((SELECT json_agg(DISTINCT g.guideline_id || ':' || p.page)
                 FROM decisions_guidelinecitation g
                 JOIN decisions_citationpage p ON p.citation_id = g.id
                 WHERE g.item_id = i.id), '[]')::text,
       COALESCE((SELECT json_agg(DISTINCT lower(s.name)) FROM decisions_guidelinecitation g
                 JOIN decisions_citationsection s ON s.citation_id = g.id
                 WHERE g.item_id = i.id), '[]')::text,
       i.description, i.rationale
FROM decisions_disputeditem i JOIN decisions_case c ON c.id = i.case_id
"""
COLUMNS = [
    "id INTEGER PRIMARY KEY",
    "case_number TEXT",
    "decision_date TEXT",
    "year INTEGER",
    "outcome TEXT",
    "category TEXT",
    "subcategory TEXT",
    "specialties TEXT",
    "states TEXT",
    "guidelines TEXT",
    "guideline_pages TEXT",
    "sections TEXT",
    "description TEXT",
    "rationale TEXT",
]


def export_for_datasette(path: Path) -> int:
    """Every item as a row of `items` in a new SQLite file at `path`, with a full-text
    index on description and rationale and indexes on the filtered columns."""
    if connection.vendor != "postgresql":
        raise ValueError("the Datasette export reads PostgreSQL")
    path.unlink(missing_ok=True)
    target = sqlite3.connect(path)
    target.execute(f"CREATE TABLE items ({', '.join(COLUMNS)})")
    marks = ", ".join("?" * len(COLUMNS))
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.connection.cursor(name="datasette_export") as named:
            named.itersize = 20_000
            named.execute(EXPORT_SQL)
            while batch := named.fetchmany(20_000):
                target.executemany(f"INSERT INTO items VALUES ({marks})", batch)
                rows += len(batch)
    for column in ["decision_date", "outcome", "category", "year"]:
        target.execute(f"CREATE INDEX items_{column} ON items ({column})")
    target.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5(description, rationale, "
        "content='items', content_rowid='id')"
    )
    target.execute("INSERT INTO items_fts (rowid, description, rationale) "
                   "SELECT id, description, rationale FROM items")  # fmt: skip
    target.commit()
    target.close()
    return rows
