"""`manage.py check_summaries [--rebuild]`: compare the Tally rows with a fresh count."""

import sys

from django.core.management.base import BaseCommand

from decisions.summaries import differences, rebuild_summaries


class Command(BaseCommand):
    help = (
        "Count the archive afresh and compare with the Tally rows the pages read; exit 1 "
        "when they differ. --rebuild writes the fresh count instead (after a bulk load)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="replace the rows")

    def handle(self, *args, rebuild, **options):
        if rebuild:
            rebuild_summaries()
            self.stdout.write("Tally rows rebuilt")
            return
        wrong = differences()
        for key, (kept, fresh) in sorted(wrong.items(), key=repr)[:50]:
            self.stdout.write(f"{key}: kept {kept}, counted {fresh}")
        self.stdout.write(f"{len(wrong)} Tally rows differ from a fresh count")
        if wrong:
            sys.exit(1)
