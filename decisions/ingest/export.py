"""Cases back out as `imr-letter/1` dicts (../shared/docs/letter-json.md), corrections included.

What the archive stores blank ("" for a text the letter did not state) goes back out as the
contract's null, so exporting an ingested letter gives what the parser printed for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import QuerySet

from decisions.models import Case
from decisions.parsing import SCHEMA

CHUNK_SIZE = 500  # cases per round of prefetch queries


def cases_to_export(case_number: str | None = None, since: dt.date | None = None) -> QuerySet:
    """Cases in archive order (by id), with everything the export reads prefetched.

    `case_number` is read as the site reads it (Case.objects.for_number: spaces and letter
    case do not matter). `since` keeps cases decided on or after that date (a case without
    a decision date is left out when `since` is given).
    """
    cases = Case.objects.with_related()
    if case_number:
        cases = cases.for_number(case_number)
    if since:
        cases = cases.filter(decision_date__gte=since)
    return cases.order_by("id")


def iter_letter_dicts(cases: QuerySet, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """Stream the dicts: one query per chunk for the cases, plus one per prefetch."""
    for case in cases.iterator(chunk_size=chunk_size):
        yield letter_dict(case)


def letter_dict(case: Case) -> dict:
    return {
        "schema": SCHEMA,
        "source": {"path": case.source_path, "sha256": case.source_sha256},
        "layout": case.layout,
        "case_number": case.case_number or None,
        "date_assigned": _iso(case.date_assigned),
        "injury_date": _iso(case.injury_date),
        "decision_date": _iso(case.decision_date),
        "ur_denial_date": _iso(case.ur_denial_date),
        "application_received": _iso(case.application_received),
        "priority": case.priority or None,
        "reviewer": reviewer_dict(case.reviewer),
        "patient": {"age": case.patient_age, "sex": case.patient_sex or None},
        "diagnoses": list(case.diagnoses),
        "clinical_summary": case.clinical_summary or None,
        "items": [item_dict(item) for item in case.items.all()],
        "warnings": list(case.parser_warnings),
    }


def reviewer_dict(reviewer) -> dict:
    if reviewer is None:
        return {"title": None, "specialties": [], "subspecialties": [], "licensed_in": []}
    return {
        "title": reviewer.title or None,
        "specialties": reviewer.specialty_names(),
        "subspecialties": list(reviewer.subspecialties),
        "licensed_in": reviewer.state_names(),
    }


def item_dict(item) -> dict:
    return {
        "number": item.number,
        "description": item.description,
        "outcome": item.outcome or None,
        "original_request": item.original_request or None,
        "authorized_portion": item.authorized_portion or None,
        "citations": [citation_dict(citation) for citation in item.citations.all()],
        "rationale": item.rationale or None,
    }


def citation_dict(citation) -> dict:
    return {
        "cited_by": citation.cited_by,
        "guideline": citation.guideline_id,
        "edition": citation.edition,
        "chapter": citation.chapter or None,
        "sections": citation.section_names(),
        "pages": citation.page_numbers(),
        "text": citation.text,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
