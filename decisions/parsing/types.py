"""What the parser returns: frozen dataclasses that mirror the `imr-letter/1` JSON contract.

See ../shared/docs/letter-json.md (the contract) and docs/letter-json.md in this repo.
Nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SCHEMA = "imr-letter/1"

UPHELD = "upheld"
OVERTURNED = "overturned"
CITED_BY_CLAIMS_ADMINISTRATOR = "claims_administrator"
CITED_BY_IMR = "imr"


class LetterParseError(Exception):
    """A file that is not a readable IMR letter: empty, image-only, another document, truncated."""

    def __init__(self, path: str | None, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path or '<text>'}: {reason}")

    @property
    def unknown_layout(self) -> bool:
        """A document of a layout the parser does not know (not a damaged letter)."""
        return self.reason.startswith(UNKNOWN_LAYOUT)


UNKNOWN_LAYOUT = "unknown layout:"  # how the reason of such an error starts


@dataclass(frozen=True)
class ParsedCitation:
    cited_by: str  # CITED_BY_CLAIMS_ADMINISTRATOR or CITED_BY_IMR
    guideline: str  # a canonical id from vocab.GUIDELINES
    edition: int | None
    chapter: str | None
    sections: tuple[str, ...]
    pages: tuple[int, ...]
    text: str

    def to_json(self) -> dict:
        return {
            "cited_by": self.cited_by,
            "guideline": self.guideline,
            "edition": self.edition,
            "chapter": self.chapter,
            "sections": list(self.sections),
            "pages": list(self.pages),
            "text": self.text,
        }


@dataclass(frozen=True)
class ParsedItem:
    number: int
    description: str
    outcome: str | None  # UPHELD or OVERTURNED; None only with a warning
    original_request: str | None
    authorized_portion: str | None
    citations: tuple[ParsedCitation, ...]
    rationale: str | None

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "description": self.description,
            "outcome": self.outcome,
            "original_request": self.original_request,
            "authorized_portion": self.authorized_portion,
            "citations": [citation.to_json() for citation in self.citations],
            "rationale": self.rationale,
        }


@dataclass(frozen=True)
class ParsedReviewer:
    title: str | None = None
    specialties: tuple[str, ...] = ()
    subspecialties: tuple[str, ...] = ()
    licensed_in: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "specialties": list(self.specialties),
            "subspecialties": list(self.subspecialties),
            "licensed_in": list(self.licensed_in),
        }


@dataclass(frozen=True)
class ParsedPatient:
    age: int | None = None
    sex: str | None = None  # "male" / "female"

    def to_json(self) -> dict:
        return {"age": self.age, "sex": self.sex}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class ParsedLetter:
    source_path: str | None
    sha256: str
    layout: str
    case_number: str | None = None
    date_assigned: dt.date | None = None
    injury_date: dt.date | None = None
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    application_received: dt.date | None = None
    priority: str | None = None  # "standard" / "expedited"
    reviewer: ParsedReviewer = field(default_factory=ParsedReviewer)
    patient: ParsedPatient = field(default_factory=ParsedPatient)
    diagnoses: tuple[str, ...] = ()
    clinical_summary: str | None = None
    items: tuple[ParsedItem, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The `imr-letter/1` object, keys in the contract's order."""
        return {
            "schema": SCHEMA,
            "source": {"path": self.source_path, "sha256": self.sha256},
            "layout": self.layout,
            "case_number": self.case_number,
            "date_assigned": _iso(self.date_assigned),
            "injury_date": _iso(self.injury_date),
            "decision_date": _iso(self.decision_date),
            "ur_denial_date": _iso(self.ur_denial_date),
            "application_received": _iso(self.application_received),
            "priority": self.priority,
            "reviewer": self.reviewer.to_json(),
            "patient": self.patient.to_json(),
            "diagnoses": list(self.diagnoses),
            "clinical_summary": self.clinical_summary,
            "items": [item.to_json() for item in self.items],
            "warnings": list(self.warnings),
        }


def error_json(source_path: str | None, sha256: str | None, reason: str) -> dict:
    """The one line the contract prints for a file that is not an IMR letter."""
    return {"schema": SCHEMA, "source": {"path": source_path, "sha256": sha256}, "error": reason}
