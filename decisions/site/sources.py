"""Whether a case's source file may be served: only from the configured letter directories.

The site serves a letter's file when its stored path resolves (symlinks followed) inside one
of settings.LETTER_DIRS, the file exists, and its bytes still have the sha256 recorded at
ingest. Otherwise the case page shows the path and the sha256 instead of a link.
"""

from pathlib import Path

from django.conf import settings

from decisions.parsing.digest import sha256_of

CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8"}


def resolved_source(case) -> Path | None:
    """The file's real path if it lies inside a letter directory and exists, else None."""
    if not case.source_path:
        return None
    path = Path(case.source_path)
    if not path.is_absolute():
        path = Path(settings.BASE_DIR) / path
    try:
        path = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_file() or path.suffix.lower() not in CONTENT_TYPES:
        return None
    for directory in settings.LETTER_DIRS:
        if path.is_relative_to(Path(directory).resolve()):
            return path
    return None


def servable_source(case) -> Path | None:
    """resolved_source(), and only while the bytes are still those that were ingested."""
    path = resolved_source(case)
    if path is None or sha256_of(path) != case.source_sha256:
        return None
    return path
