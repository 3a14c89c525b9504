"""Editors' corrections: the fields of a case, item or citation that the ingest must keep.

`corrected_fields` holds model field names; a citation also lists "pages" and "sections"
for its child rows. The admin adds to it (decisions/admin/editing.py); the ingest keeps
the editor's value for every name in it and reports a letter that disagrees
(decisions/ingest/write.py). Forgetting the marks reads the letters again at once, so that the
values follow the letter.
"""

import os

from django.conf import settings

from decisions.ingest.run import IngestSummary, ingest_letters


def mark_corrected(obj, field_names) -> bool:
    """Add field_names to obj.corrected_fields without saving; True when something was added."""
    marked = sorted(set(obj.corrected_fields) | set(field_names))
    if marked == sorted(obj.corrected_fields):
        return False
    obj.corrected_fields = marked
    return True


def citation_child_rows(citation) -> dict[str, list]:
    """A citation's pages and sections as stored, in the shape `corrected_fields` names them."""
    return {
        "pages": list(citation.pages.values_list("page", flat=True)),
        "sections": list(citation.sections.values_list("name", flat=True)),
    }


def forget_corrections(objects, user=None) -> int:
    """Clear the marks of the given objects, one history row each; how many had marks."""
    forgotten = 0
    for obj in objects:
        if not obj.corrected_fields:
            continue
        obj.corrected_fields = []
        obj._history_user = user
        obj._change_reason = "Forgot corrections: follow the letter again"
        obj.save()
        forgotten += 1
    return forgotten


def letter_paths(cases) -> tuple[list[str], list[str]]:
    """(the cases' letter files that can be read here, the stored paths that cannot)."""
    readable, missing = set(), set()
    for case in cases:
        path = os.path.join(settings.BASE_DIR, case.source_path)  # stored relative or absolute
        (readable if os.path.isfile(path) else missing).add(path)
    return sorted(readable), sorted(missing)


def reread_letters(cases) -> tuple[IngestSummary | None, list[str]]:
    """Ingest the cases' letters again, even unchanged files, so uncorrected fields follow
    the letter now; (the run's summary or None, the paths that could not be read).

    Raises decisions.ingest.locking.LockHeld while another ingest run is going.
    """
    readable, missing = letter_paths(cases)
    if not readable:
        return None, missing
    return ingest_letters(readable, force=True), missing
