"""One fetch: both searches over a range of decision dates, the index rows stored, every
listed letter not on disk or in the archive downloaded, the archive's letters compared with
the state's index."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from decisions.fetching.client import DownloadFailed, PoliteClient
from decisions.fetching.pages import CaseRow, LetterCells, PageShapeError, read_results
from decisions.models import Case, StateIndexCase, StateIndexTreatment
from decisions.state_index import compare_with_index

# Every field of the form, empty ("any") unless a search sets it.
FORM_FIELDS = (
    "Caseno",
    "DoIStart",
    "DoIEnd",
    "ReqStart",
    "ReqEnd",
    "DecStart",
    "DecEnd",
    "SpecialtyV",
    "CaseOutcomeV",
    "OutcomeV",
    "SubCategoryV",
)
MAX_PAGES = 10_000  # a site that never stops offering a next page is not one we know


@dataclass
class FetchSummary:
    listed: int = 0
    downloaded: int = 0
    already_had: int = 0
    failed: list[str] = field(default_factory=list)  # "CM16-0000001: reason"

    def line(self) -> str:
        return (
            f"listed {self.listed}, downloaded {self.downloaded}, "
            f"already had {self.already_had}, failed {len(self.failed)}"
        )


def last_decision_date() -> dt.date | None:
    """The newest decision date of the index rows fetched so far."""
    return StateIndexCase.objects.aggregate(last=Max("decision_date"))["last"]


def _form_date(day: dt.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def search_rows(client: PoliteClient, url: str, by: str, after, before) -> list:
    """Every row of the search `by` "case" or "treatment", page after page."""
    fields = dict.fromkeys(FORM_FIELDS, "")
    fields.update(
        Fname="Case" if by == "case" else "Tx",
        DecStart=_form_date(after),
        DecEnd=_form_date(before),
    )
    rows = []
    for number in range(1, MAX_PAGES + 1):
        paging = {"Submit": "Submit"} if number == 1 else {"newpageno": number, "Submit": "Next"}
        continues = rows[-1].letter if rows else None
        page = read_results(client.post_search(url, {**fields, **paging}), url, by, continues)
        if page.has_next and not page.rows:
            raise PageShapeError("result rows on a page followed by another", "none")
        rows.extend(page.rows)
        if not page.has_next:
            break
    else:
        raise PageShapeError(f"at most {MAX_PAGES} result pages", "more")
    if page.total != len(rows):
        raise PageShapeError(f"{page.total} rows over the pages, as the total says", len(rows))
    return rows


def store_index(case_rows: list[CaseRow], treatment_rows) -> list[LetterCells]:
    """Write the index rows (replacing those fetched before); the letters listed."""
    letters = {row.letter.case_number: row.letter for row in [*case_rows, *treatment_rows]}
    outcomes = {row.letter.case_number: row.outcome for row in case_rows}
    treatments: dict[str, list] = {}
    for row in treatment_rows:
        treatments.setdefault(row.letter.case_number, []).append(row)
    with transaction.atomic():
        for number, letter in letters.items():
            index_case, _ = StateIndexCase.objects.update_or_create(
                case_number=number,
                defaults={
                    "outcome": outcomes.get(number, ""),
                    "decision_date": letter.decision_date,
                    "injury_date": letter.injury_date,
                    "received_date": letter.received_date,
                    "specialty": letter.specialty,
                    "letter_url": letter.letter_url,
                },
            )
            index_case.treatments.all().delete()
            StateIndexTreatment.objects.bulk_create(
                StateIndexTreatment(
                    index_case=index_case,
                    position=position,
                    category=row.category,
                    subcategory=row.subcategory,
                    outcome=row.outcome,
                )
                for position, row in enumerate(treatments.get(number, []), start=1)
            )
    return list(letters.values())


def fetch_decisions(client: PoliteClient, url: str, after, before, into: Path) -> FetchSummary:
    client.open_search(url)
    case_rows = search_rows(client, url, "case", after, before)
    treatment_rows = search_rows(client, url, "treatment", after, before)
    letters = store_index(case_rows, treatment_rows)
    summary = FetchSummary(listed=len(letters))
    in_archive = {case.case_number: case for case in archive_cases(letters)}
    into.mkdir(parents=True, exist_ok=True)
    for letter in letters:
        target = into / f"{letter.case_number}.pdf"
        if target.exists() or letter.case_number in in_archive:
            summary.already_had += 1
            continue
        try:
            client.download(letter.letter_url, target)
        except DownloadFailed as error:
            summary.failed.append(f"{letter.case_number}: {error}")
        else:
            summary.downloaded += 1
    compare_with_index(in_archive.values())
    return summary


def archive_cases(letters: list[LetterCells]):
    """The archive's cases of these letters (asked 500 numbers at a time: SQLite's limit
    on the parameters of one query is not far above)."""
    numbers = [letter.case_number for letter in letters]
    for start in range(0, len(numbers), 500):
        yield from Case.objects.filter(case_number__in=numbers[start : start + 500])
