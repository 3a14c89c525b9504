"""CSV export of every matching item, streamed in constant memory.

Item rows come as plain values from `.iterator(chunk_size=CHUNK_SIZE)`; for each chunk,
three queries fetch the citations, then their pages and sections by citation id, as plain
values too (the ids as one array parameter, `__in_array`); the reviewers' specialties and
licences are read once. Django's
prefetch_related would do the same queries but build a model and a queryset per related
row, which made the export ten times slower. No query per row; never more than one chunk
in memory; a chunk's lines go out as one piece (one write to the socket, not 2,000).
"""

import csv
import re
from collections import defaultdict
from contextlib import nullcontext
from itertools import islice

from django.db import connections, transaction
from django.http import StreamingHttpResponse

from decisions.models import (
    CitationPage,
    CitationSection,
    GuidelineCitation,
    ReviewerLicense,
    ReviewerSpecialty,
    case_path,
)
from decisions.site.presentation import citation_label

CHUNK_SIZE = 2000

HEADER = [
    "case_number",
    "case_url",
    "decision_date",
    "injury_date",
    "patient_age",
    "patient_sex",
    "item_number",
    "description",
    "outcome",
    "category",
    "subcategory",
    "reviewer_specialties",
    "reviewer_states",
    "imr_citations",
    "claims_administrator_citations",
    "rationale",
]

ITEM_FIELDS = [
    "id",
    "case_id",
    "case__case_number",
    "case__decision_date",
    "case__injury_date",
    "case__patient_age",
    "case__patient_sex",
    "case__reviewer_id",
    "number",
    "description",
    "outcome",
    "category",
    "subcategory",
    "rationale",
]


class _Echo:
    """csv.writer needs a file; this one hands each line straight back."""

    def write(self, value):
        return value


# A cell starting with one of these is a formula to a spreadsheet (tab and carriage return
# too: some spreadsheets skip them and read the formula after).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    # Quote a would-be formula as text.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _grouped(pairs) -> dict[int, list]:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


class ReviewerRows:
    """Every reviewer's specialties and licence states, "; "-joined, read once an export:
    reviewers are a few thousand however many letters there are."""

    def __init__(self, using: str):
        specialties = ReviewerSpecialty.objects.using(using).order_by("reviewer_id", "position")
        licences = ReviewerLicense.objects.using(using).order_by("reviewer_id", "position")
        self.specialties = self._joined(specialties.values_list("reviewer_id", "specialty__name"))
        self.states = self._joined(licences.values_list("reviewer_id", "state"))

    @staticmethod
    def _joined(pairs) -> dict[int, str]:
        return {reviewer: "; ".join(names) for reviewer, names in _grouped(pairs).items()}


def _citations(chunk, using: str) -> dict[int, dict[str, list[str]]]:
    """{item id: {side: [citation text, ...]}} for a chunk of item rows: three queries."""
    citations = list(
        GuidelineCitation.objects.using(using)
        .filter(item_id__in_array=[row["id"] for row in chunk])
        .order_by("item_id", "position")
        .values_list("id", "item_id", "cited_by", "guideline_id")
    )
    # By citation id: a join to the citations would read the whole pages and sections tables.
    citation_ids = [citation_id for citation_id, *_ in citations]
    pages, sections = (
        _grouped(
            model.objects.using(using)
            .filter(citation_id__in_array=citation_ids)
            .order_by("id")
            .values_list("citation_id", field)
        )
        for model, field in ((CitationPage, "page"), (CitationSection, "name"))
    )
    by_item = defaultdict(lambda: {"imr": [], "claims_administrator": []})
    for citation_id, item_id, side, guideline in citations:
        text = citation_label(guideline, pages[citation_id])
        if sections[citation_id]:
            text += f" [{', '.join(sections[citation_id])}]"
        by_item[item_id][side].append(text)
    return by_item


URL_CASE_NUMBER = re.compile(r"[A-Za-z0-9-]{1,20}")  # what the case URL pattern takes as it is


class CasePaths:
    """case_path for row after row: Django's reverse() once, then the number put in its place
    (reverse() for every row took more time than the rest of the row)."""

    MARK = "CM00-0000000"

    def __init__(self):
        self.template = case_path(self.MARK, 0)

    def __call__(self, case_number: str | None, pk: int) -> str:
        if case_number and URL_CASE_NUMBER.fullmatch(case_number):
            return self.template.replace(self.MARK, case_number)
        return case_path(case_number, pk)


def item_csv_row(row, citations, reviewers: ReviewerRows, path_of=case_path) -> list[str]:
    cited = citations[row["id"]]
    reviewer = row["case__reviewer_id"]
    values = [
        row["case__case_number"],
        path_of(row["case__case_number"], row["case_id"]),
        row["case__decision_date"],
        row["case__injury_date"],
        row["case__patient_age"],
        row["case__patient_sex"],
        row["number"],
        row["description"],
        row["outcome"],
        row["category"],
        row["subcategory"],
        reviewers.specialties.get(reviewer, ""),
        reviewers.states.get(reviewer, ""),
        "; ".join(cited["imr"]),
        "; ".join(cited["claims_administrator"]),
        row["rationale"],
    ]
    return [_safe(value) for value in values]


def csv_lines(items):
    """The CSV text, a chunk of rows at a time."""
    writer = csv.writer(_Echo())
    path_of = CasePaths()
    yield writer.writerow(HEADER)
    with _reading_transaction(items.db):
        reviewers = ReviewerRows(items.db)
        rows = items.values(*ITEM_FIELDS).iterator(chunk_size=CHUNK_SIZE)
        try:
            while chunk := list(islice(rows, CHUNK_SIZE)):
                citations = _citations(chunk, items.db)
                yield "".join(
                    writer.writerow(item_csv_row(row, citations, reviewers, path_of))
                    for row in chunk
                )
        finally:  # a download left mid-way: the cursor closes before its transaction ends
            rows.close()


def _reading_transaction(alias: str):
    """PostgreSQL: the export reads in one transaction. Outside one, Django declares its
    cursor WITH HOLD, and PostgreSQL then computes and stores the whole result before the
    first row (16 s for a million letters); inside, rows come as they are fetched, and every
    chunk sees the same snapshot. SQLite reads without: a transaction there would take the
    write lock (transaction_mode IMMEDIATE) and hold up the nightly ingest."""
    if connections[alias].vendor == "postgresql":
        return transaction.atomic(using=alias)
    return nullcontext()


def stream_csv(items, filename="imr-items.csv") -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
