"""Small builders for hand-made archives: the figures need dates and citations on demand."""

import itertools

from decisions.models import (
    Case,
    CitedBy,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    Outcome,
    Reviewer,
    ReviewerSpecialty,
    Specialty,
)

_serial = itertools.count(1)
IMR, CA = CitedBy.IMR, CitedBy.CLAIMS_ADMINISTRATOR
UP, OVER = Outcome.UPHELD, Outcome.OVERTURNED


def make_reviewer(*specialties: str) -> Reviewer:
    reviewer = Reviewer.objects.create(profile_key=f"profile-{next(_serial)}")
    for position, name in enumerate(specialties):
        specialty, _ = Specialty.objects.get_or_create(name=name)
        ReviewerSpecialty.objects.create(reviewer=reviewer, specialty=specialty, position=position)
    return reviewer


def make_case(reviewer=None, received=None, decided=None) -> Case:
    serial = next(_serial)
    return Case.objects.create(
        case_number=f"CM16-{serial:07d}",
        reviewer=reviewer,
        application_received=received,
        decision_date=decided,
        layout="test",
        source_path=f"letters/{serial}.pdf",
        source_sha256=f"{serial:064d}",
    )


def make_item(case, outcome, category="", imr=(), claims_administrator=()) -> DisputedItem:
    """An item citing the guideline ids `imr` (MAXIMUS) and `claims_administrator`."""
    item = DisputedItem.objects.create(
        case=case,
        number=case.items.count() + 1,
        description="a disputed treatment",
        outcome=outcome,
        category=category,
    )
    cited = [(IMR, gid) for gid in imr] + [(CA, gid) for gid in claims_administrator]
    for position, (cited_by, guideline_id) in enumerate(cited):
        guideline, _ = Guideline.objects.get_or_create(
            id=guideline_id, defaults={"name": guideline_id.upper()}
        )
        GuidelineCitation.objects.create(
            item=item, position=position, cited_by=cited_by, guideline=guideline, text=guideline_id
        )
    return item
