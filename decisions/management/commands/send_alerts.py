"""Email the digests of saved searches that are due (cron runs this after the ingest)."""

from django.core.management.base import BaseCommand

from decisions.alerts.digests import send_due_digests


class Command(BaseCommand):
    help = (
        "Email each saved search whose daily or weekly digest is due the items ingested "
        "since its last digest. Exit status 1 when a digest could not be sent (it is tried "
        "again by the next run)."
    )

    def handle(self, *args, **options):
        run = send_due_digests()
        for problem in run.failed:
            self.stderr.write(f"not sent: {problem}")
        for label in run.no_address:
            self.stderr.write(f"not sent: {label}: the user has no email address")
        self.stdout.write(run.summary())
        if run.failed:
            raise SystemExit(1)
