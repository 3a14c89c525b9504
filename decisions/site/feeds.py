"""An Atom feed for every filter of the item browser: the newest matching items.

`/items/feed/` takes the query parameters of `/items/`; each entry is one item, linked to
its case page, saying the item, its outcome, the reviewer's specialties and the
guidelines cited. Django's syndication framework writes the XML (and escapes the text).
"""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from decisions.querysets import ITEM_ORDERINGS
from decisions.site import presentation
from decisions.site.tallies import tallied_summary

FEED_SIZE = 50
NO_DATE = dt.datetime(2013, 1, 1, tzinfo=dt.UTC)  # letters without a decision date


class ItemFeed(Feed):
    """Called with a valid DisputedItemFilter (the view answers 400 for any other)."""

    feed_type = Atom1Feed

    def get_object(self, request, filterset=None):
        return filterset

    def title(self, filterset):
        cleaned = filterset.form.cleaned_data
        count = (tallied_summary(cleaned) or filterset.qs.summary())["count"]
        return "IMR decisions: " + presentation.sentence(count, cleaned)

    def link(self, filterset):
        return reverse("decisions:items") + presentation.filter_query(filterset.data)

    def subtitle(self, filterset):
        return f"The {FEED_SIZE} newest items decided under this filter, newest first."

    def items(self, filterset):
        newest = filterset.qs.order_by(*ITEM_ORDERINGS["-decided"]).with_related()
        return [presentation.item_row(item) for item in newest[:FEED_SIZE]]

    def item_title(self, row):
        return f"{row['description']}: {row['outcome'].title() or 'no outcome'}"

    def item_link(self, row):
        return f"{row['case_url']}#item-{row['number']}"

    def item_guid(self, row):
        return self.item_link(row)

    def item_description(self, row):
        return " ".join(
            [
                f"Case {row['case_number'] or 'without a number'}, item {row['number']}:",
                f"{row['outcome'] or 'no outcome'}.",
                f"Reviewer: {', '.join(row['specialties']) or 'specialty not stated'}.",
                f"Guidelines cited: {', '.join(row['guideline_labels']) or 'none'}.",
            ]
        )

    def item_pubdate(self, row):
        if not row["decision_date"]:
            return NO_DATE
        day = dt.date.fromisoformat(row["decision_date"])
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    def item_updateddate(self, row):
        return self.item_pubdate(row)
