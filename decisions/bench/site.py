"""Timings of the public site's pages on the current database (`manage.py bench_site`).

Each page is requested through Django's test client (no network, no server), several
times; the median wall time and the number of SQL queries are reported. The CSV export of
every item is streamed to nowhere, and the process's peak memory is read before and after:
a streamed export should not raise it by more than a chunk's worth.
"""

import resource
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.models import Case

PAGES = [
    "/",
    "/items/",
    "/items/?guideline=mtus-chronic-pain&guideline_page=60",
    "/items/?specialty=Pain+Management&outcome=overturned",
    "/items/?q=massage",
    "/items/?q=%22trigger+point%22+-acupuncture",
    "/items/?year=2016&state=Texas&format=json",
    "/items/?page_size=500",
    "/guidelines/",
    "/stats/",
]


def pages() -> list[str]:
    """PAGES and the case page of the case with the most items (when there is a case)."""
    biggest = Case.objects.annotate(item_count=Count("items")).order_by("-item_count", "pk")
    case = biggest.first()
    return PAGES + ([case.get_absolute_url()] if case else [])


@dataclass
class PageTiming:
    url: str
    status: int
    median_ms: float
    queries: int


@dataclass
class ExportTiming:
    rows: int
    seconds: float
    peak_rss_before_mib: float
    peak_rss_after_mib: float


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_pages(runs: int = 3) -> list[PageTiming]:
    client = Client(HTTP_HOST="localhost")
    timings = []
    for url in pages():
        durations = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                durations.append(time.perf_counter() - started)
        ms = 1000 * statistics.median(durations)
        timings.append(PageTiming(url, response.status_code, ms, len(queries)))
    return timings


def time_csv_export(query: str = "") -> ExportTiming:
    client = Client(HTTP_HOST="localhost")
    before = _peak_rss_mib()
    started = time.perf_counter()
    response = client.get(f"/items/?format=csv&{query}")
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    return ExportTiming(rows, time.perf_counter() - started, before, _peak_rss_mib())
