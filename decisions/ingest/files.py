"""Which files an ingest (or parse_letter) reads, and reading one of them.

No Django here: `read_letter` runs in parse worker processes, which import only this module
and the parser.
"""

from __future__ import annotations

import glob
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from decisions.parsing import LetterParseError, ParsedLetter, error_json
from decisions.parsing.digest import sha256_of

# What a directory walk picks up; a file named on the command line is read whatever its name.
LETTER_SUFFIXES = (".pdf", ".txt")
GLOB_CHARACTERS = set("*?[")
# A letter is a few pages (the real PDFs are under 1 MB); a far larger file is something
# else, and reading it whole would break the run's flat memory.
MAX_FILE_BYTES = 50_000_000


class MissingPaths(ValueError):
    """Command-line paths that neither exist nor match a glob pattern."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        super().__init__("no such file or directory, and no file matches: " + ", ".join(paths))


def check_arguments(arguments: Iterable[str]) -> None:
    """Raise MissingPaths naming every argument that is not a path and matches no glob."""
    missing = [
        argument
        for argument in arguments
        if not os.path.exists(argument)
        and not (is_glob(argument) and next(glob.iglob(argument, recursive=True), None))
    ]
    if missing:
        raise MissingPaths(missing)


def is_glob(argument: str) -> bool:
    return bool(GLOB_CHARACTERS & set(argument))


def iter_letter_files(arguments: Iterable[str]) -> Iterator[str]:
    """Every letter file the arguments name, streamed: files, directories, glob patterns."""
    for argument in arguments:
        if os.path.exists(argument):
            yield from _expand(argument)
        elif is_glob(argument):
            # iglob streams; sorting would hold every match of a huge pattern in memory.
            for match in glob.iglob(argument, recursive=True):
                yield from _expand(match)


def in_shard(path: str, shard: tuple[int, int] | None) -> bool:
    """Whether shard K of N takes this file: by its file name, so that the same file named
    from two directories or two machines' mounts always goes to the same shard."""
    if shard is None:
        return True
    number, shards = shard
    return zlib.crc32(os.path.basename(path).encode()) % shards == number - 1


def parse_shard(text: str) -> tuple[int, int]:
    """ "K/N" -> (K, N), with 1 <= K <= N."""
    number, slash, shards = text.partition("/")
    if not (slash and number.isdigit() and shards.isdigit() and 1 <= int(number) <= int(shards)):
        raise ValueError(f"--shard takes K/N with 1 <= K <= N (e.g. 2/4), not {text!r}")
    return int(number), int(shards)


def _expand(path: str) -> Iterator[str]:
    if os.path.isdir(path):
        yield from _walk(path)
    else:
        yield path


def _walk(directory: str) -> Iterator[str]:
    """Letter files under a directory, depth first, in name order, one directory at a time."""
    for root, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(LETTER_SUFFIXES):
                yield os.path.join(root, name)


def stored_path(path: str, project_dir: str | Path) -> str:
    """The path kept in the archive: relative to the project when the file lies inside it.

    Letters without a case number are identified by this path, so the same file must give
    the same stored path whether a run names it relatively or absolutely.
    """
    absolute = os.path.abspath(path)
    project = os.path.abspath(project_dir)
    if os.path.commonpath([absolute, project]) == project:
        return os.path.relpath(absolute, project)
    return absolute


@dataclass(frozen=True)
class LetterFile:
    """One file read and parsed: `letter` when it parsed, `error` (the reason) when not."""

    path: str  # as stored in the archive
    sha256: str | None
    letter: ParsedLetter | None = None
    error: str | None = None
    unknown_layout: bool = False  # the error: a layout the parser does not know


def read_bytes(path: str) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and the reason it cannot be read."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, f"too large for a letter ({size:,} bytes)"
            return handle.read(), None
    except OSError as error:
        return None, f"cannot read the file: {error.strerror or error}"


def parse_bytes(data: bytes, path: str) -> LetterFile:
    """Parse a letter already read; any failure of the parser becomes the file's error."""
    from decisions.parsing import parse_letter  # the parser may import heavy PDF code: load on use

    sha = sha256_of(data)
    try:
        return LetterFile(path, sha, letter=parse_letter(data, path=path))
    except LetterParseError as error:
        return LetterFile(path, sha, error=error.reason, unknown_layout=error.unknown_layout)
    except Exception as error:  # a parser bug must cost one letter, not the whole run
        return LetterFile(path, sha, error=f"parser error: {type(error).__name__}: {error}")


def parse_task(task: tuple[bytes, str]) -> LetterFile:
    """Parse (bytes, path to store); what parse worker processes run."""
    data, path = task
    return parse_bytes(data, path)


def letter_json(path: str) -> tuple[dict, bool]:
    """(the imr-letter/1 object for the file, whether it parsed); what parse_letter prints."""
    data, reason = read_bytes(path)
    if data is None:
        return error_json(path, None, reason), False
    parsed = parse_bytes(data, path)
    if parsed.letter is None:
        return error_json(path, parsed.sha256, parsed.error), False
    return parsed.letter.to_json(), True
