"""`manage.py generate_corpus --letters N --seed S`: a synthetic archive for the benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from decisions.bench.corpus import generate_corpus
from decisions.summaries import rebuild_summaries


class Command(BaseCommand):
    help = (
        "Write N synthetic letters (proportions of the real ones) straight into the "
        "configured database, for the benchmarks; the same seed gives the same archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--letters", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000, help="letters a transaction")

    def handle(self, *args, letters, seed, batch, **options):
        if letters < 1:
            raise CommandError("--letters must be 1 or more")
        started = time.monotonic()

        def progress(counts):
            if options["verbosity"] > 1:
                self.stdout.write(f"{counts.cases:,} letters, {time.monotonic() - started:.0f} s")

        try:
            counts = generate_corpus(letters, seed, batch=batch, progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        loaded = time.monotonic() - started
        rebuild_summaries()
        self.stdout.write(
            f"{counts.cases:,} letters, {counts.items:,} items, {counts.citations:,} citations, "
            f"{counts.pages:,} pages, {counts.sections:,} sections, {counts.reviewers:,} "
            f"reviewer profiles in {loaded:.0f} s; summaries and statistics "
            f"{time.monotonic() - started - loaded:.0f} s"
        )
