"""The reviewer: title, specialties, subspecialties and states of licensure.

Two forms. The credentials block (2016-2017 and two seeds):
    The Expert Reviewer has the following credentials:
    State(s) of Licensure: California,North Carolina
    Certification(s)/Specialty: Preventive Medicine, Occupational
    Medicine
and the seed sentence: "The expert reviewer is Board Certified in X and Y, has a
subspecialty in Z and is licensed to practice in A and B."
"""

from __future__ import annotations

import re

from .casefree import lower_case, printed
from .matching import SPECIALTY_NAMES, STATE_NAMES, match_specialty, match_state
from .types import ParsedReviewer

# Lower-case patterns, searched in the lower-cased text (see casefree.py).
_CREDENTIALS = " has the following credentials"
_TITLE = re.compile(r"sent the complete case file to an? (?P<title>[a-z ]+?reviewer)\b")
_BLOCK_TITLE = re.compile(r"the (?P<title>[a-z ]+?reviewer)" + _CREDENTIALS)
_QUALIFICATIONS_TITLE = re.compile(r"qualifications of the (?P<title>[a-z]+ reviewer)\b")
# The credentials block's labels; each value runs to the other label or to the end.
LICENSURE = "state(s) of licensure:"
CERTIFICATION = "certification(s)/specialty:"
_LIST_SEPARATOR = re.compile(r"[\s,;]*(?:(?:and|&)\s+)?", re.I)  # between names of a list
_UNKNOWN_NAME_END = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", re.I)
_SENTENCE = re.compile(
    r"\bis board certified in (?P<specialties>.+?)"
    r"(?:,? (?:and )?has a subspecialty in (?P<subspecialties>.+?))?"
    r",? and is licensed to practice in (?P<states>.+?)\.(?: |$)"
)


def parse_reviewer(section_text: str, warnings: list[str]) -> ParsedReviewer:
    """Read the reviewer from the text of "HOW THE IMR FINAL DETERMINATION WAS MADE"."""
    lowered = lower_case(section_text)
    title = _title(lowered)
    licensure = _block_value(section_text, lowered, LICENSURE, CERTIFICATION)
    certification = _block_value(section_text, lowered, CERTIFICATION, LICENSURE)
    if licensure is not None or certification is not None:
        return ParsedReviewer(
            title=title,
            specialties=_specialties(certification or "", warnings),
            licensed_in=_states(licensure or "", warnings),
        )
    sentence = _SENTENCE.search(lowered)
    if sentence:
        subspecialties = printed(section_text, sentence, "subspecialties")
        return ParsedReviewer(
            title=title,
            specialties=_specialties(printed(section_text, sentence, "specialties"), warnings),
            subspecialties=tuple(_split_names(subspecialties, SPECIALTY_NAMES))
            if subspecialties
            else (),
            licensed_in=_states(printed(section_text, sentence, "states"), warnings),
        )
    warnings.append("reviewer: neither a credentials block nor a Board Certified sentence found")
    return ParsedReviewer(title=title)


def _block_value(text: str, lowered: str, label: str, other_label: str) -> str | None:
    """The value after a label of the credentials block, as printed; None without the label."""
    start = lowered.find(label)
    if start < 0:
        return None
    start += len(label)
    end = lowered.find(other_label, start)
    return text[start : end if end >= 0 else len(text)]


def _title(lowered: str) -> str | None:
    match = None
    credentials = lowered.find(_CREDENTIALS)
    if credentials >= 0:
        # The title has only letters and spaces: its sentence's full stop bounds the search.
        match = _BLOCK_TITLE.search(lowered, lowered.rfind(".", 0, credentials) + 1)
    match = match or _TITLE.search(lowered) or _QUALIFICATIONS_TITLE.search(lowered)
    return " ".join(match.group("title").split()) if match else None


def _split_names(text: str, known_names: re.Pattern) -> list[str]:
    """Split a list of names where the vocabulary says a name ends, not at every "and".

    "Anesthesiology and Pain Medicine" is two names; "Physical Medicine and Rehabilitation"
    and "Public Health & General Preventive Medicine" are one. A name the vocabulary does
    not know runs to the next comma, or to an "and" that a known name follows.
    """
    text = " ".join(text.split()).strip(" .,;")
    names: list[str] = []
    position = 0
    while position < len(text):
        position = _LIST_SEPARATOR.match(text, position).end()
        known = known_names.match(text, position)
        if known:
            end = known.end()
        else:
            end = len(text)
            for separator in _UNKNOWN_NAME_END.finditer(text, position):
                if separator.group(0).startswith(",") or known_names.match(text, separator.end()):
                    end = separator.start()
                    break
        name = text[position:end].strip(" .,;")
        if name:
            names.append(name)
        position = max(end, position + 1)
    return names


def _specialties(text: str, warnings: list[str]) -> tuple[str, ...]:
    specialties = []
    for name in _split_names(text, SPECIALTY_NAMES):
        canonical, warning = match_specialty(name)
        if warning:
            warnings.append(f"reviewer: {warning}")
        if canonical is None:
            warnings.append(
                f"reviewer: specialty {name!r} is not in the vocabulary; kept as written"
            )
            canonical = name
        if canonical not in specialties:
            specialties.append(canonical)
    return tuple(specialties)


def _states(text: str, warnings: list[str]) -> tuple[str, ...]:
    states = []
    for name in _split_names(text, STATE_NAMES):
        state = match_state(name)
        if state is None:
            warnings.append(
                f"reviewer: state of licensure {name!r} is not a US state; kept as written"
            )
            state = name
        states.append(state)
    return tuple(states)
