"""Many letters at once: walking paths for letter files, one JSON object per letter."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from .letter import parse_letter
from .types import LetterParseError, error_json

LETTER_SUFFIXES = (".pdf", ".txt")


def letter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path as given; a directory becomes its *.pdf and *.txt files, recursive, sorted."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(
                child
                for child in path.rglob("*")
                if child.is_file() and child.suffix.lower() in LETTER_SUFFIXES
            )
        else:
            yield path


def letter_json(path: Path) -> tuple[dict, bool]:
    """(the contract's object for the file, whether it parsed)."""
    try:
        return parse_letter(path).to_json(), True
    except LetterParseError as error:
        return error_json(str(path), _sha256_or_none(path), error.reason), False


def _sha256_or_none(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def json_line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)
