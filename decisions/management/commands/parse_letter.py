"""Print letters as `imr-letter/1` JSON Lines (see docs/letter-json.md); changes nothing.

Exit status: 0 every file parsed, 1 some files failed (their lines hold "error"), 2 bad usage.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from decisions.ingest.files import MissingPaths, check_arguments, iter_letter_files, letter_json

EXIT_FAILED = 1
EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Parse IMR letters (PDF or text files, directories walked recursively for *.pdf and "
        "*.txt, glob patterns) and print one JSON object per letter. Exit status: 0 ok, "
        "1 some files failed, 2 bad usage."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, directories or glob patterns")

    def handle(self, *args, paths, **options):
        try:
            check_arguments(paths)
        except MissingPaths as error:
            raise CommandError(str(error), returncode=EXIT_USAGE) from None
        failed = 0
        for path in iter_letter_files(paths):
            obj, parsed = letter_json(path)
            self.stdout.write(json.dumps(obj, ensure_ascii=False))
            failed += not parsed
        if failed:
            raise CommandError(f"{failed} file(s) could not be parsed", returncode=EXIT_FAILED)
