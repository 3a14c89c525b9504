"""Re-apply the treatment category rules to every disputed item."""

from django.core.management.base import BaseCommand

from decisions.ingest.recategorize import recategorize_items


def _label(pair):
    return " / ".join(pair) if any(pair) else "(none)"


class Command(BaseCommand):
    help = (
        "Classify every disputed item's description again with decisions/categories.py "
        "and store the new category/subcategory; items an editor corrected are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the changes without saving them"
        )

    def handle(self, *args, dry_run=False, **options):
        summary = recategorize_items(dry_run=dry_run)
        for (old, new), count in summary.moves.most_common():
            self.stdout.write(f"{count:6d}  {_label(old)} -> {_label(new)}")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"{summary.checked} items checked: {summary.changed} {verb}, "
            f"{summary.kept_corrected} kept as an editor corrected them."
        )
