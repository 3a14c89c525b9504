"""The ItemExportText rows: the cells of an item's CSV line that come from other tables.

An item's line in the export names its reviewer's specialties and licence states and its
citations on both sides, each with its pages and sections: six tables. Read for every
line, those reads cost more than the rest of the export together (decisions/site/
csv_export.py). They are written out once instead, one row an item, as the export prints
them ("; "-joined, a would-be formula quoted as text), and kept exact the
way the Tally rows are (decisions/summaries.py): every write of letters (the ingest, the
admin, recategorize) rewrites the rows of the cases it touches in the same transaction;
after a bulk load `rebuild_summaries` writes them all; `check_summaries` compares them
with a fresh reading (`differences`).
"""

from collections import defaultdict

from django.db import transaction

from decisions.models import (
    CitationPage,
    CitationSection,
    CitedBy,
    DisputedItem,
    GuidelineCitation,
    ItemExportText,
    ReviewerLicense,
    ReviewerSpecialty,
)
from decisions.parsing.vocab import GUIDELINE_SHORT_NAMES

SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet (tab and carriage return
# too: some spreadsheets skip them and read the formula after).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cases read at a time when every row is written or checked: a few hundred MB at most.
CASES_AT_A_TIME = 10_000


def citation_label(guideline_id: str, pages) -> str:
    """'MTUS Chronic Pain p. 98, 99'."""
    label = GUIDELINE_SHORT_NAMES.get(guideline_id, guideline_id)
    return label + (" p. " + ", ".join(str(page) for page in pages) if pages else "")


def as_text(cell: str) -> str:
    """The cell as a spreadsheet should read it: a would-be formula quoted as text (a
    specialty or a section named by an editor could start with "=")."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def _grouped(pairs) -> dict:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def fresh_texts(**items_filter) -> dict[int, ItemExportText]:
    """{item id: its ItemExportText, unsaved} for the items filter(**items_filter) selects
    (`case__in=...`, `case__gte=..., case__lt=...`), read in six queries."""
    items = dict(DisputedItem.objects.filter(**items_filter).values_list("pk", "case__reviewer_id"))
    reviewers = set(items.values()) - {None}
    specialties = _grouped(
        ReviewerSpecialty.objects.filter(reviewer_id__in=reviewers)
        .order_by("reviewer_id", "position")
        .values_list("reviewer_id", "specialty__name")
    )
    states = _grouped(
        ReviewerLicense.objects.filter(reviewer_id__in=reviewers)
        .order_by("reviewer_id", "position")
        .values_list("reviewer_id", "state")
    )
    of_items = {f"item__{lookup}": value for lookup, value in items_filter.items()}
    of_citations = {f"citation__{lookup}": value for lookup, value in of_items.items()}
    citations = (
        GuidelineCitation.objects.filter(**of_items)
        .order_by("item_id", "position")
        .values_list("pk", "item_id", "cited_by", "guideline_id")
    )
    pages, sections = (
        _grouped(model.objects.filter(**of_citations).order_by("id").values_list("citation", field))
        for model, field in ((CitationPage, "page"), (CitationSection, "name"))
    )
    cited = defaultdict(lambda: {side: [] for side in CitedBy.values})
    for citation_id, item_id, side, guideline in citations:
        text = citation_label(guideline, pages[citation_id])
        if sections[citation_id]:
            text += f" [{', '.join(sections[citation_id])}]"
        cited[item_id][side].append(text)
    return {
        item_id: ItemExportText(
            item_id=item_id,
            reviewer_specialties=as_text(SEPARATOR.join(specialties.get(reviewer, []))),
            reviewer_states=as_text(SEPARATOR.join(states.get(reviewer, []))),
            imr_citations=as_text(SEPARATOR.join(cited[item_id][CitedBy.IMR])),
            claims_administrator_citations=as_text(
                SEPARATOR.join(cited[item_id][CitedBy.CLAIMS_ADMINISTRATOR])
            ),
        )
        for item_id, reviewer in items.items()
    }


def rewrite(case_ids) -> None:
    """Write the rows of these cases' items afresh (after a write to the cases)."""
    case_ids = list(case_ids)
    with transaction.atomic():
        ItemExportText.objects.filter(item__case__in=case_ids).delete()
        ItemExportText.objects.bulk_create(fresh_texts(case__in=case_ids).values(), batch_size=1000)


def _case_id_ranges():
    """Item filters of CASES_AT_A_TIME case ids each, over every item's case."""
    ids = DisputedItem.objects.order_by("case_id").values_list("case_id", flat=True)
    last = ids.last()
    first = ids.first()
    if first is None:
        return
    for start in range(first, last + 1, CASES_AT_A_TIME):
        yield {"case__gte": start, "case__lt": start + CASES_AT_A_TIME}


def rewrite_all() -> None:
    """Every row afresh (after a bulk load, or to repair)."""
    with transaction.atomic():
        ItemExportText.objects.all().delete()
        for cases in _case_id_ranges():
            ItemExportText.objects.bulk_create(fresh_texts(**cases).values(), batch_size=2000)


FIELDS = [
    "reviewer_specialties",
    "reviewer_states",
    "imr_citations",
    "claims_administrator_citations",
]


def _values(row: ItemExportText | None) -> tuple | None:
    return None if row is None else tuple(getattr(row, name) for name in FIELDS)


def differences() -> dict:
    """{("export text", item id): (kept, read afresh)} for every item whose row is wrong
    or missing (kept None), and every row of an item that is gone (read afresh None)."""
    wrong = {}
    for cases in _case_id_ranges():
        fresh = fresh_texts(**cases)
        of_items = {f"item__{lookup}": value for lookup, value in cases.items()}
        kept = {row.item_id: row for row in ItemExportText.objects.filter(**of_items)}
        for item_id in fresh.keys() | kept.keys():
            if _values(kept.get(item_id)) != _values(fresh.get(item_id)):
                wrong[("export text", item_id)] = (
                    _values(kept.get(item_id)),
                    _values(fresh.get(item_id)),
                )
    return wrong
