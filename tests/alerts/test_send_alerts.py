"""`send_alerts`: each due saved search gets the items ingested since its last digest that
match it, once; a re-run sends nothing; a failed send is retried; a correction does not
send an item again."""

import datetime as dt
import smtplib

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from decisions.models import Case, DisputedItem, SavedSearch, SentAlert
from tests.actions import ingest, run_command
from tests.paths import ARCHIVE_LETTERS, FIXTURE_LETTERS

pytestmark = pytest.mark.django_db
FIRST_NIGHT, SECOND_NIGHT = ARCHIVE_LETTERS[:4], ARCHIVE_LETTERS[4:]


class RefusingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection refused by the test")


def ingest_night(names) -> None:
    assert ingest(*[FIXTURE_LETTERS / name for name in names]).status == 0


def a_day_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=1, minutes=1)


def make_due(saved: SavedSearch) -> None:
    SavedSearch.objects.filter(pk=saved.pk).update(covered_until=a_day_ago())


@pytest.fixture
def overturned_search(db):
    """A daily search for overturned items, saved after a first night's letters and made
    due; then the second night's letters are ingested."""
    ingest_night(FIRST_NIGHT)
    Case.objects.update(ingested_at=timezone.now() - dt.timedelta(days=2))
    owner = User.objects.create_user("ana", "ana@example.org", "a long passphrase 7")
    saved = SavedSearch.objects.create(
        owner=owner,
        name="Won",
        query="outcome=overturned",
        digest="daily",
        covered_until=a_day_ago(),
    )
    ingest_night(SECOND_NIGHT)
    return saved


def new_overturned() -> set[int]:
    return set(
        DisputedItem.objects.filter(
            outcome="overturned", case__source_path__regex="|".join(SECOND_NIGHT)
        ).values_list("pk", flat=True)
    )


def test_a_digest_holds_exactly_the_new_matching_items_and_a_rerun_sends_nothing(
    overturned_search,
):
    expected = new_overturned()
    assert expected  # the second night holds overturned items, and the first night too:
    assert DisputedItem.objects.filter(outcome="overturned").count() > len(expected)
    result = run_command("send_alerts")
    assert result.status == 0
    assert result.closing_line == (
        f"digests sent 1 ({len(expected)} items), nothing new 0, failed 0, no email address 0"
    )
    (email,) = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == f"IMR decision archive: {len(expected)} new items for 'Won'"
    assert "http://127.0.0.1:8000/items/?outcome=overturned" in email.body
    for item in DisputedItem.objects.filter(pk__in=expected).select_related("case"):
        assert (
            f"http://127.0.0.1:8000{item.case.get_absolute_url()}#item-{item.number}" in email.body
        )
    html, _ = email.alternatives[0]
    assert html.count("<li>") == len(expected)
    sent = set(SentAlert.objects.values_list("item_id", flat=True))
    assert sent == expected

    again = run_command("send_alerts")  # not due
    assert again.closing_line.startswith("digests sent 0 (0 items), nothing new 0")
    make_due(overturned_search)  # due, but every new item has been sent
    again = run_command("send_alerts")
    assert again.closing_line.startswith("digests sent 0 (0 items), nothing new 1")
    assert len(mail.outbox) == 1


def test_an_item_corrected_after_it_was_sent_is_not_sent_again(overturned_search):
    run_command("send_alerts")
    item = DisputedItem.objects.get(pk=min(new_overturned()))
    item.outcome = "upheld"
    item.save()
    item.outcome = "overturned"  # corrected back and forth, as an editor might
    item.save()
    make_due(overturned_search)
    assert run_command("send_alerts").closing_line.startswith("digests sent 0")
    assert len(mail.outbox) == 1


def test_a_failed_send_records_nothing_and_is_retried_by_the_next_run(overturned_search):
    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        failed = run_command("send_alerts")
    assert failed.status == 1
    assert "not sent: ana / 'Won': connection refused by the test" in failed.stderr
    assert failed.closing_line.endswith("failed 1, no email address 0")
    assert not SentAlert.objects.exists()
    retried = run_command("send_alerts")
    assert retried.status == 0
    assert retried.closing_line.startswith(f"digests sent 1 ({len(new_overturned())} items)")


def test_only_due_digests_with_an_address_are_sent(overturned_search):
    owner = overturned_search.owner
    SavedSearch.objects.create(
        owner=owner, name="Weekly", query="", digest="weekly", covered_until=a_day_ago()
    )
    SavedSearch.objects.create(
        owner=owner, name="No email", query="", digest="none", covered_until=a_day_ago()
    )
    nobody = User.objects.create_user("nobody", "", "a long passphrase 7")
    SavedSearch.objects.create(
        owner=nobody, name="Daily", query="", digest="daily", covered_until=a_day_ago()
    )
    result = run_command("send_alerts")
    assert [email.subject for email in mail.outbox] == [
        f"IMR decision archive: {len(new_overturned())} new items for 'Won'"
    ]
    assert result.closing_line.endswith("failed 0, no email address 1")
    assert "not sent: nobody / 'Daily': the user has no email address" in result.stderr
    # A week later: every letter of both nights is new to the weekly search.
    week_ago = timezone.now() - dt.timedelta(days=7)
    SavedSearch.objects.filter(name="Weekly").update(covered_until=week_ago)
    run_command("send_alerts")
    everything = DisputedItem.objects.count()
    assert mail.outbox[-1].subject == f"IMR decision archive: {everything} new items for 'Weekly'"
