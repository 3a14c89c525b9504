"""The query vocabulary the views share: filtering, related rows, summary counts, search.

Every filter on a related table is an EXISTS subquery, so an item never appears twice in a
result and the facet counts can join from the filtered items without counting one twice.
"""

import datetime as dt
import json

from django.apps import apps
from django.db import connections, models
from django.db.models import Count, Exists, F, Lookup, OrderBy, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Lower

from decisions import search

# The orders the item list offers, by the `sort` parameter's value.
ITEM_ORDERINGS = {
    # case_id: letters without a number, decided the same day, in one order every time.
    "-decided": [
        F("case__decision_date").desc(nulls_last=True),
        "case__case_number",
        "case_id",
        "number",
    ],
    "decided": [
        F("case__decision_date").asc(nulls_last=True),
        "case__case_number",
        "case_id",
        "number",
    ],
    "case": [F("case__case_number").asc(nulls_last=True), "case_id", "number"],
    "-case": [F("case__case_number").desc(nulls_last=True), "-case_id", "number"],
    "outcome": ["outcome", F("case__decision_date").desc(nulls_last=True), "case_id", "number"],
    "description": ["description", "case_id", "number"],
}
DEFAULT_ITEM_ORDERING = "-decided"

# The date orders again, in a form no index matches. With a search, PostgreSQL would
# otherwise walk the date index and run to_tsvector on item after item until a page is
# full (seconds for a rare word); this way it reads the GIN index and sorts the matches.
_NO_DATE = Value(dt.date(1, 1, 1))
_LAST_DATE = Value(dt.date(9999, 12, 31))
SEARCH_ORDERINGS = {
    "-decided": [
        Coalesce("case__decision_date", _NO_DATE).desc(),
        "case__case_number",
        "case_id",
        "number",
    ],
    "decided": [
        Coalesce("case__decision_date", _LAST_DATE).asc(),
        "case__case_number",
        "case_id",
        "number",
    ],
}

# The same orders over the table of matched items (MatchedItem), whose columns are named
# after the item's fields and its case's. Only the orders its columns can give: the
# description is not among them.
MATCHED_COLUMNS = {
    "case__decision_date": "decision_date",
    "case__case_number": "case_number",
    "case_id": "case_id",
    "number": "number",
    "outcome": "outcome",
}


def _matched_term(term):
    """A term of an item ordering over MatchedItem's columns, or None if it has no column."""
    if isinstance(term, str):
        column = MATCHED_COLUMNS.get(term.lstrip("-"))
        return column and ("-" if term.startswith("-") else "") + column
    column = MATCHED_COLUMNS.get(term.expression.name)
    return column and OrderBy(F(column), descending=term.descending, nulls_last=term.nulls_last)


MATCHED_ORDERINGS = {
    sort: terms
    for sort, ordering in ITEM_ORDERINGS.items()
    if None not in (terms := [_matched_term(term) for term in ordering])
}


@models.ForeignKey.register_lookup
class InArray(Lookup):
    """`item_id__in_array=ids`: the ids as one parameter (PostgreSQL `= ANY(array)`, SQLite
    `IN` over `json_each`), where `__in` writes a placeholder per id: for the 2,000 ids of an
    export's chunk, building and binding that statement cost more than running it."""

    lookup_name = "in_array"
    prepare_rhs = False  # a list of ids, not one value of the field

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, ids]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(ids)]


def _model(name: str):
    """A model of this app, looked up when a query is built: models.py imports this module,
    so this module does not import models.py."""
    return apps.get_model("decisions", name)


class CaseQuerySet(models.QuerySet):
    def with_related(self):
        """A case with its reviewer, and its items with their citations, for the case page."""
        DisputedItem = _model("DisputedItem")

        return self.select_related("reviewer").prefetch_related(
            *_reviewer_rows("reviewer"),
            Prefetch("items", queryset=DisputedItem.objects.order_by("number")),
            _citations("items__citations"),
        )

    def for_number(self, case_number: str):
        return self.filter(case_number=case_number.strip().upper())


# The leaf rows of a page (a reviewer's specialties and licences, a citation's pages and
# sections) are prefetched into plain lists named `<relation>_rows`, which the models read
# through models.related_rows(): filling a related manager's cache instead costs Django a
# queryset for every object, the larger part of an item page's CPU time.


def prefetched_rows(path: str, queryset=None) -> Prefetch:
    relation = path.rsplit("__", 1)[-1]
    return Prefetch(path, queryset=queryset, to_attr=f"{relation}_rows")


def _reviewer_rows(path: str) -> list[Prefetch]:
    ReviewerSpecialty = _model("ReviewerSpecialty")

    return [
        prefetched_rows(
            f"{path}__specialty_links", ReviewerSpecialty.objects.select_related("specialty")
        ),
        prefetched_rows(f"{path}__licenses"),
    ]


def _citations(path: str) -> Prefetch:
    GuidelineCitation = _model("GuidelineCitation")

    return Prefetch(
        path,
        queryset=GuidelineCitation.objects.select_related("guideline").prefetch_related(
            prefetched_rows("pages"), prefetched_rows("sections")
        ),
    )


def in_years(date_field: str, years) -> Q:
    """Dates in any of these years: date ranges rather than EXTRACT(year), so that an
    index of the dates serves them."""
    in_any = Q()
    for year in years:
        in_any |= Q(**{f"{date_field}__year": year})
    return in_any


class DisputedItemQuerySet(models.QuerySet):
    def with_case(self):
        return self.select_related("case", "case__reviewer")

    def with_related(self):
        """Everything a row of the item list shows, in a constant number of queries."""
        return self.with_case().prefetch_related(
            *_reviewer_rows("case__reviewer"), _citations("citations")
        )

    # Filters. Each takes the cleaned values of one query parameter; empty means no filter.

    def with_outcomes(self, outcomes):
        return self.filter(outcome__in=outcomes) if outcomes else self

    def by_specialties(self, names):
        """Items decided by a reviewer certified in any of these specialties."""
        ReviewerSpecialty = _model("ReviewerSpecialty")

        if not names:
            return self
        links = ReviewerSpecialty.objects.filter(
            reviewer_id=OuterRef("case__reviewer_id"), specialty__name__in=names
        )
        return self.filter(Exists(links))

    def by_license_states(self, states):
        """Items decided by a reviewer licensed in any of these states."""
        ReviewerLicense = _model("ReviewerLicense")

        if not states:
            return self
        licenses = ReviewerLicense.objects.filter(
            reviewer_id=OuterRef("case__reviewer_id"), state__in=states
        )
        return self.filter(Exists(licenses))

    def citing(self, **lookups):
        """Items with one citation that matches all these GuidelineCitation lookups at once
        (decisions/site/parameters.py builds them from the citation parameters)."""
        if not lookups:
            return self
        GuidelineCitation = _model("GuidelineCitation")
        citations = GuidelineCitation.objects.filter(item_id=OuterRef("pk"), **lookups)
        return self.filter(Exists(citations))

    def with_case_number(self, case_number: str):
        return self.filter(case__case_number=case_number.strip().upper())

    def decided_in_years(self, years):
        return self.filter(in_years("case__decision_date", years)) if years else self

    def ingested_between(self, after, until):
        """Items of the letters first ingested after `after`, up to and including `until`."""
        return self.filter(case__ingested_at__gt=after, case__ingested_at__lte=until)

    def not_sent_by(self, saved_search):
        SentAlert = _model("SentAlert")

        sent = SentAlert.objects.filter(saved_search=saved_search, item_id=OuterRef("pk"))
        return self.filter(~Exists(sent))

    def search(self, text: str):
        """Full-text search over description and rationale (see decisions/search.py)."""
        if not text or not text.strip():
            return self
        return search.filter_items(self, text, connections[self.db].vendor)

    def ordered(self, sort: str | None, searching: bool = False):
        sort = sort or DEFAULT_ITEM_ORDERING
        if searching and sort in SEARCH_ORDERINGS:
            return self.order_by(*SEARCH_ORDERINGS[sort])
        return self.order_by(*ITEM_ORDERINGS[sort])

    # Aggregates.

    def summary(self, **more_aggregates) -> dict:
        return outcome_summary(self, **more_aggregates)


class MatchedItemQuerySet(models.QuerySet):
    """The rows of the matched items' table (MatchedItem): the items of one filter."""

    def summary(self) -> dict:
        return outcome_summary(self)

    def ordered_ids(self, sort: str | None):
        """The item ids in the item list's order, or None for an order the table cannot
        give (MATCHED_ORDERINGS)."""
        ordering = MATCHED_ORDERINGS.get(sort or DEFAULT_ITEM_ORDERING)
        return None if ordering is None else self.order_by(*ordering).values_list("pk", flat=True)


def outcome_summary(items, **more_aggregates) -> dict:
    """{"count", "upheld", "overturned", "overturn_rate"} of rows with an `outcome`, in one
    query, with any `more_aggregates` (name=aggregate) computed in the same query."""
    counts = items.order_by().aggregate(
        **outcome_counts(),
        upheld=Count("pk", filter=Q(outcome="upheld")),
        **more_aggregates,
    )
    counts["count"] = counts.pop("items")
    counts["overturn_rate"] = rate(counts["overturned"], counts["count"])
    return counts


# A digest is due this long after the last one, less an hour: a nightly cron job that
# starts a few minutes early or late still sends each daily digest once a day.
DIGEST_PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}
DIGEST_SLACK = dt.timedelta(hours=1)


class SavedSearchQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def due(self, now: dt.datetime):
        """Searches with a digest whose period has passed since the letters they covered."""
        due = Q()
        for digest, period in DIGEST_PERIODS.items():
            due |= Q(digest=digest, covered_until__lte=now - period + DIGEST_SLACK)
        return self.filter(due).select_related("owner").order_by("pk")


def outcome_counts(item: str = "pk", distinct: bool = False) -> dict:
    """The two aggregates every overturn rate is made of: "items" and "overturned".

    `item` is the path to the item (from a citation: "item"); `distinct` where a join may
    repeat an item.
    """
    outcome = "outcome" if item == "pk" else f"{item}__outcome"
    return {
        "items": Count(item, distinct=distinct),
        "overturned": Count(item, distinct=distinct, filter=Q(**{outcome: "overturned"})),
    }


def rate(part: int, whole: int) -> float | None:
    """A fraction (0.25 is 25 %) to four decimals, or None when there is nothing to divide.

    Every page and JSON answer gives rates this way; templates show them with `percent`.
    """
    return round(part / whole, 4) if whole else None


def section_keys(names) -> list[str]:
    """What a section name is matched by, whatever its capitals: SQL's lower() of it.

    Python's lower() stands in for SQL's; the two agree on the names letters print (ASCII).
    """
    return [name.lower() for name in names]


# The section a row groups by: its name whatever the capitals (the facet and the Tally rows
# show the spelling printed most often, decisions/site/tallies.py usual_spellings).
SECTION_KEY = Lower("citations__sections__name")
