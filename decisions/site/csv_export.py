"""CSV export of every matching item, streamed in constant memory.

Every cell is an SQL expression over the item, its case and its ItemExportText row (the
reviewer's specialties and states and the citations, written out in advance:
decisions/export_text.py), so an item is one row of one query. The cells are the same on
both databases; what writes them as CSV differs:

- PostgreSQL writes the lines itself (`COPY (the query) TO STDOUT (FORMAT csv)`), Python
  passing the bytes on in pieces of FLUSH_BYTES: the whole archive's 2.1 million lines at
  66,000 a second where Python wrote 18,000 (docs/benchmarks.md, sixth pass).
- SQLite: the rows come from `.iterator(chunk_size=CHUNK_SIZE)` and Python's csv module
  writes them, a chunk's lines as one piece.

The two differ only in their line ends (COPY ends a line with LF, the csv module with
CR LF) and in an empty text cell (COPY writes "", the csv module nothing); a test reads
both back to the same rows.
"""

import csv
from contextlib import nullcontext
from itertools import islice

from django.db import connections, transaction
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Cast, Concat, Left
from django.db.models.lookups import In, Regex
from django.http import StreamingHttpResponse
from django.urls import reverse

from decisions.export_text import FORMULA_STARTS
from decisions.models import CASE_NUMBER_IN_URL

CHUNK_SIZE = 2000
FLUSH_BYTES = 256 * 1024


def text_cell(source: str):
    """A column of free text as a cell: a would-be formula quoted as text. (Columns of a
    fixed vocabulary need not be; ItemExportText's are quoted when written.)"""
    column = F(source)
    return Case(
        When(
            In(Left(column, 1), FORMULA_STARTS),
            then=Concat(Value("'"), column, output_field=TextField()),
        ),
        default=column,
        output_field=TextField(),
    )


def case_url_cell():
    """The case page, as decisions.models.case_path gives it: by number, or by id for a
    letter whose number no URL finds."""
    mark_number, mark_id = "CM00-0000000", 987654321
    by_number = reverse("decisions:case", args=[mark_number]).split(mark_number)
    by_id = reverse("decisions:case-by-id", args=[mark_id]).split(str(mark_id))
    number = F("case__case_number")
    return Case(
        When(
            Regex(number, CASE_NUMBER_IN_URL),
            then=Concat(Value(by_number[0]), number, Value(by_number[1]), output_field=TextField()),
        ),
        default=Concat(
            Value(by_id[0]), Cast("case_id", TextField()), Value(by_id[1]), output_field=TextField()
        ),
        output_field=TextField(),
    )


def cells() -> dict:
    """{header: the cell's expression}, in the order of the line."""
    return {
        "case_number": text_cell("case__case_number"),
        "case_url": case_url_cell(),
        "decision_date": F("case__decision_date"),
        "injury_date": F("case__injury_date"),
        "patient_age": F("case__patient_age"),
        "patient_sex": F("case__patient_sex"),
        "item_number": F("number"),
        "description": text_cell("description"),
        "outcome": F("outcome"),
        "category": text_cell("category"),
        "subcategory": text_cell("subcategory"),
        "reviewer_specialties": text_cell("export_text__reviewer_specialties"),
        "reviewer_states": text_cell("export_text__reviewer_states"),
        "imr_citations": text_cell("export_text__imr_citations"),
        "claims_administrator_citations": text_cell("export_text__claims_administrator_citations"),
        "rationale": text_cell("rationale"),
    }


class _Echo:
    """csv.writer needs a file; this one hands each line straight back."""

    def write(self, value):
        return value


def csv_lines(items):
    """The CSV text, a piece at a time: written by PostgreSQL, or by Python on SQLite."""
    line = cells()
    rows = items.values_list(*line.values())
    with _reading_transaction(items.db):
        if connections[items.db].vendor == "postgresql":
            yield ",".join(line) + "\n"
            yield from copied_lines(rows)
        else:
            yield from written_lines(list(line), rows)


def copied_lines(rows):
    """The rows as CSV lines written by PostgreSQL, in pieces of about FLUSH_BYTES."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        # Django's cursor has no COPY: psycopg's own, under it, does.
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
            piece = bytearray()
            for block in copy:  # a block a line
                piece += block
                if len(piece) >= FLUSH_BYTES:
                    yield bytes(piece)
                    piece.clear()
            yield bytes(piece)


def written_lines(header: list[str], rows):
    """The header and the rows as CSV lines written by Python, a chunk at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    chunks = rows.iterator(chunk_size=CHUNK_SIZE)
    try:
        while chunk := list(islice(chunks, CHUNK_SIZE)):
            yield "".join(writer.writerow(row) for row in chunk)
    finally:  # a download left mid-way: the cursor closes at once
        chunks.close()


def _reading_transaction(alias: str):
    """PostgreSQL: the export reads in one transaction, one snapshot. SQLite reads without:
    a transaction there would take the write lock (transaction_mode IMMEDIATE) and hold up
    the nightly ingest."""
    if connections[alias].vendor == "postgresql":
        return transaction.atomic(using=alias)
    return nullcontext()


def stream_csv(items, filename="imr-items.csv") -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
