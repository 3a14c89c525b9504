"""Email digests of saved searches: the items ingested since each search's last digest.

A digest lists the items of the letters ingested after the search's `covered_until` that
match its filter and that it never sent before (SentAlert). Only once the email is handed
to the mail server are its items recorded and `covered_until` moved on, so a failed send
is tried again by the next run and a re-run sends nothing twice. An item is recorded by
its id: an editor's later correction of it (its outcome, say) does not send it again.
"""

import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from decisions.models import SavedSearch, SentAlert
from decisions.querysets import ITEM_ORDERINGS
from decisions.site import presentation
from decisions.site.item_filter import DisputedItemFilter

# An email lists this many items at most; the rest are counted and linked to the site.
LISTED_ITEMS = 200


@dataclass
class DigestRun:
    """What one `send_alerts` run did."""

    sent: int = 0
    items: int = 0
    nothing_new: int = 0
    failed: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"digests sent {self.sent} ({self.items} items), nothing new {self.nothing_new}, "
            f"failed {len(self.failed)}, no email address {len(self.no_address)}"
        )


class SavedFilterInvalid(ValueError):
    """A saved query the item filter no longer accepts (a parameter renamed, say)."""


def send_due_digests(now=None) -> DigestRun:
    now = now or timezone.now()
    run = DigestRun()
    for saved in SavedSearch.objects.due(now):
        label = f"{saved.owner.get_username()} / {saved.name!r}"
        if not saved.owner.email:
            run.no_address.append(label)
            continue
        try:
            sent = send_digest(saved, now)
        except (SavedFilterInvalid, OSError, smtplib.SMTPException) as error:
            run.failed.append(f"{label}: {error}")
            continue
        if sent:
            run.sent += 1
            run.items += sent
        else:
            run.nothing_new += 1
    return run


def new_items(saved: SavedSearch, until):
    """The items this search's next digest holds, newest decisions first."""
    filterset = DisputedItemFilter(QueryDict(saved.query))
    if not filterset.is_valid():
        raise SavedFilterInvalid(f"the saved filter is no longer valid: {filterset.errors}")
    return (
        filterset.qs.ingested_between(saved.covered_until, until)
        .not_sent_by(saved)
        .order_by(*ITEM_ORDERINGS["-decided"])
    )


def send_digest(saved: SavedSearch, now) -> int:
    """Send this search's digest if it has new items; the number of items sent."""
    with transaction.atomic():
        # Locked so that two runs at once do not both send it (skipped by the second).
        locked = SavedSearch.objects.select_for_update(skip_locked=True).filter(pk=saved.pk)
        if not locked.exists():
            return 0
        items = list(new_items(saved, now).with_related())
        if items:
            digest_message(saved, items).send()
            SentAlert.objects.bulk_create(
                SentAlert(saved_search=saved, item=item, sent_at=now) for item in items
            )
            saved.last_sent_at = now
        saved.covered_until = now
        saved.save(update_fields=["covered_until", "last_sent_at"])
    return len(items)


def digest_message(saved: SavedSearch, items) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    rows = [presentation.item_row(item) for item in items[:LISTED_ITEMS]]
    for row in rows:
        row["case_link"] = f"{site}{row['case_url']}#item-{row['number']}"
    context = {
        "saved": saved,
        "count": len(items),
        "rows": rows,
        "unlisted": len(items) - len(rows),
        "filter_link": site + saved.get_absolute_url(),
        "searches_link": site + reverse("decisions:saved-searches"),
    }
    noun = "item" if len(items) == 1 else "items"
    message = EmailMultiAlternatives(
        subject=f"IMR decision archive: {len(items)} new {noun} for {saved.name!r}",
        body=render_to_string("decisions/email/digest.txt", context),
        to=[saved.owner.email],
    )
    message.attach_alternative(
        render_to_string("decisions/email/digest.html", context), "text/html"
    )
    return message
