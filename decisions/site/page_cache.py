"""Public pages kept in memory until the archive changes.

The archive changes at night (the ingest) and when an editor corrects a letter; between
those writes every visitor of a URL is shown the same page, and many visitors ask for the
same few (the unfiltered list, the common filters, /stats/, /guidelines/). A page is kept
under the archive's edition (decisions/edition.py), which every write replaces in its own
transaction: a visitor after a write reads the new edition and gets a page made afresh, so
what is served is always what the database holds.

Kept: answers of 200 to GET and HEAD for visitors who are not signed in and have no
message waiting (a signed-in visitor's pages name them; a message is shown once), unless
the response says not to (`Cache-Control: no-store` or `private`) or sets a cookie; with
a `max-age` (a page whose facet gave up: a later visitor may get every count), no longer
than that. Never kept: streams (CSV exports, letter files).

The cache is the "pages" alias of CACHES: memory of each server process (emptied by a
restart, so a deploy never serves a page of the previous code), PAGE_CACHE_ENTRIES pages
at most; PAGE_CACHE_ENTRIES=0 turns it off.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import cc_delim_re, get_max_age

from decisions import edition

CACHE_ALIAS = "pages"
# An item page whose facet gave up under FACET_TIME_LIMIT_MS: asked again after this long.
# At a million letters a broad search's section facet gives up every time, and making the
# page again costs its next visitors seconds each.
GAVE_UP_PAGE_SECONDS = 300
NOT_KEPT = {"no-store", "no-cache", "private"}


def kept_until_the_archive_changes(view):
    @wraps(view)
    def kept_view(request, *args, **kwargs):
        if not settings.PAGE_CACHE_ENTRIES or not _may_share(request):
            return view(request, *args, **kwargs)
        token = edition.current()
        if token is None:
            return view(request, *args, **kwargs)
        key = _key(token, request)
        pages = caches[CACHE_ALIAS]
        response = pages.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if _may_keep(response):
                # No max-age: until the edition changes (or the least read are dropped).
                pages.set(key, response, timeout=get_max_age(response))
        return response

    return kept_view


def _may_share(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def _key(token: str, request) -> str:
    # The whole URL: scheme and host too (JSON and feeds print absolute links).
    url = request.build_absolute_uri().encode()
    return f"page:{token}:{hashlib.sha256(url).hexdigest()}"


def _may_keep(response) -> bool:
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not directives & NOT_KEPT
    )
