"""`manage.py bench_load`: simulated analysts through gunicorn (locust), p50/p95 and req/s."""

from django.core.management.base import BaseCommand

from decisions.bench.load import run_load


class Command(BaseCommand):
    help = (
        "Run locust's simulated analysts (decisions/bench/locustfile.py: 0.5-2 s between "
        "clicks) against gunicorn on the configured database; print requests, failures, "
        "requests/s and p50/p95 per kind of request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=120)
        parser.add_argument("--spawn-rate", type=int, default=10, help="users started a second")
        parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
        parser.add_argument("--threads", type=int, default=2, help="threads a worker")
        parser.add_argument(
            "--no-page-cache", action="store_true", help="every request makes its page"
        )

    def handle(self, *args, users, seconds, spawn_rate, workers, threads, **options):
        page_cache = not options["no_page_cache"]
        rows = run_load(users, seconds, spawn_rate, workers, threads, page_cache)
        self.stdout.write(
            "| request | count | failures | req/s | p50 ms | p95 ms |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: |"
        )
        for row in rows:
            name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
            self.stdout.write(
                f"| {row['Type']} {name} | {row['Request Count']} | {row['Failure Count']} | "
                f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} |"
            )
