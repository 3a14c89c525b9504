"""`manage.py bench_site`: the public pages through gunicorn, p50/p95/max, beside Datasette."""

from pathlib import Path

from django.core.management.base import BaseCommand

from decisions.bench.site import bench, export_for_datasette


class Command(BaseCommand):
    help = (
        "Time the public pages through gunicorn (2 workers, production settings) on the "
        "configured database, and the CSV export; with --datasette FILE, the same items "
        "served by Datasette in the same run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="requests per page")
        parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")
        parser.add_argument("--datasette", type=Path, help="the SQLite file Datasette serves")
        parser.add_argument(
            "--datasette-runs",
            type=int,
            help="requests per Datasette page (default: --runs); its pages take seconds",
        )
        parser.add_argument(
            "--export", action="store_true", help="(re)write the --datasette file first"
        )
        parser.add_argument(
            "--page-cache",
            action="store_true",
            help="keep pages as a deployment does (every run after a page's first is then a "
            "kept page); without it each request makes its page",
        )

    def handle(self, *args, runs, no_csv, datasette, datasette_runs, export, page_cache, **options):
        if datasette and (export or not datasette.exists()):
            self.stdout.write(f"exported {export_for_datasette(datasette):,} items to {datasette}")
        result = bench(
            runs, datasette, csv=not no_csv, page_cache=page_cache, datasette_runs=datasette_runs
        )
        theirs = {timing.name: timing for timing in result.get("datasette", [])}
        self.stdout.write(
            "Pages kept between requests (PAGE_CACHE_ENTRIES)"
            if page_cache
            else "Every request makes its page (PAGE_CACHE_ENTRIES=0)"
        )
        self.stdout.write(
            "| page | status | p50 ms | p95 ms | max ms | Datasette p95 ms | ratio |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        )
        for timing in result["ours"]:
            other = theirs.get(timing.name)
            compared = (
                f"{other.p95:,.0f} | {other.p95 / timing.p95:.1f}x" if other else "| "
            ).rstrip()
            self.stdout.write(
                f"| {timing.name} `{timing.url}` | {timing.status} | {timing.p50:,.0f} | "
                f"{timing.p95:,.0f} | {timing.max:,.0f} | {compared} |"
            )
        if "csv" in result:
            csv = result["csv"]
            self.stdout.write(
                f"\nCSV export: {csv['rows']:,} rows in {csv['seconds']:.1f} s "
                f"({csv['rows_per_second']:,.0f} rows/s; first row after "
                f"{csv['first_row_seconds']:.1f} s); serving worker's peak memory "
                f"{csv['worker_peak_before_mib']:.0f} MiB before, "
                f"{csv['worker_peak_after_mib']:.0f} MiB after"
            )
