"""The Tally rows: the archive's counts kept ready and exact.

A grouping says which Tally columns it counts the items (or the cases) by. It is counted
two ways, which tests hold equal:

- the whole archive (`rebuild_summaries`, after a bulk load; `check_summaries`) by one
  GROUP BY query per grouping: set operations in the database, 4.5 minutes at a million
  letters where the same counting in Python took eight;
- the few cases a write touches, in Python, over six flat reads of their rows
  (decisions/item_rows.py: items, the reviewer's specialties and states, citations with
  pages and sections): at a batch of new letters far cheaper than eighteen grouped joins.

After a rebuild the rows are kept exact by difference: every write of letters runs inside
`tallies_follow(case_ids)`, which counts those cases before and after the write and adds
the difference, in the same transaction, and writes those cases' per-item rows afresh
(decisions/derived_rows.py) from the same reading, and copies the columns of their search
rows afresh (decisions/search_rows.py). The ingest, the admin and
recategorize all do so; `check_summaries` compares the rows with a fresh count (the SQL
one), and tests/site/test_tallies.py compares what the pages read from them with plain queries.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product

from django.db import connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear

from decisions import derived_rows, edition, item_rows, search_rows
from decisions.models import (
    TALLY_KEY,
    Case,
    CitedBy,
    DisputedItem,
    GuidelineCitation,
    ReviewerSpecialty,
    Tally,
)
from decisions.querysets import SECTION_KEY

# Guideline agreement of an item: did the IMR reviewer rely on a guideline the claims
# administrator had cited? SAME: both sides cite guidelines and share at least one id.
# DIFFERENT: both cite, no id in common. INCOMPLETE: one side (or both) cites none.
SAME = "same"
DIFFERENT = "different"
INCOMPLETE = "incomplete"


def agreement_of(imr: set[str], claims_administrator: set[str]) -> str:
    """The agreement of an item whose sides cite these guideline ids."""
    if not imr or not claims_administrator:
        return INCOMPLETE
    return SAME if imr & claims_administrator else DIFFERENT


def agreement_expression():
    """agreement_of() for each item, in SQL.

    One correlated subquery over the item's citations: the two sides share a guideline
    exactly when there are more distinct (guideline, side) pairs than distinct guidelines.
    """
    per_item = (
        GuidelineCitation.objects.filter(item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(
            imr=Count("pk", filter=Q(cited_by=CitedBy.IMR)),
            claims_administrator=Count("pk", filter=Q(cited_by=CitedBy.CLAIMS_ADMINISTRATOR)),
            guidelines=Count("guideline", distinct=True),
            pairs=Count(Concat("guideline", Value(":"), "cited_by"), distinct=True),
        )
        .annotate(
            agreement=CaseWhen(
                When(Q(imr=0) | Q(claims_administrator=0), then=Value(INCOMPLETE)),
                When(pairs__gt=F("guidelines"), then=Value(SAME)),
                default=Value(DIFFERENT),
            )
        )
        .values("agreement")
    )
    # An item without any citation has no row: incomplete too.
    return Coalesce(Subquery(per_item), Value(INCOMPLETE))


def days_to_decision_expression(case: str = ""):
    """Days from the application received to the decision (None when a date is missing),
    as a timedelta: the one date difference both databases compute."""
    return ExpressionWrapper(
        F(f"{case}decision_date") - F(f"{case}application_received"), output_field=DurationField()
    )


TALLY_COLUMNS = TALLY_KEY
DEFAULTS = {column: "" for column in TALLY_COLUMNS} | {"year": 0, "page": 0, "month": 0, "days": 0}
KEY_COLUMNS = TALLY_COLUMNS[1:]  # a key as counted, before its grouping's name is put first
# Where a column's value comes from: the item (or its case), the case's reviewer, or one
# citation. "days" is its case's: only the groupings of cases count by it.
ITEM_COLUMNS = ("outcome", "year", "month", "category", "subcategory", "agreement", "days")
REVIEWER_COLUMNS = ("specialty", "state", "other_specialty")
CITATION_COLUMNS = ("guideline", "side", "page", "section")
ONE_PER_ITEM = {"outcome", "year", "month", "category", "subcategory", "agreement"}
# Each column as the archive-wide count reads it, from a disputed item.
ITEM_SOURCES = {
    "outcome": F("outcome"),
    "year": Coalesce(ExtractYear("case__decision_date"), Value(0)),
    "month": Coalesce(ExtractMonth("case__decision_date"), Value(0)),
    "days": days_to_decision_expression("case__"),
    "agreement": agreement_expression(),
    "category": F("category"),
    "subcategory": F("subcategory"),
    "specialty": F("case__reviewer__specialty_links__specialty__name"),
    "state": F("case__reviewer__licenses__state"),
    "other_specialty": F("paired__specialty__name"),  # a second join: see counted_in_sql
    "guideline": F("citations__guideline_id"),
    "side": F("citations__cited_by"),
    "page": F("citations__pages__page"),
    "section": SECTION_KEY,
    "printed": F("citations__sections__name"),
}


@dataclass
class ItemFacts:
    """What the Tally columns read of one disputed item."""

    outcome: str
    year: int
    month: int
    category: str
    subcategory: str
    specialty: list[str]
    state: list[str]
    days: int | None = None  # its case's; None: a date missing
    citations: list[item_rows.CitationRow] = field(default_factory=list)
    _cited: dict = field(default_factory=dict, repr=False)  # several groupings ask the same

    def cited(self, columns: tuple[str, ...]) -> set[tuple]:
        """The distinct values of these citation columns over the item's citations; a
        citation without pages (or sections) has none to give when they are asked for."""
        if columns not in self._cited:
            wanted = [CITATION_COLUMNS.index(column) for column in columns]
            values = set()
            for citation in self.citations:
                pages = citation.pages if "page" in columns else [0]
                sections = [key for key, _ in citation.sections] if "section" in columns else [""]
                for page, section in product(pages, sections):
                    row = (citation.guideline, citation.side, page, section)
                    values.add(tuple(row[index] for index in wanted))
            self._cited[columns] = values
        return self._cited[columns]

    @property
    def other_specialty(self) -> list[str]:
        return self.specialty

    @cached_property
    def agreement(self) -> str:
        cited = {side: set() for side in CitedBy.values}
        for citation in self.citations:
            cited[citation.side].add(citation.guideline)
        return agreement_of(cited[CitedBy.IMR], cited[CitedBy.CLAIMS_ADMINISTRATOR])


@dataclass(frozen=True)
class Grouping:
    name: str
    columns: tuple[str, ...] = ()
    # Counts cases rather than items: a case once under each key any of its items has.
    of_cases: bool = False
    # Counts only the items whose case's reviewer states no specialty (or is unknown).
    uncertified: bool = False
    # The section rows a spelling is printed in, rather than the items citing it.
    counts_printed_rows: bool = False
    # The grouping whose counts, summed over the columns this one lacks, give this one's:
    # only columns an item has one value of (its outcome, year, category) may be summed over.
    summed_from: str | None = None

    def summed(self, counts: Counter) -> Counter:
        """This grouping's counts from those of `summed_from` among `counts`."""
        source = next(grouping for grouping in GROUPINGS if grouping.name == self.summed_from)
        assert set(source.columns) - set(self.columns) <= ONE_PER_ITEM, self.name
        kept = [KEY_COLUMNS.index(column) for column in self.columns]
        summed = Counter()
        for (name, *key), count in counts.items():
            if name == self.summed_from:
                values = {
                    column: key[index] for column, index in zip(self.columns, kept, strict=True)
                }
                summed[(self.name, *self.key(values))] += count
        return summed

    def keys(self, item: ItemFacts) -> Iterator[tuple]:
        """The Tally keys this item counts once in (a key per distinct combination)."""
        if self.counts_printed_rows:
            for citation in item.citations:
                for section, printed in citation.sections:
                    yield self.key({"section": section, "printed": printed})
            return
        own, reviewer, cited = self._parts
        if "days" in own and item.days is None:
            return
        if self.uncertified and item.specialty:
            return
        key = [
            getattr(item, column) if column in own else DEFAULTS[column] for column in KEY_COLUMNS
        ]
        for held in product(*(getattr(item, column) for column in reviewer)):
            for column, value in zip(reviewer, held, strict=True):
                key[KEY_COLUMNS.index(column)] = value
            for citation_values in item.cited(cited) if cited else [()]:
                for column, value in zip(cited, citation_values, strict=True):
                    key[KEY_COLUMNS.index(column)] = value
                yield tuple(key)

    @cached_property
    def _parts(self) -> tuple[tuple[str, ...], ...]:
        """The columns read from the item, from its reviewer, from its citations."""
        return tuple(
            tuple(column for column in self.columns if column in part)
            for part in (ITEM_COLUMNS, REVIEWER_COLUMNS, CITATION_COLUMNS)
        )

    def key(self, values: dict) -> tuple:
        return tuple(values.get(column, DEFAULTS[column]) for column in KEY_COLUMNS)

    def counted_in_sql(self) -> Counter:
        """This grouping's counts over the whole archive, by one GROUP BY query."""
        if self.of_cases:
            counted = Count("case", distinct=True)
        else:
            counted = Count(
                "citations__sections" if self.counts_printed_rows else "pk",
                distinct=not self.counts_printed_rows,
            )
        # Named apart from the model's fields ("_outcome"), which values() would not rename.
        expressions = {f"_{column}": ITEM_SOURCES[column] for column in self.columns}
        items = DisputedItem.objects.order_by()
        if "other_specialty" in self.columns:  # the reviewer's specialties joined again
            items = items.alias(paired=FilteredRelation("case__reviewer__specialty_links"))
        if self.uncertified:
            links = ReviewerSpecialty.objects.filter(reviewer_id=OuterRef("case__reviewer_id"))
            items = items.filter(~Exists(links))
        grouped = items.values(**expressions).annotate(tallied=counted)
        for name in expressions:
            grouped = grouped.exclude(**{f"{name}__isnull": True})
        counts = Counter()
        for row in grouped.iterator(chunk_size=10_000):
            if row["tallied"]:
                values = {column: _plain(row[f"_{column}"]) for column in self.columns}
                counts[(self.name, *self.key(values))] += row["tallied"]
        return counts


def _plain(value):
    """A column's value as the Tally rows hold it: a date difference as its days."""
    return value.days if isinstance(value, dt.timedelta) else value


OUTCOME_YEAR = ("outcome", "year")
CATEGORY = ("category", "subcategory")
# The item browser's summary and facets (decisions/site/tallies.py chooses the smallest that
# holds a filter). The facets of an unfiltered or outcome-only page read narrow groupings
# summed from wider ones: a few rows a section, a specialty or a state instead of one for
# each year and category besides (13,700 rows summed for the specialty facet).
BROWSER_GROUPINGS = [
    Grouping("items", (*OUTCOME_YEAR, *CATEGORY)),
    Grouping("section total", ("section",), summed_from="section"),
    Grouping("section by outcome", ("outcome", "section"), summed_from="section"),
    Grouping("specialty by outcome", ("outcome", "specialty"), summed_from="specialty"),
    Grouping("state by outcome", ("outcome", "state"), summed_from="state"),
    Grouping("specialty", (*OUTCOME_YEAR, *CATEGORY, "specialty")),
    Grouping("state", (*OUTCOME_YEAR, *CATEGORY, "state")),
    Grouping("specialty,state", (*OUTCOME_YEAR, "specialty", "state")),
    Grouping("guideline", (*OUTCOME_YEAR, *CATEGORY, "guideline")),
    Grouping("guideline,specialty", (*OUTCOME_YEAR, "specialty", "guideline")),
    Grouping("guideline,state", (*OUTCOME_YEAR, "state", "guideline")),
    Grouping("section", (*OUTCOME_YEAR, "section")),
    Grouping("section,specialty", (*OUTCOME_YEAR, "specialty", "section")),
    Grouping("section,state", (*OUTCOME_YEAR, "state", "section")),
    # Under one guideline at one page (the analyst's "MTUS Chronic Pain page 60"): the items
    # a citation of it names, by what the other facets count; a section is one the same
    # citation names. Under a guideline alone, the rows by guideline above serve.
    Grouping("page", (*OUTCOME_YEAR, *CATEGORY, "guideline", "page")),
    Grouping("page,specialty", (*OUTCOME_YEAR, "specialty", "guideline", "page")),
    Grouping("page,state", (*OUTCOME_YEAR, "state", "guideline", "page")),
    Grouping("page,section", (*OUTCOME_YEAR, "guideline", "page", "section")),
]
# /stats/: rates by decision month, by guideline agreement and by the guidelines each side
# cited, under the filters the item browser's groupings hold but a category with a
# specialty or a state.
MONTH = ("outcome", "year", "month")
SIDE = ("side", "guideline")
STATISTICS_GROUPINGS = [
    Grouping("month", (*MONTH, *CATEGORY)),
    Grouping("month,specialty", (*MONTH, "specialty")),
    Grouping("month,state", (*MONTH, "state")),
    Grouping("agreement", (*OUTCOME_YEAR, *CATEGORY, "agreement")),
    Grouping("agreement,specialty", (*OUTCOME_YEAR, "specialty", "agreement")),
    Grouping("agreement,state", (*OUTCOME_YEAR, "state", "agreement")),
    Grouping("side", (*OUTCOME_YEAR, *CATEGORY, *SIDE)),
    Grouping("side,specialty", (*OUTCOME_YEAR, "specialty", *SIDE)),
    Grouping("side,state", (*OUTCOME_YEAR, "state", *SIDE)),
    # Under a specialty, the rates by each specialty its reviewers hold (itself among them).
    Grouping("specialty pair", (*OUTCOME_YEAR, "specialty", "other_specialty")),
]
# The rates by specialty end with the items whose reviewer states none.
UNCERTIFIED_GROUPINGS = [
    Grouping("no specialty", (*OUTCOME_YEAR, *CATEGORY), uncertified=True),
    Grouping("no specialty,state", (*OUTCOME_YEAR, "state"), uncertified=True),
]
# /stats/'s cases (those with an item under the filter) and the days from application to
# decision of those with both dates, under years, one outcome and one specialty or state:
# a case counts once under each outcome its items have and each specialty (state) its
# reviewer holds.
CASE_FILTERS = [
    (),
    ("outcome",),
    ("specialty",),
    ("state",),
    ("outcome", "specialty"),
    ("outcome", "state"),
]


def case_grouping(name: str, filtered) -> str:
    """The name of the grouping of `name` ("cases", "case days") by the columns `filtered`."""
    return ",".join(
        [name, *(column for column in ("outcome", "specialty", "state") if column in filtered)]
    )


CASE_GROUPINGS = [
    Grouping(case_grouping(name, filtered), (*columns, *filtered), of_cases=True)
    for name, columns in [("cases", ("year",)), ("case days", ("year", "month", "days"))]
    for filtered in CASE_FILTERS
]
GROUPINGS = [
    *BROWSER_GROUPINGS,
    # /guidelines/ and the home page: what is cited, by either side or by one.
    Grouping("cited guideline", ("outcome", "guideline")),
    Grouping("cited guideline by side", ("outcome", "guideline", "side")),
    Grouping("cited page", ("outcome", "guideline", "page")),
    Grouping("cited page by side", ("outcome", "guideline", "page", "side")),
    Grouping("cited section", ("outcome", "guideline", "section")),
    Grouping("cited section by side", ("outcome", "guideline", "section", "side")),
    # The same without the outcome: /guidelines/ orders and pages these, a row per entry,
    # and looks up the overturned count of the 50 rows it shows.
    Grouping("cited guideline total", ("guideline",), summed_from="cited guideline"),
    Grouping(
        "cited guideline total by side",
        ("guideline", "side"),
        summed_from="cited guideline by side",
    ),
    Grouping("cited page total", ("guideline", "page"), summed_from="cited page"),
    Grouping(
        "cited page total by side", ("guideline", "page", "side"), summed_from="cited page by side"
    ),
    Grouping("cited section total", ("guideline", "section"), summed_from="cited section"),
    Grouping(
        "cited section total by side",
        ("guideline", "section", "side"),
        summed_from="cited section by side",
    ),
    Grouping("spellings", ("section", "printed"), counts_printed_rows=True),
    *STATISTICS_GROUPINGS,
    *UNCERTIFIED_GROUPINGS,
    *CASE_GROUPINGS,
]
GROUPING_NAMES = {grouping.name for grouping in GROUPINGS}
COUNTED = [grouping for grouping in GROUPINGS if not grouping.summed_from]
ITEM_GROUPINGS = [grouping for grouping in COUNTED if not grouping.of_cases]
SUMMED = [grouping for grouping in GROUPINGS if grouping.summed_from]


def counted(case_ids: Iterable[int] | None = None) -> Counter:
    """Every grouping's counts, over the whole archive or over these cases."""
    if case_ids is None:
        counts = Counter()
        for grouping in COUNTED:
            counts.update(grouping.counted_in_sql())
        return _with_sums(counts)
    return counted_over(item_rows.of_cases(case_ids))


def counted_over(items: dict[int, item_rows.ItemRow]) -> Counter:
    """Every grouping's counts over these items (all the items of their cases), counted in
    Python."""
    counts, cases_under = Counter(), defaultdict(set)
    for item in items.values():
        facts = _item_facts(item)
        for grouping in ITEM_GROUPINGS:
            for key in grouping.keys(facts):
                counts[(grouping.name, *key)] += 1
        for grouping in CASE_GROUPINGS:
            for key in grouping.keys(facts):
                cases_under[(grouping.name, *key)].add(item.case_id)
    counts.update({key: len(cases) for key, cases in cases_under.items()})
    return _with_sums(counts)


def _with_sums(counts: Counter) -> Counter:
    for grouping in SUMMED:
        counts.update(grouping.summed(counts))
    return counts


def _item_facts(item: item_rows.ItemRow) -> ItemFacts:
    decided, received = item.decided, item.received
    return ItemFacts(
        outcome=item.outcome,
        year=decided.year if decided else 0,
        month=decided.month if decided else 0,
        category=item.category,
        subcategory=item.subcategory,
        # A reviewer counts once under a specialty (or state) held twice.
        specialty=list(dict.fromkeys(item.specialties)),
        state=list(dict.fromkeys(item.states)),
        days=(decided - received).days if decided and received else None,
        citations=item.citations,
    )


def rebuild_summaries() -> None:
    """Count everything afresh (after a bulk load, or to repair)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the big GROUP BYs hash in memory
                cursor.execute("SET LOCAL work_mem = '256MB'")
        counts = counted()
        Tally.objects.all().delete()
        _write_rows(counts)
        derived_rows.rewrite_all()
        search_rows.copy_all()
        edition.archive_changed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def recount(names) -> None:
    """The rows of these groupings counted afresh over the whole archive, or summed from
    the rows of the grouping they are summed from: a migration that adds groupings counts
    them."""
    counts = Counter()
    for grouping in COUNTED:
        if grouping.name in names:
            counts.update(grouping.counted_in_sql())
    for grouping in SUMMED:
        if grouping.name in names:
            kept = Tally.objects.filter(grouping=grouping.summed_from)
            rows = kept.values_list(*TALLY_COLUMNS, "count")
            counts.update(grouping.summed(Counter({tuple(key): n for *key, n in rows})))
    with transaction.atomic():
        Tally.objects.filter(grouping__in=names).delete()
        _write_rows(counts)
        edition.archive_changed()


def _write_rows(counts: Counter) -> None:
    Tally.objects.bulk_create(
        (
            Tally(**dict(zip(TALLY_COLUMNS, key, strict=True)), count=count)
            for key, count in counts.items()
        ),
        batch_size=5000,
    )


def differences() -> dict:
    """{key: (kept, counted afresh)} for every key where the Tally rows are wrong, and
    {(kind, item id): (kept, read afresh)} for every wrong row of decisions/derived_rows.py."""
    kept = Counter(
        {
            tuple(row[column] for column in TALLY_COLUMNS): row["count"]
            for row in Tally.objects.values(*TALLY_COLUMNS, "count")
        }
    )
    fresh = counted()
    return (
        {
            key: (kept[key], fresh[key])
            for key in kept.keys() | fresh.keys()
            if kept[key] != fresh[key]
        }
        | derived_rows.differences()
        | search_rows.differences()
    )


@contextmanager
def tallies_follow(case_ids):
    """Around a write to these cases (their items, citations, pages, sections, reviewer):
    the Tally rows follow it, in the caller's transaction."""
    case_ids = sorted(set(case_ids))
    with transaction.atomic():
        # Two writers of one case take turns, so that each counts the other's write once.
        list(Case.objects.filter(pk__in=case_ids).select_for_update().values_list("pk"))
        before = counted(case_ids)
        yield
        _follow_write(case_ids, before)


def add_new_cases(case_ids) -> None:
    """After creating these cases: their counts join the Tally rows."""
    _follow_write(case_ids, before=Counter())


def _follow_write(case_ids, before: Counter) -> None:
    """After a write to these cases (counted `before` it): the Tally rows move by the
    difference, the per-item rows are written afresh from the same reading, and the
    archive starts a new edition."""
    items = item_rows.of_cases(case_ids)  # read once for the counts and the per-item rows
    after = counted_over(items)
    after.subtract(before)
    _add(after)
    derived_rows.rewrite(case_ids, items)
    search_rows.copy(case_ids)  # after the cited keys, which it copies
    edition.archive_changed()  # last: the one row every writer updates, held briefly


ROWS_PER_STATEMENT = 500  # 17 parameters a row, under SQLite's limit of 32,766 in one statement


def _add(changes: Counter) -> None:
    """Add the changes to the Tally rows: one upsert statement per few hundred keys."""
    changes = {key: n for key, n in changes.items() if n}
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(Tally._meta.db_table)
    columns = ", ".join(quote(column) for column in TALLY_COLUMNS)
    row_marks = "(" + ", ".join(["%s"] * (len(TALLY_COLUMNS) + 1)) + ")"
    keys = sorted(changes, key=repr)  # one order for every writer: no deadlock between two
    with connection.cursor() as cursor:
        for start in range(0, len(keys), ROWS_PER_STATEMENT):
            chunk = keys[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {table} ({columns}, {quote('count')}) "
                f"VALUES {', '.join([row_marks] * len(chunk))} "
                f"ON CONFLICT ({columns}) DO UPDATE SET "
                f"{quote('count')} = {table}.{quote('count')} + excluded.{quote('count')}",
                [value for key in chunk for value in (*key, changes[key])],
            )
        emptied = [key for key in keys if changes[key] < 0]
        if emptied:
            where = " AND ".join(f"{quote(column)} = %s" for column in TALLY_COLUMNS)
            cursor.executemany(
                f"DELETE FROM {table} WHERE {quote('count')} <= 0 AND {where}", emptied
            )
