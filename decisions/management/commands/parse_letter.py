"""Print letters as `imr-letter/1` JSON Lines (see docs/letter-json.md); changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from decisions.parsing.batch import json_line, letter_files, letter_json


class Command(BaseCommand):
    help = (
        "Parse IMR letters (PDF or text; directories are walked for *.pdf and *.txt) and "
        "print one JSON object per letter. Exits 1 when any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="letter files or directories")

    def handle(self, *args, **options):
        failed = 0
        for path in letter_files(options["paths"]):
            obj, parsed = letter_json(path)
            self.stdout.write(json_line(obj))
            failed += not parsed
        if failed:
            raise CommandError(f"{failed} file(s) could not be parsed", returncode=1)
