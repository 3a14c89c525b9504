"""US month/day dates as the letters print them: 1/7/2015, 01/07/2015, 10-13-16."""

from __future__ import annotations

import datetime as dt
import re

US_DATE = r"\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?![\d/-])"
_PARTS = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$")


def parse_us_date(text: str) -> dt.date | None:
    """The date, or None when the text is no valid month/day/year date."""
    match = _PARTS.match(text.strip())
    if not match:
        return None
    month, day, year = map(int, match.groups())
    if year < 100:
        year += 2000  # two-digit years in these letters are all 20xx
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
