"""The 2016-2017 header: case number, dates and priority, printed in two columns.

pdfium reads the two columns line by line, so labels and values interleave and a label
can wrap ("Application" / "Received:") with its value lines later. The header is read
as a stream of labels and values: each value goes to the oldest label still waiting for
a value of its kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import US_DATE, parse_us_date

CASE_NUMBER = r"CM\d{2}-\d{5,7}"

# label pattern -> (field name, kind of value it takes)
HEADER_LABELS = {
    r"Case\s+Number": ("case_number", "case"),
    r"Date\s+Assigned": ("date_assigned", "date"),
    r"Date\s+of\s+Injury": ("injury_date", "date"),
    r"Decision\s+Date": ("decision_date", "date"),
    r"UR\s+Denial\s+Date": ("ur_denial_date", "date"),
    r"Application\s+Received": ("application_received", "date"),
    r"Priority": ("priority", "priority"),
}
VALUE_KINDS = {
    "case": CASE_NUMBER,
    "date": US_DATE,
    "priority": r"Standard|Expedited",
}

_LABEL_TARGETS = list(HEADER_LABELS.values())
_LABEL = re.compile(
    "|".join(f"(?P<l{index}>{pattern})\\s*:" for index, pattern in enumerate(HEADER_LABELS)),
    re.IGNORECASE,
)
_VALUE = re.compile(
    "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in VALUE_KINDS.items()), re.IGNORECASE
)


@dataclass
class Header:
    values: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def date(self, name: str) -> dt.date | None:
        return self.values.get(name)


def parse_header(text: str) -> Header:
    """Read the header text (the lines before the first heading, joined by spaces)."""
    header = Header()
    tokens = []  # (position, "label"/"value", field-or-kind, text)
    for match in _LABEL.finditer(text):
        name, kind = _LABEL_TARGETS[int(match.lastgroup[1:])]
        tokens.append((match.start(), "label", (name, kind), match.group(0)))
    for match in _VALUE.finditer(text):
        kind = match.lastgroup
        tokens.append((match.start(), "value", kind, match.group(0)))
    tokens.sort(key=lambda token: token[0])

    waiting: list[tuple[str, str]] = []
    for _, token_type, info, token_text in tokens:
        if token_type == "label":
            waiting.append(info)
            continue
        for index, (name, kind) in enumerate(waiting):
            if kind == info:
                header.values[name] = _convert(name, kind, token_text, header)
                del waiting[index]
                break
    for name, _ in waiting:
        header.warnings.append(f"header: no value found for {name.replace('_', ' ')}")
    return header


def _convert(name: str, kind: str, text: str, header: Header):
    if kind == "case":
        return text.upper()
    if kind == "priority":
        return text.lower()
    value = parse_us_date(text)
    if value is None:
        header.warnings.append(f"header: {name.replace('_', ' ')} {text!r} is not a valid date")
    return value
