"""The disputed items: heading (description and outcome), guideline lines, rationale.

Every item has a "Claims Administrator guideline:" line; its heading is the text just
before it, ending in the outcome ("...: Upheld", the word possibly alone on the next line
or on a line "is: Overturned"). Where the heading starts:
- in a PDF, at the first of the bold lines before the outcome (headings are bold, the
  previous rationale is not);
- in text, after the last line that does not wrap into the next: an empty line, a line
  ending a sentence, or a short line (and, for a partial authorisation, back to the line
  holding "was the original request").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .citations import parse_citations
from .normalise import Line, join_lines
from .types import CITED_BY_CLAIMS_ADMINISTRATOR, CITED_BY_IMR, ParsedItem

CA_LABEL = re.compile(r"^Claims\s+Administrator\s+guidelines?\s*:", re.I)
IMR_LABEL = re.compile(r"^MAXIMUS\s+guidelines?\s*:", re.I)
RATIONALE_LABEL = re.compile(r"^Decision\s+rationale\s*:", re.I)

_LABEL_BY_INITIAL = {
    initial: label
    for label, initials in ((CA_LABEL, "Cc"), (IMR_LABEL, "Mm"), (RATIONALE_LABEL, "Dd"))
    for initial in initials
}

_OUTCOME_ONLY = re.compile(r"^(?:is\s*)?:?\s*(Upheld|Overturned)\.?$", re.I)
_OUTCOME = re.compile(r"\s*(Upheld|Overturned)\.?", re.I)  # after the heading's colon
_HEADING_NO_COLON = re.compile(r"^(?P<body>.*?)\s+(?P<outcome>Upheld|Overturned)\.?$", re.I | re.S)
_PARTIAL_FORMS = (
    re.compile(
        r"^(?P<original>.+?) was the original request\.\s*(?P<authorized>.+?) was authorized by"
        r" the Claims Administrator\.\s*The remaining IMR eligible portion of the original"
        r" request,?\s*(?P<description>.+)$",
        re.I | re.S,
    ),
    re.compile(
        r"^(?P<original>.+?) was the original request\.\s*The Claims Administrator authorized"
        r" (?P<authorized>.+?),? leaving the original request IMR eligible\.\s*The original"
        r" request,?\s*(?P<description>.+)$",
        re.I | re.S,
    ),
)


class TruncatedLetter(Exception):
    """Raised when the items section stops before an item is complete."""


@dataclass
class _Bounds:
    heading: tuple[int, int]
    ca: int
    imr: int | None
    rationale: int | None


def parse_items(lines: list[Line], warnings: list[str]) -> tuple[ParsedItem, ...]:
    """Items from the lines after "set forth below:"."""
    has_bold = any(line.bold for line in lines)
    at_label = _label_lines(lines)
    ca_lines = at_label[CA_LABEL]
    full = _full_line_length(lines)  # the same for every heading: measured once
    bounds: list[_Bounds] = []
    lower = 0
    for number, ca in enumerate(ca_lines, 1):
        heading = _heading_span(lines, lower, ca, has_bold, full)
        next_ca = ca_lines[number] if number < len(ca_lines) else len(lines)
        imr = _first_between(at_label[IMR_LABEL], ca + 1, next_ca)
        rationale = _first_between(at_label[RATIONALE_LABEL], (imr or ca) + 1, next_ca)
        bounds.append(_Bounds(heading, ca, imr, rationale))
        lower = (rationale or imr or ca) + 1
    items = []
    for number, bound in enumerate(bounds, 1):
        following = bounds[number].heading[0] if number < len(bounds) else len(lines)
        items.append(_item(number, lines, bound, following, warnings))
    return tuple(items)


def first_heading_start(lines: list[Line]) -> int | None:
    """Where the first item's heading starts (None without an item): what comes before
    it is another section's text."""
    ca_lines = _label_lines(lines)[CA_LABEL]
    if not ca_lines:
        return None
    has_bold = any(line.bold for line in lines)
    return _heading_span(lines, 0, ca_lines[0], has_bold, _full_line_length(lines))[0]


def _label_lines(lines: list[Line]) -> dict[re.Pattern, list[int]]:
    """For each label, the lines starting with it, in order: one pass, and a line is tried
    only against the label starting with its first letter."""
    found: dict[re.Pattern, list[int]] = {label: [] for label in _LABEL_BY_INITIAL.values()}
    for index, line in enumerate(lines):
        label = _LABEL_BY_INITIAL.get(line.text[:1])
        if label is not None and label.match(line.text):
            found[label].append(index)
    return found


def _first_between(indexes: list[int], start: int, end: int) -> int | None:
    """The first of the (sorted) indexes in [start, end)."""
    position = bisect_left(indexes, start)
    return indexes[position] if position < len(indexes) and indexes[position] < end else None


def _heading_span(
    lines: list[Line], lower: int, ca: int, has_bold: bool, full: int
) -> tuple[int, int]:
    end = ca
    while end > lower and not lines[end - 1].text:
        end -= 1
    if end <= lower:
        return (end, end)
    start = end - 1
    if _OUTCOME_ONLY.match(lines[start].text) and start > lower:
        start -= 1
        while start > lower and not lines[start].text:  # a page break before the outcome
            start -= 1
    if has_bold and lines[start].bold:
        while start > lower and lines[start - 1].bold and lines[start - 1].text:
            start -= 1
        return (start, end)
    # Text input, or a PDF heading not set in bold: read the text's structure.
    while start > lower and _wraps_into_next(lines[start - 1], full):
        start -= 1
    heading = " ".join([line.text for line in lines[start:end]])
    lowered = heading.lower()
    partial_tail = "imr eligible" in lowered or "the original request," in lowered
    if partial_tail and "was the original request" not in heading:
        start = _back_to_original_request(lines, lower, start, full)
    return (start, end)


def _full_line_length(lines: list[Line]) -> int:
    """The length from which a line counts as wrapped (not a paragraph's last line)."""
    lengths = sorted(len(line.text) for line in lines if line.text)
    typical = lengths[len(lengths) * 3 // 4] if lengths else 0  # most lines are wrapped
    return int(0.6 * typical)


def _wraps_into_next(line: Line, full: int) -> bool:
    """Text without bold marks: a line that goes on in the next one.

    It is not empty, does not end a sentence, and is nearly as long as the longest lines
    (a paragraph's last line, such as the end of a rationale without a full stop, is
    usually short).
    """
    ends_sentence = line.text.rstrip("'\")")[-1:] in (".", "!", "?")
    return bool(line.text) and not ends_sentence and len(line.text) >= full


def _back_to_original_request(lines: list[Line], lower: int, start: int, full: int) -> int:
    """Extend a partial-authorisation heading back to the sentence naming the original request."""
    probe = start
    while probe > lower and lines[probe - 1].text:
        probe -= 1
        # The words may wrap over two lines: look in this line joined to the next.
        if "was the original request" in " ".join(line.text for line in lines[probe : probe + 2]):
            while probe > lower and _wraps_into_next(lines[probe - 1], full):
                probe -= 1
            return probe
    return start


def _item(number: int, lines: list[Line], bound: _Bounds, following: int, warnings) -> ParsedItem:
    """One item. A missing rationale is an error for the last item (the letter was cut
    short) and null with a warning for any other."""
    is_last = following == len(lines)
    heading = join_lines(lines[bound.heading[0] : bound.heading[1]])
    description, outcome, original, authorized = _parse_heading(number, heading, warnings)
    if bound.imr is None:
        warnings.append(f"item {number}: no 'MAXIMUS guideline' line")
    guidelines_end = bound.rationale if bound.rationale is not None else following
    ca_end = bound.imr if bound.imr is not None else guidelines_end
    ca_text = _strip_label(join_lines(lines[bound.ca : ca_end]), CA_LABEL)
    citations = parse_citations(ca_text, CITED_BY_CLAIMS_ADMINISTRATOR, warnings)
    if bound.imr is not None:
        imr_text = _strip_label(join_lines(lines[bound.imr : guidelines_end]), IMR_LABEL)
        citations += parse_citations(imr_text, CITED_BY_IMR, warnings)
    rationale = None
    if bound.rationale is not None:
        rationale = _strip_label(join_lines(lines[bound.rationale : following]), RATIONALE_LABEL)
    if not rationale:
        problem = (
            "no decision rationale" if bound.rationale is None else "an empty decision rationale"
        )
        if is_last:
            raise TruncatedLetter(f"item {number} has {problem}")
        warnings.append(f"item {number} has {problem}")
        rationale = None
    return ParsedItem(
        number=number,
        description=description,
        outcome=outcome,
        original_request=original,
        authorized_portion=authorized,
        citations=citations,
        rationale=rationale,
    )


def _strip_label(text: str, label: re.Pattern) -> str:
    match = label.match(text)
    return (text[match.end() :] if match else text).strip()


def _parse_heading(number: int, heading: str, warnings: list[str]):
    """(description, outcome, original_request, authorized_portion) from a heading."""
    found = _outcome_after_colon(heading)
    if found is None:
        match = _HEADING_NO_COLON.match(heading)
        if match is None:
            warnings.append(f"item {number}: no outcome found in the heading {heading!r}")
            return heading, None, None, None
        warnings.append(f"item {number}: outcome without a colon in {heading!r}")
        found = match.group("body").strip(), match.group("outcome").lower()
    body, outcome = found
    if "original request" in body.lower():  # words every partial form holds
        for form in _PARTIAL_FORMS:
            partial = form.match(body)
            if partial:
                return (
                    partial.group("description").strip(" ,"),
                    outcome,
                    partial.group("original").strip(" ,"),
                    partial.group("authorized").strip(" ,"),
                )
    if not body:
        warnings.append(f"item {number}: the heading has no description")
    return body, outcome, None, None


def _outcome_after_colon(heading: str) -> tuple[str, str] | None:
    """(body, outcome) of a heading "<body>[ is]: Upheld[.]", or None.

    Only white space and the outcome follow the colon, so it is the last one; read with
    string methods, since a regex with a lazy body is tried at every character.
    """
    colon = heading.rfind(":")
    if colon < 0:
        return None
    outcome = _OUTCOME.fullmatch(heading, colon + 1)
    if outcome is None:
        return None
    body = heading[:colon].rstrip()
    if body[-2:].lower() == "is" and body[-3:-2].isspace():  # "... is: Upheld"
        body = body[:-2]
    return body.strip(), outcome.group(1).lower()
