"""The Tally rows: the archive's counts kept ready and exact.

A grouping is a GROUP BY over the disputed items (or the cases): which Tally columns it
fills, from which expression. Counting the whole archive this way takes minutes at a
million letters, so it is done once (`rebuild_summaries`, after a bulk load) and then kept
exact by difference: every write of letters runs inside `tallies_follow(case_ids)`, which
counts those cases' rows before and after the write and adds the difference, in the same
transaction. The ingest, the admin and recategorize all do so; `check_summaries` compares
the rows with a fresh count.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, ExtractYear

from decisions.models import TALLY_KEY, Case, DisputedItem, Tally
from decisions.querysets import SECTION_KEY

YEAR = Coalesce(ExtractYear("case__decision_date"), Value(0))
# A column named as the item's own field is read as it is.
OUTCOME = {"outcome": "outcome"}
CATEGORY = {"category": "category", "subcategory": "subcategory"}
SPECIALTY = {"specialty": F("case__reviewer__specialty_links__specialty__name")}
STATE = {"state": F("case__reviewer__licenses__state")}
GUIDELINE = {"guideline": F("citations__guideline_id")}
SIDE = {"side": F("citations__cited_by")}
PAGE = {"page": F("citations__pages__page")}
SECTION = {"section": SECTION_KEY}


@dataclass(frozen=True)
class Grouping:
    name: str
    columns: dict = field(default_factory=dict)  # Tally column -> expression over the source
    of_cases: bool = False  # counts cases rather than items
    # The rows a section is printed in, rather than the items citing it (its usual spelling).
    counts_printed_rows: bool = False

    def rows(self, case_ids=None):
        """{key: count}, the key being the Tally column values in TALLY_COLUMNS order."""
        if self.of_cases:
            source, counted = Case.objects.all(), Count("pk")
        elif self.counts_printed_rows:
            source, counted = DisputedItem.objects.all(), Count("citations__sections")
        else:
            source, counted = DisputedItem.objects.all(), Count("pk", distinct=True)
        if case_ids is not None:
            source = source.filter(**{"pk__in" if self.of_cases else "case_id__in": case_ids})
        fields = [column for column, source_path in self.columns.items() if column == source_path]
        expressions = {c: e for c, e in self.columns.items() if c not in fields}
        grouped = source.order_by().values(*fields, **expressions).annotate(tallied=counted)
        for column in self.columns:
            grouped = grouped.exclude(**{f"{column}__isnull": True})
        counts = Counter()
        for row in grouped:
            if row["tallied"]:
                key = tuple(row.get(column, DEFAULTS[column]) for column in TALLY_COLUMNS[1:])
                counts[(self.name, *key)] += row["tallied"]
        return counts


GROUPINGS = [
    # The item browser's summary and facets (decisions/site/tallies.py chooses among them).
    Grouping("items", {**OUTCOME, "year": YEAR, **CATEGORY}),
    Grouping("specialty", {**OUTCOME, "year": YEAR, **CATEGORY, **SPECIALTY}),
    Grouping("state", {**OUTCOME, "year": YEAR, **CATEGORY, **STATE}),
    Grouping("specialty,state", {**OUTCOME, "year": YEAR, **SPECIALTY, **STATE}),
    Grouping("guideline", {**OUTCOME, "year": YEAR, **CATEGORY, **GUIDELINE}),
    Grouping("guideline,specialty", {**OUTCOME, "year": YEAR, **SPECIALTY, **GUIDELINE}),
    Grouping("guideline,state", {**OUTCOME, "year": YEAR, **STATE, **GUIDELINE}),
    Grouping("section", {**OUTCOME, "year": YEAR, **SECTION}),
    Grouping("section,specialty", {**OUTCOME, "year": YEAR, **SPECIALTY, **SECTION}),
    Grouping("section,state", {**OUTCOME, "year": YEAR, **STATE, **SECTION}),
    # /guidelines/ and the home page: what is cited, by either side or by one.
    Grouping("cited guideline", {**OUTCOME, **GUIDELINE}),
    Grouping("cited guideline by side", {**OUTCOME, **GUIDELINE, **SIDE}),
    Grouping("cited page", {**OUTCOME, **GUIDELINE, **PAGE}),
    Grouping("cited page by side", {**OUTCOME, **GUIDELINE, **PAGE, **SIDE}),
    Grouping("cited section", {**OUTCOME, **GUIDELINE, **SECTION}),
    Grouping("cited section by side", {**OUTCOME, **GUIDELINE, **SECTION, **SIDE}),
    Grouping(
        "spellings",
        {**SECTION, "printed": F("citations__sections__name")},
        counts_printed_rows=True,
    ),
    Grouping("cases", {"year": Coalesce(ExtractYear("decision_date"), Value(0))}, of_cases=True),
]
GROUPING_NAMES = {grouping.name for grouping in GROUPINGS}

TALLY_COLUMNS = TALLY_KEY
DEFAULTS = {column: "" for column in TALLY_COLUMNS} | {"year": 0, "page": 0}


def counted(case_ids=None) -> Counter:
    """Every grouping's counts, over the whole archive or over these cases."""
    counts = Counter()
    for grouping in GROUPINGS:
        counts.update(grouping.rows(case_ids))
    return counts


def rebuild_summaries() -> None:
    """Count everything afresh (after a bulk load, or to repair)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the big GROUP BYs hash in memory
                cursor.execute("SET LOCAL work_mem = '256MB'")
        Tally.objects.all().delete()
        Tally.objects.bulk_create(
            (
                Tally(**dict(zip(TALLY_COLUMNS, key, strict=True)), count=count)
                for key, count in counted().items()
            ),
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def differences() -> dict:
    """{key: (kept, counted afresh)} for every key where the Tally rows are wrong."""
    kept = Counter(
        {
            tuple(row[column] for column in TALLY_COLUMNS): row["count"]
            for row in Tally.objects.values(*TALLY_COLUMNS, "count")
        }
    )
    fresh = counted()
    return {
        key: (kept[key], fresh[key])
        for key in kept.keys() | fresh.keys()
        if kept[key] != fresh[key]
    }


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
        after = counted(case_ids)
        after.subtract(before)
        _add(after)


def add_new_cases(case_ids) -> None:
    """After creating these cases: their counts join the Tally rows."""
    _add(counted(sorted(set(case_ids))))


def _add(changes: Counter) -> None:
    changes = {key: n for key, n in changes.items() if n}
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(Tally._meta.db_table)
    columns = ", ".join(quote(column) for column in TALLY_COLUMNS)
    marks = ", ".join(["%s"] * (len(TALLY_COLUMNS) + 1))
    keys = sorted(changes, key=repr)  # one order for every writer: no deadlock between two
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}, {quote('count')}) VALUES ({marks}) "
            f"ON CONFLICT ({columns}) DO UPDATE SET "
            f"{quote('count')} = {table}.{quote('count')} + excluded.{quote('count')}",
            [(*key, changes[key]) for key in keys],
        )
        emptied = [key for key in keys if changes[key] < 0]
        if emptied:
            where = " AND ".join(f"{quote(column)} = %s" for column in TALLY_COLUMNS)
            cursor.executemany(
                f"DELETE FROM {table} WHERE {quote('count')} <= 0 AND {where}", emptied
            )
