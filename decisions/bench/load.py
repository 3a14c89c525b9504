"""Load: locust's simulated analysts (locustfile.py) against gunicorn, as bench_site serves.

Prints the requests, failures, requests/s and the p50/p95 of all requests and of each kind.
"""

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from decisions.bench.site import (
    collect_static,
    free_port,
    gunicorn_command,
    production_env,
    serving,
)

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run_load(
    users: int,
    seconds: int,
    spawn_rate: int,
    workers: int = 5,
    threads: int = 2,
    page_cache: bool = True,
) -> list[dict]:
    """Rows of locust's statistics: one per request kind, the last "Aggregated". The server
    runs as the README deploys it: five workers of two threads on two cores (gunicorn's
    2 x cores + 1; with two workers the Python of the pages queued behind one another)."""
    port = free_port()
    collect_static()
    command = gunicorn_command(port, workers=workers, threads=threads)
    with tempfile.TemporaryDirectory() as directory:
        prefix = Path(directory) / "load"
        with serving(command, port, production_env(page_cache)):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    f"--users={users}",
                    f"--spawn-rate={spawn_rate}",
                    f"--run-time={seconds}s",
                    f"--host=http://127.0.0.1:{port}",
                    f"--csv={prefix}",
                    "--only-summary",
                    "--loglevel=WARNING",
                ],  # fmt: skip
                cwd=settings.BASE_DIR,
                check=False,  # locust exits 1 when a request failed: the figures say which
            )
        with open(f"{prefix}_stats.csv", newline="") as handle:
            return list(csv.DictReader(handle))
