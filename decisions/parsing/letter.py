"""Assembling a ParsedLetter: read the source, normalise, find the sections, parse each.

Layouts recognised (documented in docs/letter-json.md):
- "2016-header": the 2016-2017 letters, a header with case number and dates, then the
  credentials block, citations by Section(s);
- "2013-block": the 2013-2015 letters without header whose reviewer is a credentials block;
- "2013-sentence": the 2013-2015 letters whose reviewer is described in one sentence;
- "2013-notice": the first letters (2013), a "Notice of Independent Medical Review
  Determination" with numbered decision sentences (notice.py).
A letter in none of these fails with a reason starting "unknown layout:".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from .diagnoses import diagnoses_of
from .digest import sha256_of
from .header import parse_header
from .items import TruncatedLetter, parse_items
from .normalise import Line, join_lines, normalise_text
from .notice import is_notice, parse_notice
from .pdf import extract_lines
from .reviewer import parse_reviewer
from .summary import injury_date_of, patient_of, summary_text
from .types import LetterParseError, ParsedLetter

HOW_MADE = re.compile(r"^HOW THE IMR FINAL DETERMINATION WAS MADE\b", re.I)
SUMMARY = re.compile(r"^CLINICAL CASE SUMMARY\b", re.I)
ISSUES = re.compile(r"^IMR ISSUES,? DECISIONS,? AND RATIONALES?\b", re.I)
SET_FORTH = re.compile(r"set forth below:?\s*$")  # in the lower-cased line
CREDENTIALS_BLOCK = re.compile(r"Certification\(s\)/Specialty:|State\(s\) of Licensure:", re.I)

MAX_TEXT_BYTES = 5_000_000  # a letter is a few pages; anything far larger is something else


def parse_letter(source: str | Path | bytes, *, path: str | None = None) -> ParsedLetter:
    """Parse one letter from a filesystem path or from bytes (PDF or text, sniffed by %PDF)."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = str(source) if path is None else path
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise LetterParseError(path, f"cannot read the file ({error.strerror})") from error
    sha256 = sha256_of(data)
    if not data.strip():
        raise LetterParseError(path, "the file is empty")
    if data.lstrip()[:5] == b"%PDF-":
        return parse_lines(extract_lines(data, path), path=path, sha256=sha256)
    return parse_text(_decode(data, path), path=path, sha256=sha256)


def parse_text(text: str, *, path: str | None = None, sha256: str | None = None) -> ParsedLetter:
    """Parse one letter given as text (plain extracted text or the seed form).

    `sha256` is reported in the letter's source; by default that of the text in UTF-8.
    """
    if sha256 is None:
        sha256 = sha256_of(text.encode("utf-8"))
    return parse_lines(normalise_text(text), path=path, sha256=sha256)


def _decode(data: bytes, path: str | None) -> str:
    if len(data) > MAX_TEXT_BYTES:
        raise LetterParseError(path, "too large for a letter's text")
    if b"\0" in data:
        raise LetterParseError(path, "not a text file nor a PDF (binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _set_forth_line(lines: list[Line], start: int, stop: int) -> int | None:
    """The first line in [start, stop) ending "... set forth below:" (in any case)."""
    stop = min(stop, len(lines))
    return next((i for i in range(start, stop) if SET_FORTH.search(lines[i].text.lower())), None)


def _first_lines(lines: list[Line], headings: tuple[re.Pattern, ...]) -> list[int | None]:
    """For each heading (a pattern anchored at the line start), the first line it matches.

    One pass over the lines; the headings are capitalised, so a line is tried only
    against the headings starting with its first letter.
    """
    found: list[int | None] = [None] * len(headings)
    by_initial: dict[str, list[int]] = {}
    for which, heading in enumerate(headings):
        by_initial.setdefault(heading.pattern.lstrip("^")[0].upper(), []).append(which)
    missing = len(headings)
    for index, line in enumerate(lines):
        for which in by_initial.get(line.text[:1], ()):
            if found[which] is None and headings[which].match(line.text):
                found[which] = index
                missing -= 1
                if not missing:
                    return found
    return found


class _Sections(NamedTuple):
    how_made: int | None  # "HOW THE IMR FINAL DETERMINATION WAS MADE"
    summary: int | None  # "CLINICAL CASE SUMMARY"
    issues: int  # "IMR ISSUES, DECISIONS AND RATIONALES"
    items: int  # the first line after "... set forth below:"


def _sections(lines: list[Line], path: str | None) -> _Sections:
    how_made, summary, issues = _first_lines(lines, (HOW_MADE, SUMMARY, ISSUES))
    if how_made is None and summary is None and issues is None:
        raise LetterParseError(
            path, "unknown layout: none of the section headings of a known layout found"
        )
    if issues is None:
        raise LetterParseError(
            path, "truncated letter: no 'IMR ISSUES, DECISIONS AND RATIONALES' section"
        )
    # "The Final Determination was based on decisions for ... set forth below:" follows
    # the heading (after a page break at most a few lines later).
    set_forth = _set_forth_line(lines, issues, issues + 4)
    return _Sections(how_made, summary, issues, (set_forth or issues) + 1)


def parse_lines(lines: list[Line], *, path: str | None, sha256: str) -> ParsedLetter:
    """Parse normalised lines (see normalise.py) into a ParsedLetter."""
    if is_notice(lines):
        return parse_notice(lines, path=path, sha256=sha256)
    at = _sections(lines, path)
    warnings: list[str] = []
    first_heading = min(i for i in at[:3] if i is not None)
    header = parse_header(join_lines(lines[:first_heading]))

    reviewer_end = (
        at.summary if at.summary is not None and at.summary > (at.how_made or 0) else at.issues
    )
    reviewer_text = join_lines(lines[at.how_made : reviewer_end]) if at.how_made is not None else ""
    reviewer = parse_reviewer(reviewer_text, warnings)

    summary = None
    if at.summary is not None and at.summary < at.issues:
        summary = summary_text(join_lines(lines[at.summary + 1 : at.issues])) or None
    else:
        warnings.append("no CLINICAL CASE SUMMARY section")

    try:
        items = parse_items(lines[at.items :], warnings)
    except TruncatedLetter as error:
        raise LetterParseError(path, f"truncated letter: {error}") from error
    if not items:
        raise LetterParseError(path, "truncated letter: no disputed item found")

    if header.values.get("case_number"):
        warnings[:0] = header.warnings
        layout = "2016-header"
    else:
        layout = "2013-block" if CREDENTIALS_BLOCK.search(reviewer_text) else "2013-sentence"
    injury_date = header.date("injury_date")
    if injury_date is None and summary:
        injury_date = injury_date_of(summary)

    return ParsedLetter(
        source_path=path,
        sha256=sha256,
        layout=layout,
        case_number=header.values.get("case_number"),
        date_assigned=header.date("date_assigned"),
        injury_date=injury_date,
        decision_date=header.date("decision_date"),
        ur_denial_date=header.date("ur_denial_date"),
        application_received=header.date("application_received"),
        priority=header.values.get("priority"),
        reviewer=reviewer,
        patient=patient_of(summary or ""),
        diagnoses=diagnoses_of(summary or ""),
        clinical_summary=summary,
        items=items,
        warnings=tuple(warnings),
    )
