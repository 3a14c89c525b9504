"""The letter parser: IMR final determination letters (PDF or text) in, dataclasses out.

Pure Python, no Django. Entry point: `parse_letter(path_or_bytes)` -> ParsedLetter,
raising LetterParseError for anything that is not a readable IMR letter.
"""

from .types import (
    SCHEMA,
    LetterParseError,
    ParsedCitation,
    ParsedItem,
    ParsedLetter,
    ParsedPatient,
    ParsedReviewer,
    error_json,
)

__all__ = [
    "SCHEMA",
    "LetterParseError",
    "ParsedCitation",
    "ParsedItem",
    "ParsedLetter",
    "ParsedPatient",
    "ParsedReviewer",
    "error_json",
]
