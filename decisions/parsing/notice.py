"""The 2013 notice layout ("2013-notice"), the first letters of the archive.

    MAXIMUS FEDERAL SERVICES, INC.
    Notice of Independent Medical Review Determination
    Dated: 9/26/2013
    1) MAXIMUS Federal Services, Inc. has determined the request for X is not medically
    necessary and appropriate.
    INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE
    1) ... (the same sentences again)
    An application for Independent Medical Review was filed on 9/6/2013 disputing the
    Utilization Review Denial dated 8/30/2013. A Notice of Assignment and Request for
    Information was provided to the above parties on 9/23/2013.
    Medical Qualifications of the Expert Reviewer: ... is Board Certified in ...
    Case Summary: Disclaimer: The following case summary was taken directly from the
    utilization review denial/modification dated August 30, 2013. ...
    then per item, as in the seed layout: the heading, the guideline lines, the rationale.

No case-number block. The numbered sentences give each item's description and outcome
("is not medically necessary" is upheld, "is medically necessary" overturned); the blocks
after the summary give its citations and rationale.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .dates import US_DATE, parse_us_date
from .diagnoses import diagnoses_of
from .items import TruncatedLetter, first_heading_start, parse_items
from .normalise import Line, join_lines
from .reviewer import parse_reviewer
from .summary import injury_date_of, patient_of
from .types import OVERTURNED, UPHELD, LetterParseError, ParsedItem, ParsedLetter

LAYOUT = "2013-notice"
NOTICE_TITLE = re.compile(r"\bNotice\s+of\s+Independent\s+Medical\s+Review\s+Determination\b", re.I)
DECISION_HEADING = re.compile(r"^INDEPENDENT\s+MEDICAL\s+REVIEW\s+DECISION\s+AND\s+RATIONALE", re.I)
QUALIFICATIONS = re.compile(r"^Medical\s+Qualifications\s+of\b", re.I)  # may wrap after "of"
CASE_SUMMARY = re.compile(r"^Case\s+Summary\s*:?\s*", re.I)

_DATED = re.compile(r"\bDated\s*:\s*(?P<date>" + US_DATE + ")", re.I)
# "notmedically": text extraction may glue "not" to the next word.
_DECISION = re.compile(
    r"(?P<number>\d+)\)\s*MAXIMUS\s+Federal\s+Services,?\s+Inc\.?\s+has\s+determined\s+the"
    r"\s+request\s+for\s+(?P<description>.+?)\s+is\s*(?P<negation>not\s*)?medically\s+necessary"
    r"(?:\s+and\s+appropriate)?\s*\.",
    re.I | re.S,
)
_FILED = re.compile(r"Independent\s+Medical\s+Review\s+was\s+filed\s+on\s+(" + US_DATE + ")", re.I)
_UR_DENIAL = re.compile(r"Utilization\s+Review\s+Denial\s+dated\s+(" + US_DATE + ")", re.I)
_ASSIGNED = re.compile(
    r"Notice\s+of\s+Assignment\b.{0,80}?\s+provided\s+to\s+the\s+above\s+parties\s+on\s+("
    + US_DATE
    + ")",
    re.I | re.S,
)
_DISCLAIMER = re.compile(
    r"^Disclaimer\s*:.*?taken\s+directly\s+from\s+the\s+utilization\s+review\b.*?"
    r"\b(?:19|20)\d\d\s*\.\s*",
    re.I | re.S,
)


def is_notice(lines: list[Line]) -> bool:
    """Whether the letter opens as the 2013 notice does (its title may wrap)."""
    return NOTICE_TITLE.search(join_lines(lines[:12])) is not None


class _Decision(NamedTuple):
    number: int
    description: str
    outcome: str


def parse_notice(lines: list[Line], *, path: str | None, sha256: str) -> ParsedLetter:
    warnings: list[str] = []
    at = _headings(lines)
    heading = at.get("decision", len(lines))
    top = _decisions(join_lines(lines[:heading]))
    below_end = min(at.get(name, len(lines)) for name in ("qualifications", "summary"))
    below = _decisions(join_lines(lines[heading:below_end])) if heading < len(lines) else []
    decisions = top or below
    if not decisions:
        raise LetterParseError(path, "unknown layout: no decision statements found")
    if top and below and top != below:
        warnings.append("the decisions under the heading differ from those at the top")
    opening = join_lines(lines[:below_end])

    reviewer_text = ""
    if "qualifications" in at:
        reviewer_text = join_lines(lines[at["qualifications"] : at.get("summary", len(lines))])
    reviewer = parse_reviewer(reviewer_text, warnings)

    summary, blocks = None, []
    if "summary" in at:
        after_summary = lines[at["summary"] :]
        first_item = first_heading_start(after_summary)
        summary_lines = after_summary[: first_item if first_item is not None else None]
        summary = _summary_text(join_lines(summary_lines)) or None
        if first_item is not None:
            try:
                blocks = parse_items(after_summary[first_item:], warnings)
            except TruncatedLetter as error:
                raise LetterParseError(path, f"truncated letter: {error}") from error
    else:
        warnings.append("no Case Summary section")

    injury_date = injury_date_of(summary) if summary else None
    return ParsedLetter(
        source_path=path,
        sha256=sha256,
        layout=LAYOUT,
        decision_date=_date(_DATED, opening),
        application_received=_date(_FILED, opening),
        ur_denial_date=_date(_UR_DENIAL, opening),
        date_assigned=_date(_ASSIGNED, opening),
        injury_date=injury_date,
        reviewer=reviewer,
        patient=patient_of(summary or ""),
        diagnoses=diagnoses_of(summary or ""),
        clinical_summary=summary,
        items=_items(decisions, blocks, warnings),
        warnings=tuple(warnings),
    )


def _headings(lines: list[Line]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        for name, pattern in (
            ("decision", DECISION_HEADING),
            ("qualifications", QUALIFICATIONS),
            ("summary", CASE_SUMMARY),
        ):
            if name not in found and pattern.match(line.text):
                found[name] = index
    return found


def _decisions(text: str) -> list[_Decision]:
    return [
        _Decision(
            int(match.group("number")),
            " ".join(match.group("description").split()),
            UPHELD if match.group("negation") else OVERTURNED,
        )
        for match in _DECISION.finditer(text)
    ]


def _date(pattern: re.Pattern, text: str):
    match = pattern.search(text)
    return parse_us_date(match.group(1)) if match else None


def _summary_text(text: str) -> str:
    """The summary without its heading and the disclaimer that opens it."""
    text = CASE_SUMMARY.sub("", text, count=1).strip()
    return _DISCLAIMER.sub("", text, count=1).strip()


def _items(decisions: list[_Decision], blocks, warnings: list[str]) -> tuple[ParsedItem, ...]:
    """Items as the numbered sentences state them, with the citations and rationale of the
    block in the same place."""
    if len(blocks) != len(decisions):
        warnings.append(
            f"{len(decisions)} decisions stated but {len(blocks)} items with a rationale found"
        )
    items = []
    for position, decision in enumerate(decisions):
        block = blocks[position] if position < len(blocks) else None
        if block is not None and block.outcome not in (None, decision.outcome):
            warnings.append(
                f"item {position + 1}: the rationale's heading says {block.outcome},"
                f" the decision statement {decision.outcome}"
            )
        items.append(
            ParsedItem(
                number=position + 1,
                description=decision.description,
                outcome=decision.outcome,
                original_request=None,
                authorized_portion=None,
                citations=block.citations if block else (),
                rationale=block.rationale if block else None,
            )
        )
    return tuple(items)
