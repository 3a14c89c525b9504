"""The state's IMR decision search result pages, read into rows (docs/fetching.md).

Results are the first `<table class="tabborder">`: a header row, then 25 rows a page; the
total number of results stands in the first `<strong>` after the table; a form named
`Nextpage` is there while further pages follow. A search by case has one row per letter;
a search by treatment has one row per treatment, the further treatments of a letter in rows
whose first cell spans the five columns of the letter. Every page is checked against this
shape: anything else is a PageShapeError saying what was expected and what was found.
"""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from decisions.parsing.header import CASE_NUMBER

CASE_COLUMNS = 6  # case number, outcome, decided, injured, received, specialty
TREATMENT_COLUMNS = 8  # case number, decided, injured, received, specialty, category, sub, decision
LETTER_COLUMNS = 5  # the span of a further treatment's first cell
# What the site says instead of a table when nothing matches (seen on such result pages).
NO_RESULTS = re.compile(r"no (matching )?(records|results|decisions) (were )?found", re.I)
_CASE_NUMBER = re.compile(rf"^{CASE_NUMBER}$", re.I)


class PageShapeError(Exception):
    def __init__(self, expected: str, found: str):
        super().__init__(f"expected {expected}, found {found}")


@dataclass(frozen=True)
class LetterCells:
    """What both searches say of a letter."""

    case_number: str
    letter_url: str
    decision_date: dt.date | None
    injury_date: dt.date | None
    received_date: dt.date | None
    specialty: str


@dataclass(frozen=True)
class CaseRow:
    letter: LetterCells
    outcome: str  # "upheld", "overturned", or "" for a value the site did not use in 2017


@dataclass(frozen=True)
class TreatmentRow:
    letter: LetterCells
    category: str
    subcategory: str
    outcome: str


@dataclass(frozen=True)
class ResultPage:
    rows: list
    total: int
    has_next: bool


def outcome(text: str) -> str:
    """The site's `Uphold` / `Overturn` (and their past tenses) as the archive's outcomes."""
    word = text.strip().lower()
    if word.startswith("uph"):
        return "upheld"
    if word.startswith("overt"):
        return "overturned"
    return ""


def form_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%m/%d/%Y").date()
    except ValueError:
        raise PageShapeError("a date as MM/DD/YYYY", repr(text)) from None


def _text(cell) -> str:
    return " ".join(cell.get_text(" ").split())


def _letter(cells, page_url: str, specialty_at: int, dates_at: tuple) -> LetterCells:
    link = cells[0].find("a")
    if link is None or not link.get("href"):
        raise PageShapeError("a link to the letter in the first cell", repr(_text(cells[0])))
    case_number = _text(link).upper()
    if not _CASE_NUMBER.match(case_number):
        raise PageShapeError("a case number such as CM16-0213037", repr(case_number))
    decided, injured, received = (form_date(_text(cells[i])) for i in dates_at)
    return LetterCells(
        case_number=case_number,
        letter_url=urljoin(page_url, link["href"]),
        decision_date=decided,
        injury_date=injured,
        received_date=received,
        specialty=_text(cells[specialty_at]),
    )


def _results_table(soup):
    table = soup.find("table", class_="tabborder")
    if table is not None:
        return table
    if NO_RESULTS.search(soup.get_text(" ")):
        return None
    title = soup.title.get_text(strip=True) if soup.title else "no title"
    raise PageShapeError(
        'a results table (<table class="tabborder">) or a "no records found" line',
        f"neither, on a page titled {title!r}",
    )


def _total(table) -> int:
    # The first <strong> past the table's end (its rows hold some: the "+" of a letter).
    after = (strong for strong in table.find_all_next("strong") if table not in strong.parents)
    strong = next(after, None)
    digits = re.sub(r"[^\d]", "", strong.get_text()) if strong else ""
    if not digits:
        raise PageShapeError("the number of results in a <strong> after the table", "none")
    return int(digits)


def read_results(html: str, page_url: str, by: str, continues=None) -> ResultPage:
    """One result page of the search `by` "case" or "treatment"; `continues` is the letter
    of the previous page's last row, whose further treatments may open this page."""
    soup = BeautifulSoup(html, "html.parser")
    table = _results_table(soup)
    if table is None:
        return ResultPage(rows=[], total=0, has_next=False)
    rows = table.find_all("tr")
    width = CASE_COLUMNS if by == "case" else TREATMENT_COLUMNS
    header = rows[0].find_all(["th", "td"]) if rows else []
    if len(header) != width:
        raise PageShapeError(f"a header row of {width} columns", f"{len(header)}")
    read = _case_row if by == "case" else _treatment_row
    found, letter = [], continues
    for row in rows[1:]:
        cells = row.find_all("td")
        row_read, letter = read(cells, page_url, letter)
        found.append(row_read)
    return ResultPage(
        rows=found,
        total=_total(table),
        has_next=soup.find("form", attrs={"name": "Nextpage"}) is not None,
    )


def _case_row(cells, page_url: str, _previous):
    if len(cells) != CASE_COLUMNS:
        raise PageShapeError(f"case rows of {CASE_COLUMNS} cells", f"a row of {len(cells)}")
    letter = _letter(cells, page_url, specialty_at=5, dates_at=(2, 3, 4))
    return CaseRow(letter=letter, outcome=outcome(_text(cells[1]))), letter


def _treatment_row(cells, page_url: str, previous: LetterCells | None):
    if len(cells) == TREATMENT_COLUMNS:
        letter = _letter(cells, page_url, specialty_at=4, dates_at=(1, 2, 3))
        rest = cells[5:]
    elif len(cells) == 4 and cells[0].get("colspan") == str(LETTER_COLUMNS) and previous:
        letter, rest = previous, cells[1:]
    else:
        raise PageShapeError(
            f"treatment rows of {TREATMENT_COLUMNS} cells, or 4 after a first cell spanning "
            f"{LETTER_COLUMNS} columns",
            f"a row of {len(cells)}",
        )
    category, subcategory, decision = (_text(cell) for cell in rest)
    row = TreatmentRow(letter, category, subcategory, outcome(decision))
    return row, letter
