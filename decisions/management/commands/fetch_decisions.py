"""Fetch the letters decided in a date range from the state's IMR decision search."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from decisions.fetching.client import PoliteClient, SiteUnreachable
from decisions.fetching.pages import PageShapeError
from decisions.fetching.run import fetch_decisions, last_decision_date


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date as YYYY-MM-DD", returncode=2) from None


class Command(BaseCommand):
    help = (
        "Ask the state's IMR decision search (DWC_SEARCH_URL) for the letters decided in a "
        "range, store its index rows, and download each letter not already in DIR or in "
        "the archive as DIR/<case number>.pdf. Exit 0: every listed letter is on disk; "
        "1: some downloads failed (each named); 2: bad usage, the site cannot be reached, "
        "or a page no longer has the expected shape."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--decided-after",
            type=str,
            help="YYYY-MM-DD, included; default: the last decision date fetched before",
        )
        parser.add_argument("--decided-before", type=str, help="YYYY-MM-DD, included")
        parser.add_argument("--into", required=True, type=Path, help="the letters' directory")

    def handle(self, *args, decided_after=None, decided_before=None, into=None, **options):
        after = iso_date(decided_after) if decided_after else last_decision_date()
        if after is None:
            raise CommandError(
                "nothing fetched before: give --decided-after YYYY-MM-DD", returncode=2
            )
        before = iso_date(decided_before) if decided_before else None
        if before and before < after:
            raise CommandError("--decided-before is earlier than --decided-after", returncode=2)
        client = PoliteClient(
            pause=settings.DWC_REQUEST_PAUSE,
            timeout=settings.DWC_TIMEOUT,
            retries=settings.DWC_RETRIES,
            backoff=settings.DWC_BACKOFF,
        )
        try:
            summary = fetch_decisions(client, settings.DWC_SEARCH_URL, after, before, into)
        except SiteUnreachable as error:
            raise CommandError(
                f"the state's search cannot be reached: {error}", returncode=2
            ) from error
        except PageShapeError as error:
            raise CommandError(f"a search page has changed shape: {error}", returncode=2) from error
        for failure in summary.failed:
            self.stderr.write(f"failed: {failure}")
        self.stdout.write(summary.line())
        if summary.failed:
            raise SystemExit(1)
