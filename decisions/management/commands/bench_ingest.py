"""`manage.py bench_ingest`: letters/s and peak memory of ingest_letters on a scratch database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from decisions.bench.ingest import run_benchmark


class Command(BaseCommand):
    help = (
        "Ingest N copies of the fixture letters (text) and the real PDFs into a scratch "
        "database (<NAME>_bench, or a temporary SQLite file) and print letters/s and peak RSS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--copies", type=int, default=250, help="copies of each fixture")
        parser.add_argument("--pdf-rounds", type=int, default=3, help="times to load the PDFs")
        parser.add_argument("--workers", type=int, default=1, help="parse processes")
        parser.add_argument(
            "--real-letters", default=str(settings.REAL_LETTERS_DIR), help="PDF directory"
        )

    def handle(self, *args, copies, pdf_rounds, workers, real_letters, **options):
        run_benchmark(
            copies=copies,
            pdf_rounds=pdf_rounds,
            workers=workers,
            real_letters=Path(real_letters),
            say=self.stdout.write,
        )
