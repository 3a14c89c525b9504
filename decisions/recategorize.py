"""Re-apply the treatment category rules to stored items, for when the rules improve."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from decisions.categories import DERIVED_FIELDS, classify_treatment
from decisions.models import DisputedItem


@dataclass
class RecategorizeSummary:
    checked: int = 0
    changed: int = 0
    kept_corrected: int = 0
    moves: Counter = field(default_factory=Counter)  # ((old cat, old sub), (new cat, new sub))


def recategorize_items(dry_run: bool = False) -> RecategorizeSummary:
    """Classify every item's description again; keep what an editor corrected."""
    summary = RecategorizeSummary()
    changed = []
    for item in DisputedItem.objects.order_by("pk").iterator(chunk_size=1000):
        summary.checked += 1
        if DERIVED_FIELDS & set(item.corrected_fields or []):
            summary.kept_corrected += 1
            continue
        new = classify_treatment(item.description)
        old = (item.category, item.subcategory)
        if old != (new.category, new.subcategory):
            summary.moves[(old, (new.category, new.subcategory))] += 1
            item.category, item.subcategory = new.category, new.subcategory
            changed.append(item)
    summary.changed = len(changed)
    if changed and not dry_run:
        with transaction.atomic():
            bulk_update_with_history(
                changed,
                DisputedItem,
                ["category", "subcategory"],
                batch_size=500,
                default_change_reason="recategorize: treatment category rules re-applied",
            )
    return summary
