"""The case page's content: the letter laid out for reading, citations linked to /items/."""

import datetime as dt
from pathlib import PurePath

from django.urls import reverse

from decisions.models import CitedBy
from decisions.site.presentation import (
    guideline_name,
    items_url,
    reviewer_specialties,
    reviewer_states,
)
from decisions.site.sources import servable_source


def _citation(citation) -> dict:
    guideline = citation.guideline_id
    return {
        "cited_by": CitedBy(citation.cited_by).label,
        "guideline": guideline_name(guideline),
        "guideline_url": items_url(guideline=guideline),
        "chapter": citation.chapter,
        "edition": citation.edition,
        "text": citation.text,
        "pages": [
            {"page": page, "url": items_url(guideline=guideline, guideline_page=page)}
            for page in citation.page_numbers()
        ],
        "sections": [
            {"name": name, "url": items_url(guideline=guideline, section=name)}
            for name in citation.section_names()
        ],
    }


def _header(case) -> list[tuple[str, object]]:
    fields = [
        ("Case number", case.case_number),
        ("Decision date", case.decision_date),
        ("Date assigned", case.date_assigned),
        ("Application received", case.application_received),
        ("UR denial date", case.ur_denial_date),
        ("Date of injury", case.injury_date),
        ("Priority", case.get_priority_display()),
    ]
    # Dates as ISO, like the item list and the exports.
    return [
        (label, value.isoformat() if isinstance(value, dt.date) else value)
        for label, value in fields
        if value
    ]


def case_context(case) -> dict:
    reviewer = case.reviewer
    patient = [
        value
        for value in (
            f"{case.patient_age} years old" if case.patient_age is not None else "",
            case.get_patient_sex_display(),
        )
        if value
    ]
    source = servable_source(case)
    return {
        "case": case,
        "title": case.case_number or f"Case without a number (#{case.pk})",
        "canonical_url": case.get_absolute_url(),
        "header": _header(case),
        "reviewer_title": reviewer.title if reviewer else "",
        "specialties": [
            {"name": name, "url": items_url(specialty=name)}
            for name in reviewer_specialties(reviewer)
        ],
        "subspecialties": reviewer.subspecialties if reviewer else [],
        "states": reviewer_states(reviewer),
        "patient": ", ".join(patient),
        "diagnoses": case.diagnoses,
        "summary": case.clinical_summary,
        "items": [
            {
                "number": item.number,
                "description": item.description,
                "outcome": item.outcome,
                "outcome_label": item.get_outcome_display(),
                "original_request": item.original_request,
                "authorized_portion": item.authorized_portion,
                "category": item.category,
                "subcategory": item.subcategory,
                "citations": [_citation(c) for c in item.citations.all()],
                "rationale": item.rationale,
            }
            for item in case.items.all()
        ],
        "source_url": reverse("decisions:case-source", args=[case.pk]) if source else None,
        # The file's name only: where the archive keeps it on the server is nobody's business.
        "source_name": PurePath(case.source_path).name,
        "source_sha256": case.source_sha256,
        "warnings": case.parser_warnings,
    }
