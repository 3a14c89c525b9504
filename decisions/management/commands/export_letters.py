"""`manage.py export_letters --jsonl`: every case (or those matching) as imr-letter/1 JSON Lines.

Exit status: 0 done, 1 the output cannot be written or --case-number matches no case.
"""

import datetime as dt
import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from decisions.ingest.export import cases_to_export, iter_letter_dicts


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since wants a date as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Write cases in the imr-letter/1 shape, one JSON object per line, corrections "
        "included. --since keeps cases whose decision date is on or after the date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", help="JSON Lines (the one format)")
        parser.add_argument("--output", help="write to this file instead of stdout")
        parser.add_argument("--case-number", help="only this case, e.g. CM16-0213037")
        parser.add_argument("--since", help="only cases decided on or after YYYY-MM-DD")

    def handle(self, *args, jsonl, output, case_number, since, **options):
        if not jsonl:
            raise CommandError("say which format: --jsonl (the only one so far)")
        cases = cases_to_export(case_number=case_number, since=since and iso_date(since))
        if output:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    count = write_lines(cases, lambda line: handle.write(line + "\n"))
            except OSError as error:
                raise CommandError(f"cannot write {output}: {error.strerror or error}") from None
            self.stderr.write(f"exported {count} cases to {output}")
        else:
            try:
                count = write_lines(cases, self.stdout.write)
            except BrokenPipeError:  # `export_letters --jsonl | head`: the reader had enough
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
        if case_number and not count:
            raise CommandError(f"no case numbered {case_number.strip()} (nothing exported)")


def write_lines(cases, write_line) -> int:
    count = 0
    for letter in iter_letter_dicts(cases):
        write_line(json.dumps(letter, ensure_ascii=False))
        count += 1
    return count
