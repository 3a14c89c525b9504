"""Small builders for hand-made archives: the figures need dates and citations on demand."""

import datetime as dt
import itertools

from decisions.models import Case, CitedBy, DisputedItem, Outcome, Reviewer
from tests import builders

_case_numbers = itertools.count(1)
IMR, CA = CitedBy.IMR, CitedBy.CLAIMS_ADMINISTRATOR
UP, OVER = Outcome.UPHELD, Outcome.OVERTURNED


def make_reviewer(*specialties: str) -> Reviewer:
    return builders.reviewer(specialties, states=())


def make_case(reviewer=None, received=None, decided=None) -> Case:
    return builders.case(
        f"CM16-{next(_case_numbers):07d}",
        decided=decided,
        by=reviewer,
        application_received=received,
    )


def make_item(case, outcome, category="", imr=(), claims_administrator=()) -> DisputedItem:
    """An item citing the guideline ids `imr` (MAXIMUS) and `claims_administrator`."""
    item = builders.item(case, "a disputed treatment", outcome, category=category)
    for cited_by, guideline_ids in ((IMR, imr), (CA, claims_administrator)):
        for guideline_id in guideline_ids:
            builders.cite(item, guideline_id, cited_by, text=guideline_id)
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
