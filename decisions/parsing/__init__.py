"""The letter parser: IMR final determination letters (PDF or text) in, dataclasses out.

Pure Python, no Django. Entry points: `parse_letter(path_or_bytes, path=None)` and
`parse_text(text, path=None, sha256=None)` -> ParsedLetter, raising LetterParseError for
anything that is not a readable IMR letter.
"""

from .letter import parse_letter, parse_text
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
    "parse_letter",
    "parse_text",
]
