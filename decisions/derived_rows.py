"""Rows derived from each item and the rows hanging off it, kept exact like the Tally rows.

Each kind is one row an item, made from the item as decisions/item_rows.py reads it:
- the export's cells from other tables (ItemExportText, decisions/export_text.py);
- the guideline ids and sections the item's citations name (ItemCitedKeys), which the
  facets of a search count.

Every write of letters rewrites the rows of the cases it touches, in its transaction and
from the reading the Tally counts are made of (`summaries.tallies_follow`,
`add_new_cases`); after a bulk load `rebuild_summaries` writes them all (`rewrite_all`);
`check_summaries` compares them with a fresh reading (`differences`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction

from decisions import export_text, item_rows
from decisions.item_rows import ItemRow
from decisions.models import DisputedItem, ItemCitedKeys, ItemExportText

# Cases read at a time when every row is written or checked: a few hundred MB at most.
CASES_AT_A_TIME = 10_000


def cited_keys_of(item_id: int, item: ItemRow) -> ItemCitedKeys:
    """The item's ItemCitedKeys row, unsaved: each value once, in a fixed order."""
    return ItemCitedKeys(
        item_id=item_id,
        guidelines=sorted({citation.guideline for citation in item.citations}),
        sections=sorted(
            {lowered for citation in item.citations for lowered, _ in citation.sections} - {""}
        ),
    )


@dataclass(frozen=True)
class PerItem:
    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    made_from: Callable[[int, ItemRow], models.Model]  # (item id, its reading) -> a row

    def rows_of(self, items: dict[int, ItemRow]) -> list[models.Model]:
        return [self.made_from(item_id, item) for item_id, item in items.items()]

    def values(self, row) -> tuple | None:
        return None if row is None else tuple(getattr(row, name) for name in self.fields)


EXPORT_TEXT = PerItem("export text", ItemExportText, export_text.FIELDS, export_text.text_of)
CITED_KEYS = PerItem("cited keys", ItemCitedKeys, ("guidelines", "sections"), cited_keys_of)
KINDS = (EXPORT_TEXT, CITED_KEYS)


def rewrite(case_ids, items: dict[int, ItemRow], kinds=KINDS) -> None:
    """Write the rows of these cases' items afresh (after a write to the cases), from
    their items as read after the write."""
    case_ids = list(case_ids)
    with transaction.atomic():
        for kind in kinds:
            kind.model.objects.filter(item__case__in=case_ids).delete()
            kind.model.objects.bulk_create(kind.rows_of(items), batch_size=1000)


def rewrite_all(kinds=KINDS) -> None:
    """Every row afresh (after a bulk load, or to repair): each case range read once."""
    with transaction.atomic():
        for kind in kinds:
            kind.model.objects.all().delete()
        for cases in _case_id_ranges():
            items = item_rows.read(**cases)
            for kind in kinds:
                kind.model.objects.bulk_create(kind.rows_of(items), batch_size=2000)


def differences(kinds=KINDS) -> dict:
    """{(kind, item id): (kept, read afresh)} for every item whose row is wrong or missing
    (kept None), and every row of an item that is gone (read afresh None)."""
    wrong = {}
    for cases in _case_id_ranges():
        items = item_rows.read(**cases)
        of_items = {f"item__{lookup}": value for lookup, value in cases.items()}
        for kind in kinds:
            fresh = {row.item_id: row for row in kind.rows_of(items)}
            kept = {row.item_id: row for row in kind.model.objects.filter(**of_items)}
            for item_id in fresh.keys() | kept.keys():
                pair = (kind.values(kept.get(item_id)), kind.values(fresh.get(item_id)))
                if pair[0] != pair[1]:
                    wrong[(kind.name, item_id)] = pair
    return wrong


def _case_id_ranges():
    """Item filters of CASES_AT_A_TIME case ids each, over every item's case."""
    ids = DisputedItem.objects.order_by("case_id").values_list("case_id", flat=True)
    first, last = ids.first(), ids.last()
    if first is None:
        return
    for start in range(first, last + 1, CASES_AT_A_TIME):
        yield {"case__gte": start, "case__lt": start + CASES_AT_A_TIME}
