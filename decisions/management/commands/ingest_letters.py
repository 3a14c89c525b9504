"""`manage.py ingest_letters PATH ...`: load letters into the archive (see README, Nightly ingest).

Exit status: 0 nothing failed, 1 some letters failed, 2 bad usage, 3 another run holds the lock,
4 the database could not be reached or went away (the letters written so far stay; run again).
"""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from decisions.ingest.files import MissingPaths, parse_shard
from decisions.ingest.locking import LockHeld
from decisions.ingest.memory import keep_freed_memory_for_pdfium
from decisions.ingest.progress import Progress
from decisions.ingest.run import ingest_letters

EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_DATABASE = 4


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def shard_argument(text: str) -> tuple[int, int]:
    try:
        return parse_shard(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = (
        "Parse IMR letters (PDF or text files, directories walked recursively, glob "
        "patterns) and write them to the archive. Exit status: 0 ok, 1 some letters "
        "failed, 2 bad usage, 3 another ingest_letters run holds the lock, 4 the database "
        "could not be reached or went away."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, directories or glob patterns")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report; write nothing"
        )
        parser.add_argument(
            "--quiet", action="store_true", help="print only problems and the closing line"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="re-ingest files whose bytes are already in the archive",
        )
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=1,
            help="parse in this many processes (default 1); writing stays in one",
        )

        parser.add_argument(
            "--shard",
            type=shard_argument,
            metavar="K/N",
            help="take only shard K of N of the files (by file name), for a back-fill run "
            "on N machines at once against one PostgreSQL database",
        )

    def handle(self, *args, paths, dry_run, quiet, force, workers, shard, **options):
        keep_freed_memory_for_pdfium()  # this process parses too when --workers is 1
        progress = Progress(self.stdout, self.stderr, quiet=quiet)
        try:
            summary = ingest_letters(
                paths,
                dry_run=dry_run,
                force=force,
                workers=workers,
                shard=shard,
                on_result=progress.show,
            )
        except MissingPaths as error:
            raise CommandError(str(error), returncode=EXIT_USAGE) from None
        except LockHeld as error:
            raise CommandError(str(error), returncode=EXIT_LOCKED) from None
        except (OperationalError, InterfaceError) as error:
            # Each letter is written in a transaction: what was committed stays, the rest
            # is rolled back, and the next run goes on from there.
            reason = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            raise CommandError(
                f"the database could not be reached or went away ({reason}); "
                "letters written before stay in; run again to finish",
                returncode=EXIT_DATABASE,
            ) from None
        finally:
            progress.close()
        if dry_run:
            self.stdout.write("dry run: nothing was written")
        self.stdout.write(summary.closing_line())
        if summary.exit_status:
            sys.exit(summary.exit_status)
