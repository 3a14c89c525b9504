"""Small builders of archive rows, for tests that need values the fixture letters lack (case
numbers, dates, many items, corrections). Guidelines get the names ingest gives them."""

import datetime as dt
import hashlib
import itertools

from decisions.models import (
    Case,
    CitationPage,
    CitationSection,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    Reviewer,
    ReviewerLicense,
    ReviewerSpecialty,
    Specialty,
)
from decisions.parsing.vocab import GUIDELINES

_serial = itertools.count(1)


def reviewer(specialties=("Pain Management",), states=("California",)) -> Reviewer:
    """The one reviewer with these certifications and licences (made on first use)."""
    key = hashlib.sha256(repr((specialties, states)).encode()).hexdigest()
    row, created = Reviewer.objects.get_or_create(
        profile_key=key, defaults={"title": "expert reviewer"}
    )
    if created:
        for position, name in enumerate(specialties):
            specialty, _ = Specialty.objects.get_or_create(name=name)
            ReviewerSpecialty.objects.create(reviewer=row, specialty=specialty, position=position)
        for position, state in enumerate(states):
            ReviewerLicense.objects.create(reviewer=row, state=state, position=position)
    return row


def case(case_number=None, decided=None, by=None, **values) -> Case:
    """A case decided on `decided` (a date or "YYYY-MM-DD") by the reviewer `by`; any other
    Case field as a keyword."""
    serial = next(_serial)
    values.setdefault("source_path", f"built/letter-{serial}.txt")
    values.setdefault("source_sha256", hashlib.sha256(str(serial).encode()).hexdigest())
    values.setdefault("layout", "built")
    if isinstance(decided, str):
        decided = dt.date.fromisoformat(decided)
    return Case.objects.create(
        case_number=case_number, decision_date=decided, reviewer=by, **values
    )


def item(of_case, description="Massage therapy x6", outcome="upheld", **values) -> DisputedItem:
    number = of_case.items.count() + 1
    return DisputedItem.objects.create(
        case=of_case, number=number, description=description, outcome=outcome, **values
    )


def cite(
    of_item, guideline="mtus-chronic-pain", cited_by="imr", pages=(), sections=(), text=None
) -> GuidelineCitation:
    Guideline.objects.get_or_create(id=guideline, defaults={"name": GUIDELINES[guideline]})
    citation = GuidelineCitation.objects.create(
        item=of_item,
        position=of_item.citations.count(),
        cited_by=cited_by,
        guideline_id=guideline,
        text=text or f"{GUIDELINES[guideline]} Page(s): {pages}",
    )
    CitationPage.objects.bulk_create(CitationPage(citation=citation, page=p) for p in pages)
    CitationSection.objects.bulk_create(
        CitationSection(citation=citation, name=s) for s in sections
    )
    return citation
