"""`manage.py bench_site`: median time and queries of the public pages, and the CSV export."""

from django.core.management.base import BaseCommand

from decisions.bench.site import time_csv_export, time_pages


class Command(BaseCommand):
    help = "Time the public site's pages and the full CSV export on the current database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3, help="requests per page (median)")
        parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")

    def handle(self, *args, runs, no_csv, **options):
        self.stdout.write("| page | status | median ms | queries |\n| --- | ---: | ---: | ---: |")
        for page in time_pages(runs):
            self.stdout.write(
                f"| `{page.url}` | {page.status} | {page.median_ms:,.0f} | {page.queries} |"
            )
        if not no_csv:
            export = time_csv_export()
            rate = export.rows / export.seconds
            self.stdout.write(
                f"\nCSV export: {export.rows:,} rows in {export.seconds:.1f} s "
                f"({rate:,.0f} rows/s); peak RSS {export.peak_rss_before_mib:.0f} MiB "
                f"before the export, {export.peak_rss_after_mib:.0f} MiB after"
            )
