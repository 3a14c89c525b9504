"""One parsed letter into the archive's rows: create the case, or update it in place.

Identity: a case is its case number (or, for letters without one, its source path); an item
is (case, number); a citation is (item, position). An update keeps row identities and changes
only what differs, so the history records (change reason "ingest") show real changes.

Corrections win: a field named in a row's `corrected_fields` keeps the editor's value. When
the letter now says something else, that is a Conflict, which the run records as an
IngestProblem(kind="conflict"). A corrected item or citation the letter no longer has is
kept, and reported the same way. Fields nobody corrected follow the letter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from decisions.categories import DERIVED_FIELDS, classify_treatment
from decisions.ingest.history import record_created
from decisions.ingest.lookups import LookupCache
from decisions.models import (
    Case,
    CitationPage,
    CitationSection,
    DisputedItem,
    GuidelineCitation,
    Reviewer,
)
from decisions.parsing import ParsedCitation, ParsedItem, ParsedLetter
from decisions.summaries import add_new_cases, tallies_follow

# The simple-history change reason of every change the ingest makes (editors leave theirs).
CHANGE_REASON = "ingest"

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
UNKNOWN_LAYOUT = "unknown_layout"  # a file in a layout the parser does not know


def classify(description: str) -> tuple[str, str]:
    """Category and subcategory of a disputed item, by the treatment classifier."""
    treatment = classify_treatment(description)
    return treatment.category, treatment.subcategory


@dataclass(frozen=True)
class Conflict:
    """A correction the letter disagrees with; `reason` names case, item, field and values."""

    reason: str


# -- letter values, in model field terms ---------------------------------------------------


def case_values(letter: ParsedLetter, reviewer_id: int | None) -> dict:
    return {
        "case_number": letter.case_number or None,
        "date_assigned": letter.date_assigned,
        "injury_date": letter.injury_date,
        "decision_date": letter.decision_date,
        "ur_denial_date": letter.ur_denial_date,
        "application_received": letter.application_received,
        "priority": letter.priority or "",
        "reviewer_id": reviewer_id,
        "patient_age": letter.patient.age,
        "patient_sex": letter.patient.sex or "",
        "diagnoses": list(letter.diagnoses),
        "clinical_summary": letter.clinical_summary or "",
        "layout": letter.layout,
        "parser_warnings": list(letter.warnings),
    }


def item_values(item: ParsedItem) -> dict:
    category, subcategory = classify(item.description)
    return {
        "description": item.description,
        "outcome": item.outcome or "",
        "original_request": item.original_request or "",
        "authorized_portion": item.authorized_portion or "",
        "rationale": item.rationale or "",
        "category": category,
        "subcategory": subcategory,
    }


def citation_values(citation: ParsedCitation, lookups: LookupCache) -> dict:
    return {
        "cited_by": citation.cited_by,
        "guideline_id": lookups.guideline_id(citation.guideline),
        "edition": citation.edition,
        "chapter": citation.chapter or "",
        "text": citation.text,
    }


# -- the upsert ----------------------------------------------------------------------------


def archive_matches(letters: list[tuple[ParsedLetter, str, str]]) -> list[Case]:
    """Cases that (letter, path, sha256) triples could be versions of: one query for all."""
    match = Q(source_sha256__in={sha for _, _, sha in letters})
    match |= Q(source_path__in={path for _, path, _ in letters})
    numbers = {letter.case_number for letter, _, _ in letters if letter.case_number}
    if numbers:
        match |= Q(case_number__in=numbers)
    return list(Case.objects.filter(match))


def match_case(
    letter: ParsedLetter, path: str, sha256: str, candidates
) -> tuple[Case | None, bool]:
    """(the case this letter is a version of, whether these exact bytes are in the archive)."""
    known = any(case.source_sha256 == sha256 for case in candidates)
    if letter.case_number:
        for case in candidates:
            if case.case_number == letter.case_number:
                return case, known
    for case in candidates:
        # A path match is the same letter unless the archive knows it under another number
        # the letter does not contradict (an editor's corrected number still matches).
        if case.source_path == path and (
            not letter.case_number
            or case.case_number is None
            or "case_number" in case.corrected_fields
        ):
            return case, known
    return None, known


def find_case(letter: ParsedLetter, path: str, sha256: str) -> tuple[Case | None, bool]:
    return match_case(letter, path, sha256, archive_matches([(letter, path, sha256)]))


def write_letter(
    letter: ParsedLetter,
    path: str,
    sha256: str,
    lookups: LookupCache,
    *,
    force: bool = False,
    match: tuple[Case | None, bool] | None = None,
) -> tuple[str, Case | None, list[Conflict]]:
    """Write one letter; call inside a transaction. Returns (outcome, case, conflicts).

    `match` is find_case()'s answer when the caller already has it (and nothing written
    since could change it); without it the archive is asked.
    """
    case, known = match if match is not None else find_case(letter, path, sha256)
    if known and not force:
        return UNCHANGED, case, []
    if case is None:
        return CREATED, create_cases([(letter, path, sha256)], lookups)[0], []

    values = case_values(letter, lookups.reviewer_id(letter.reviewer))
    conflicts: list[Conflict] = []
    label = str(case)
    with tallies_follow([case.pk]):
        fields_changed = apply_letter_values(case, values, label, conflicts)
        if (case.source_path, case.source_sha256) != (path, sha256):
            case.source_path, case.source_sha256 = path, sha256
            fields_changed = True
        children_changed = sync_items(case, letter.items, lookups, conflicts)
        if fields_changed:
            _save(case)
        elif children_changed:  # no case field changed: bump updated_at, no history row
            Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    changed = fields_changed or children_changed
    return (UPDATED if changed else UNCHANGED), case, conflicts


def create_cases(letters: list[tuple[ParsedLetter, str, str]], lookups: LookupCache) -> list:
    """New cases for (letter, path, sha256) triples, children and history included.

    A handful of bulk inserts however many letters: call inside a transaction.
    """
    reviewer_ids = lookups.reviewer_ids_for([letter.reviewer for letter, _, _ in letters])
    cases = [
        Case(**case_values(letter, reviewer_id), source_path=path, source_sha256=sha256)
        for (letter, path, sha256), reviewer_id in zip(letters, reviewer_ids, strict=True)
    ]
    cases = _bulk_create(Case, cases)
    create_items(
        [
            (case, parsed)
            for case, (letter, _, _) in zip(cases, letters, strict=True)
            for parsed in letter.items
        ],
        lookups,
    )
    add_new_cases([case.pk for case in cases])
    return cases


def create_items(pairs: list[tuple[Case, ParsedItem]], lookups: LookupCache) -> None:
    """Bulk-create items from (case, parsed item) pairs, with their citations."""
    if not pairs:
        return
    items = [
        DisputedItem(case=case, number=parsed.number, **item_values(parsed))
        for case, parsed in pairs
    ]
    items = _bulk_create(DisputedItem, items)
    create_citations(
        (GuidelineCitation(item=item, position=position, **citation_values(cited, lookups)), cited)
        for item, (_, parsed) in zip(items, pairs, strict=True)
        for position, cited in enumerate(parsed.citations)
    )


def create_citations(pairs) -> None:
    """Bulk-create citations and their pages and sections; `pairs` is (citation, parsed)."""
    pairs = list(pairs)
    if not pairs:
        return
    citations = _bulk_create(GuidelineCitation, [citation for citation, _ in pairs])
    parsed = [cited for _, cited in pairs]
    CitationPage.objects.bulk_create(
        CitationPage(citation=citation, page=page)
        for citation, cited in zip(citations, parsed, strict=True)
        for page in cited.pages
    )
    CitationSection.objects.bulk_create(
        CitationSection(citation=citation, name=name)
        for citation, cited in zip(citations, parsed, strict=True)
        for name in cited.sections
    )


def sync_items(case: Case, parsed_items, lookups: LookupCache, conflicts: list[Conflict]) -> bool:
    """Bring the case's items in line with the letter's; True when anything changed."""
    existing = {
        item.number: item
        for item in case.items.prefetch_related("citations__pages", "citations__sections")
    }
    changed = False
    new_items = []
    for parsed in parsed_items:
        item = existing.pop(parsed.number, None)
        if item is None:
            new_items.append(parsed)
            continue
        label = f"{case} item {item.number}"
        if apply_letter_values(item, item_values(parsed), label, conflicts):
            _save(item)
            changed = True
        changed |= sync_citations(item, parsed.citations, label, lookups, conflicts)
    if new_items:
        create_items([(case, parsed) for parsed in new_items], lookups)
        changed = True
    for item in existing.values():
        label = f"{case} item {item.number}"
        if item.corrected_fields or any(c.corrected_fields for c in item.citations.all()):
            conflicts.append(_gone(label, "item", item.description))
        else:
            for citation in item.citations.all():  # each deletion gets its own history row
                _delete(citation)
            _delete(item)
            changed = True
    return changed


def sync_citations(
    item: DisputedItem, parsed_citations, item_label: str, lookups, conflicts
) -> bool:
    existing = {citation.position: citation for citation in item.citations.all()}
    changed = False
    new_citations = []
    for position, parsed in enumerate(parsed_citations):
        citation = existing.pop(position, None)
        values = citation_values(parsed, lookups)
        if citation is None:
            new_citations.append(
                (GuidelineCitation(item=item, position=position, **values), parsed)
            )
            continue
        label = f"{item_label} citation {position + 1}"
        if apply_letter_values(citation, values, label, conflicts):
            _save(citation)
            changed = True
        changed |= sync_citation_children(citation, parsed, label, conflicts)
    if new_citations:
        create_citations(new_citations)
        changed = True
    for citation in existing.values():
        label = f"{item_label} citation {citation.position + 1}"
        if citation.corrected_fields:
            conflicts.append(_gone(label, "citation", citation.text))
        else:
            _delete(citation)
            changed = True
    return changed


def sync_citation_children(citation, parsed: ParsedCitation, label: str, conflicts) -> bool:
    """Pages and sections: replaced when they differ, unless an editor corrected them."""
    changed = False
    for name, model, column, letter_values in (
        ("pages", CitationPage, "page", list(parsed.pages)),
        ("sections", CitationSection, "name", list(parsed.sections)),
    ):
        current = [getattr(row, column) for row in getattr(citation, name).all()]
        if current == letter_values:
            continue
        if name in citation.corrected_fields:
            conflicts.append(_differs(label, name, current, letter_values))
            continue
        model.objects.filter(citation=citation).delete()
        model.objects.bulk_create(model(citation=citation, **{column: v}) for v in letter_values)
        changed = True
    return changed


# -- corrections win -----------------------------------------------------------------------


def apply_letter_values(row, values: dict, label: str, conflicts: list[Conflict]) -> bool:
    """Set the letter's values on `row`, except corrected fields; True when any was set.

    `values` is keyed by attribute name (`reviewer_id`); `corrected_fields` may name the
    field either way (`reviewer` or `reviewer_id`).
    """
    corrected = {name.removesuffix("_id") for name in row.corrected_fields}
    changed = False
    for attname, letter_value in values.items():
        current = getattr(row, attname)
        if current == letter_value:
            continue
        field = attname.removesuffix("_id")
        if field in corrected:
            if field not in DERIVED_FIELDS:
                conflicts.append(
                    _differs(label, field, _shown(field, current), _shown(field, letter_value))
                )
            continue
        setattr(row, attname, letter_value)
        changed = True
    return changed


def _shown(field: str, value):
    """A value as the conflict reason shows it: the reviewer profile by its credentials."""
    if field == "reviewer" and value is not None:
        return str(Reviewer.objects.filter(pk=value).first() or f"reviewer #{value}")
    return value


def _differs(label: str, field: str, editor_value, letter_value) -> Conflict:
    return Conflict(
        f"{label}: {field} was corrected by an editor to {_repr(editor_value)}; "
        f"the letter says {_repr(letter_value)}; the correction is kept"
    )


def _gone(label: str, what: str, text: str) -> Conflict:
    return Conflict(
        f"{label}: the letter no longer has this {what} ({text[:80]!r}); "
        "it was corrected by an editor, so it is kept"
    )


def _repr(value) -> str:
    if value in ("", None, []):
        return "(blank)"
    return repr(value.isoformat() if hasattr(value, "isoformat") else value)


def _bulk_create(model, rows: list) -> list:
    """Insert rows in one statement, with their creation history."""
    rows = model.objects.bulk_create(rows)
    record_created(model, [row.pk for row in rows], CHANGE_REASON)
    return rows


def _save(row) -> None:
    row._change_reason = CHANGE_REASON
    row.save()


def _delete(row) -> None:
    row._change_reason = CHANGE_REASON
    row.delete()
