"""Re-apply the treatment category rules to stored items, for when the rules improve."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from decisions.categories import DERIVED_FIELDS, classify_treatment
from decisions.models import DisputedItem
from decisions.summaries import tallies_follow

CHUNK_SIZE = 1000
# What the rules and the summary read of an item.
READ_FIELDS = ("pk", "description", "category", "subcategory", "corrected_fields")


@dataclass
class RecategorizeSummary:
    checked: int = 0
    changed: int = 0
    kept_corrected: int = 0
    moves: Counter = field(default_factory=Counter)  # ((old cat, old sub), (new cat, new sub))


def recategorize_items(dry_run: bool = False) -> RecategorizeSummary:
    """Classify every item's description again; keep what an editor corrected.

    Items are read CHUNK_SIZE at a time with only the fields the rules need (not the long
    rationale), and each chunk's changes are written before the next is read, so memory
    stays flat; the changes all go in one transaction.
    """
    summary = RecategorizeSummary()
    items = DisputedItem.objects.order_by("pk").only(*READ_FIELDS)
    last_pk = 0
    with transaction.atomic():
        # Keyset paging (pk > the last one seen): each chunk is one short query.
        while chunk := list(items.filter(pk__gt=last_pk)[:CHUNK_SIZE]):
            last_pk = chunk[-1].pk
            changed = _reclassify(chunk, summary)
            summary.changed += len(changed)
            if changed and not dry_run:
                _save(changed)
    return summary


def _reclassify(items, summary: RecategorizeSummary) -> dict[int, tuple[str, str]]:
    """{item id: (new category, new subcategory)} for the items whose category moves."""
    changed = {}
    for item in items:
        summary.checked += 1
        if DERIVED_FIELDS & set(item.corrected_fields or []):
            summary.kept_corrected += 1
            continue
        new = classify_treatment(item.description)
        old = (item.category, item.subcategory)
        if old != (new.category, new.subcategory):
            summary.moves[(old, (new.category, new.subcategory))] += 1
            changed[item.pk] = (new.category, new.subcategory)
    return changed


def _save(changed: dict[int, tuple[str, str]]) -> None:
    # The history rows copy every field, so the changed items are read whole (a few).
    items = list(DisputedItem.objects.filter(pk__in=changed).order_by("pk"))
    for item in items:
        item.category, item.subcategory = changed[item.pk]
    with tallies_follow(item.case_id for item in items):
        _save_with_history(items)


def _save_with_history(items) -> None:
    bulk_update_with_history(
        items,
        DisputedItem,
        sorted(DERIVED_FIELDS),
        batch_size=500,
        default_change_reason="recategorize: treatment category rules re-applied",
    )
