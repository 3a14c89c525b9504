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

# label pattern (lower case) -> (field name, kind of value it takes)
HEADER_LABELS = {
    r"case\s+number": ("case_number", "case"),
    r"date\s+assigned": ("date_assigned", "date"),
    r"date\s+of\s+injury": ("injury_date", "date"),
    r"decision\s+date": ("decision_date", "date"),
    r"ur\s+denial\s+date": ("ur_denial_date", "date"),
    r"application\s+received": ("application_received", "date"),
    r"priority": ("priority", "priority"),
}
VALUE_KINDS = {
    "case": CASE_NUMBER.lower(),
    "date": US_DATE,
    "priority": r"standard|expedited",
}

# The regex group of each label -> what the label asks for.
_LABEL_TARGETS = {f"label{index}": target for index, target in enumerate(HEADER_LABELS.values())}
# Labels and values in one pass, in the order printed, over the lower-cased text (Python's
# regex engine is much slower with re.IGNORECASE; every value is read case-free anyway).
_TOKEN = re.compile(
    "|".join(f"(?P<label{index}>{pattern})\\s*:" for index, pattern in enumerate(HEADER_LABELS))
    + "|"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in VALUE_KINDS.items())
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
    waiting: list[tuple[str, str]] = []  # labels still waiting for a value, oldest first
    for match in _TOKEN.finditer(text.lower()):
        kind = match.lastgroup
        label = _LABEL_TARGETS.get(kind)
        if label is not None:
            waiting.append(label)
            continue
        for index, (name, wanted) in enumerate(waiting):
            if wanted == kind:
                header.values[name] = _convert(name, kind, match.group(), header)
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
