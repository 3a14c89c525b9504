"""What the clinical case summary tells: the patient's age and sex, the injury date.

The diagnoses are read in diagnoses.py.
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import US_DATE, parse_us_date
from .types import ParsedPatient

_BOILERPLATE = re.compile(
    r"^The (?:expert|physician) reviewer developed the following clinical case summary based on"
    r" a review of the case file, including all medical records:?\s*",
    re.I,
)
_AGE = re.compile(r"\b(?P<age>\d{1,3})[- ]years?[- ]old\b(?P<after>(?:\s+[A-Za-z]+){0,3})", re.I)
_SEX_WORDS = {"male": "male", "man": "male", "gentleman": "male", "female": "female",
              "woman": "female", "lady": "female"}  # fmt: skip
_SEX_WORD = re.compile(r"\b(male|female)\b", re.I)
_INJURY_DATE = re.compile(
    r"(?:injury|injuries|injured)(?:\s+[A-Za-z]+){0,3}?\s+(?:on|of|dated)\s+(?:or\s+about\s+)?"
    r"(?P<date>" + US_DATE + ")",
    re.I,
)


def summary_text(text: str) -> str:
    """The summary without its boilerplate opening sentence."""
    return _BOILERPLATE.sub("", text).strip()


def patient_of(summary: str) -> ParsedPatient:
    age = sex = None
    match = _AGE.search(summary)
    if match:
        age = int(match.group("age"))
        for word in match.group("after").split():
            if word.lower() in _SEX_WORDS:
                sex = _SEX_WORDS[word.lower()]
                break
    if sex is None:
        word = _SEX_WORD.search(summary)
        sex = word.group(1).lower() if word else None
    return ParsedPatient(age=age, sex=sex)


def injury_date_of(summary: str) -> dt.date | None:
    match = _INJURY_DATE.search(summary)
    return parse_us_date(match.group("date")) if match else None
