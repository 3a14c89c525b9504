"""The archive's edition: a token that changes with every write the public pages show.

Every write of letters runs inside `summaries.tallies_follow` or ends in
`summaries.add_new_cases` / `rebuild_summaries` (that is what keeps the counts exact), and
each of those calls `archive_changed()` in the same transaction; so do the admin's edits of
guideline names. A page kept under an edition (decisions/site/page_cache.py) is therefore
never read after a write commits: the next visitor reads the new token and misses.
A random token, not a counter: a rolled-back write returns to the token before it, and no
two writes (on two shards, say) can make the same one.
"""

import uuid

from decisions.models import ArchiveEdition

EDITION_ID = 1


def current() -> str | None:
    """The token of the archive as this connection sees it (None before the first write)."""
    return ArchiveEdition.objects.filter(pk=EDITION_ID).values_list("token", flat=True).first()


def archive_changed() -> None:
    """A new token, in the caller's transaction."""
    token = uuid.uuid4().hex
    if not ArchiveEdition.objects.filter(pk=EDITION_ID).update(token=token):
        ArchiveEdition.objects.create(pk=EDITION_ID, token=token)
