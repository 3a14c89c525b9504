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

from django.db import transaction

from decisions import item_rows
from decisions.models import CitedBy, DisputedItem, ItemExportText
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


def texts_of(items: dict[int, item_rows.ItemRow]) -> dict[int, ItemExportText]:
    """{item id: its ItemExportText, unsaved} for these items (as item_rows reads them)."""
    return {item_id: _text_of(item_id, item) for item_id, item in items.items()}


def _text_of(item_id: int, item: item_rows.ItemRow) -> ItemExportText:
    cited = {side: [] for side in CitedBy.values}
    for citation in item.citations:
        text = citation_label(citation.guideline, citation.pages)
        if citation.sections:
            text += f" [{', '.join(printed for _, printed in citation.sections)}]"
        cited[citation.side].append(text)
    return ItemExportText(
        item_id=item_id,
        reviewer_specialties=as_text(SEPARATOR.join(item.specialties)),
        reviewer_states=as_text(SEPARATOR.join(item.states)),
        imr_citations=as_text(SEPARATOR.join(cited[CitedBy.IMR])),
        claims_administrator_citations=as_text(SEPARATOR.join(cited[CitedBy.CLAIMS_ADMINISTRATOR])),
    )


def rewrite(case_ids, items: dict[int, item_rows.ItemRow]) -> None:
    """Write the rows of these cases' items afresh (after a write to the cases), from
    their items as read after the write."""
    with transaction.atomic():
        ItemExportText.objects.filter(item__case__in=list(case_ids)).delete()
        ItemExportText.objects.bulk_create(texts_of(items).values(), batch_size=1000)


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
            ItemExportText.objects.bulk_create(
                texts_of(item_rows.read(**cases)).values(), batch_size=2000
            )


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
        fresh = texts_of(item_rows.read(**cases))
        of_items = {f"item__{lookup}": value for lookup, value in cases.items()}
        kept = {row.item_id: row for row in ItemExportText.objects.filter(**of_items)}
        for item_id in fresh.keys() | kept.keys():
            if _values(kept.get(item_id)) != _values(fresh.get(item_id)):
                wrong[("export text", item_id)] = (
                    _values(kept.get(item_id)),
                    _values(fresh.get(item_id)),
                )
    return wrong
