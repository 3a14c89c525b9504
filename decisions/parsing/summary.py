"""What the clinical case summary tells: the patient's age and sex, diagnoses, injury date."""

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
_DIAGNOSES = re.compile(
    r"(?:diagnosed\s+as\s+having|diagnosed\s+with"
    r"|diagnoses\s+(?:are|were|include[sd]?|included)(?:\s+documented\s+as)?|diagnoses\s+of)"
    r"\s+(?P<list>.+?)(?:\.(?=\s*(?-i:[A-Z])|\s*$)|$)",
    re.I,
)


def _first_diagnosis_list(summary: str) -> re.Match | None:
    """The first place a list of diagnoses starts ("diagnosed with", "diagnoses of" ...).

    Only the places where "diagnos" occurs are tried: far quicker than a regex search.
    """
    lowered = summary.lower()
    position = lowered.find("diagnos")
    while position >= 0:
        match = _DIAGNOSES.match(summary, position)
        if match:
            return match
        position = lowered.find("diagnos", position + 7)
    return None


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


# A piece of a comma list that continues the diagnosis before it: ICD-10 wording such as
# "strain of muscle, fascia and tendon" or "lumbar strain, subsequent encounter".
_CONTINUATION = re.compile(
    r"^(?:subsequent(?:\s+encounter)?|initial\s+encounter|sequela|fascia|tendon|and\s+tendon"
    r"|unspecified$|not\s+elsewhere\s+classified|with(?:out)?\s)",
    re.I,
)
# "neck and shoulder strain" is one diagnosis: no split after a lone body part.
_LONE_BODY_PART = re.compile(
    r"^(?:neck|back|shoulder|elbow|wrist|hand|hip|knee|ankle|foot|arm|leg|left|right)$", re.I
)


def diagnoses_of(summary: str) -> tuple[str, ...]:
    """The first diagnosis list of the summary, split into single diagnoses, as written.

    A list with semicolons splits on them only. Otherwise it splits on commas, keeping ICD
    wording together ("strain of muscle, fascia and tendon"), and its last piece also at
    its first "and" or "as well as" ("A, B and C" is three; "myalgia and myositis,
    cervicalgia" keeps the first whole).
    """
    match = _first_diagnosis_list(summary)
    if not match or match.group("list").lower().startswith(("being ", "not ")):
        return ()
    written = match.group("list")
    separator = r"\s*;\s*" if ";" in written else r"\s*,\s*"
    pieces: list[str] = []
    for piece in re.split(separator, written):
        piece = piece.strip()
        if piece and pieces and _CONTINUATION.match(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        elif piece:
            pieces.append(piece)
    if not pieces:
        return ()
    last = pieces.pop()
    if re.match(r"and\s+", last) and pieces:
        pieces.append(last[4:])
    else:
        halves = re.split(r"\s+(?:and|as\s+well\s+as)\s+", last, maxsplit=1)
        if len(halves) == 2 and _LONE_BODY_PART.match(halves[0]):
            halves = [last]
        pieces.extend(halves)
    return tuple(piece.strip(" .") for piece in pieces if piece.strip(" ."))
