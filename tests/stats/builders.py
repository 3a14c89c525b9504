"""Small builders for hand-made archives: the figures need dates and citations on demand."""

import datetime as dt
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


def build_archive():
    """Three cases, six items, with known rates, dates and citations (see tests/stats)."""
    pain = make_reviewer("Pain Management", "Anesthesiology")
    ortho = make_reviewer("Orthopedic Surgery")
    pain_case = make_case(pain, dt.date(2016, 1, 4), dt.date(2016, 1, 24))  # 20 days
    make_item(
        pain_case, OVER, "Pharmaceuticals", imr=["mtus-opioids"], claims_administrator=["odg"]
    )
    make_item(pain_case, UP, "Pharmaceuticals", imr=["odg"], claims_administrator=["odg"])
    make_item(
        pain_case, UP, "Injection", imr=["mtus-chronic-pain", "odg"], claims_administrator=["odg"]
    )
    ortho_case = make_case(ortho, dt.date(2016, 1, 1), dt.date(2016, 1, 31))  # 30 days
    make_item(ortho_case, OVER, "Surgery", imr=["mtus-acoem"], claims_administrator=[])
    make_item(ortho_case, UP, "", imr=[], claims_administrator=[])
    no_reviewer = make_case(None, dt.date(2016, 2, 1), dt.date(2016, 3, 2))  # 30 days, March
    make_item(no_reviewer, OVER, "Surgery", imr=["mtus-acoem"], claims_administrator=["odg"])
