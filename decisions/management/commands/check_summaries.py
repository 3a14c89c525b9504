"""`manage.py check_summaries [--rebuild]`: compare the Tally rows and the per-item rows
(ItemExportText, ItemCitedKeys) with a fresh count and reading."""

import sys

from django.core.management.base import BaseCommand

from decisions.summaries import differences, rebuild_summaries


class Command(BaseCommand):
    help = (
        "Count the archive afresh and compare with the Tally rows the pages read (and the "
        "export's rows with a fresh reading); exit 1 when they differ. --rebuild writes "
        "them afresh instead (after a bulk load)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="replace the rows")

    def handle(self, *args, rebuild, **options):
        if rebuild:
            rebuild_summaries()
            self.stdout.write("Tally rows and export rows rebuilt")
            return
        wrong = differences()
        for key, (kept, fresh) in sorted(wrong.items(), key=repr)[:50]:
            self.stdout.write(f"{key}: kept {kept}, counted {fresh}")
        self.stdout.write(f"{len(wrong)} rows differ from a fresh count")
        if wrong:
            sys.exit(1)
