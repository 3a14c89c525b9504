"""The hand-built archive the figure and view tests share."""

import datetime as dt

import pytest

from .builders import OVER, UP, make_case, make_item, make_reviewer


@pytest.fixture
def archive(db):
    """Three cases, six items, with known rates, dates and citations."""
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
