"""CSV export of every matching item, streamed in constant memory.

Rows come from `.iterator(chunk_size=...)`; Django runs the prefetches once per chunk, so the
export makes a handful of queries per chunk and never holds more than one chunk.
"""

import csv

from django.http import StreamingHttpResponse

from .presentation import case_url, citation_summary, reviewer_specialties, reviewer_states

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


class _Echo:
    """csv.writer needs a file; this one hands each line straight back."""

    def write(self, value):
        return value


def _safe(value) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _citations(citations, cited_by) -> str:
    return "; ".join(
        c["label"] + (f" [{', '.join(c['sections'])}]" if c["sections"] else "")
        for c in citations
        if c["cited_by"] == cited_by
    )


def item_csv_row(item) -> list[str]:
    case = item.case
    citations = [citation_summary(c) for c in item.citations.all()]
    values = [
        case.case_number,
        case_url(case),
        case.decision_date,
        case.injury_date,
        case.patient_age,
        case.patient_sex,
        item.number,
        item.description,
        item.outcome,
        item.category,
        item.subcategory,
        "; ".join(reviewer_specialties(case.reviewer)),
        "; ".join(reviewer_states(case.reviewer)),
        _citations(citations, "imr"),
        _citations(citations, "claims_administrator"),
        item.rationale,
    ]
    return [_safe(value) for value in values]


def csv_lines(items):
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for item in items.with_related().iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(item_csv_row(item))


def stream_csv(items, filename="imr-items.csv") -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
