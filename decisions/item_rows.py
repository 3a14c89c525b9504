"""One reading of a set of items with the rows hanging off them, for the derived tables.

The Tally counts (decisions/summaries.py) and the export rows (decisions/export_text.py)
both read, of the same items, their case's dates, the reviewer's specialties and licence
states, and the citations with their pages and sections. A write of letters refreshes both
for the cases it touches, so both are served by this one reading: six queries, whatever
the number of items.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from decisions.models import (
    CitationPage,
    CitationSection,
    DisputedItem,
    GuidelineCitation,
    ReviewerLicense,
    ReviewerSpecialty,
)


@dataclass
class CitationRow:
    guideline: str
    side: str
    pages: list[int] = field(default_factory=list)  # in the order written
    # (lower-cased by the database, as printed): the database's lower-casing, so that the
    # counts made here agree with those made in SQL.
    sections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ItemRow:
    case_id: int
    decided: dt.date | None
    received: dt.date | None
    outcome: str
    category: str
    subcategory: str
    specialties: list[str]  # the reviewer's, in their order (as held: a repeat stays)
    states: list[str]
    citations: list[CitationRow] = field(default_factory=list)  # in the letter's order


def of_cases(case_ids) -> dict[int, ItemRow]:
    return read(case__in=sorted(set(case_ids)))


def read(**items_filter) -> dict[int, ItemRow]:
    """{item id: ItemRow} for the items DisputedItem.objects.filter(**items_filter)
    selects (`case__in=...`, `case__gte=..., case__lt=...`)."""
    items = DisputedItem.objects.filter(**items_filter).values_list(
        "pk",
        "case_id",
        "case__reviewer_id",
        "case__decision_date",
        "case__application_received",
        "outcome",
        "category",
        "subcategory",
    )
    items = {row[0]: row[1:] for row in items}
    reviewers = {reviewer for _, reviewer, *_ in items.values()} - {None}
    specialties, states = (
        _grouped(
            model.objects.filter(reviewer_id__in=reviewers)
            .order_by("reviewer_id", "position")
            .values_list("reviewer_id", name)
        )
        for model, name in ((ReviewerSpecialty, "specialty__name"), (ReviewerLicense, "state"))
    )
    rows = {
        item_id: ItemRow(
            case_id=case_id,
            decided=decided,
            received=received,
            outcome=outcome,
            category=category,
            subcategory=subcategory,
            specialties=specialties.get(reviewer, []),
            states=states.get(reviewer, []),
        )
        for item_id, (case_id, reviewer, decided, received, outcome, category, subcategory) in (
            items.items()
        )
    }
    of_items = {f"item__{lookup}": value for lookup, value in items_filter.items()}
    of_citations = {f"citation__{lookup}": value for lookup, value in of_items.items()}
    citations = {}
    for citation_id, item_id, guideline, side in (
        GuidelineCitation.objects.filter(**of_items)
        .order_by("item_id", "position")
        .values_list("pk", "item_id", "guideline_id", "cited_by")
    ):
        citations[citation_id] = CitationRow(guideline, side)
        rows[item_id].citations.append(citations[citation_id])
    for citation_id, page in (
        CitationPage.objects.filter(**of_citations).order_by("id").values_list("citation", "page")
    ):
        citations[citation_id].pages.append(page)
    for citation_id, *section in (
        CitationSection.objects.filter(**of_citations)
        .order_by("id")
        .values_list("citation", Lower("name"), "name")
    ):
        citations[citation_id].sections.append(tuple(section))
    return rows


def _grouped(pairs) -> dict:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped
