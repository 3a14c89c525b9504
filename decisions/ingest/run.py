"""An `ingest_letters` run: stream the files, parse them, write each letter, count.

Memory stays flat however many files are given: paths are streamed, files are read in small
batches, and a parsed letter is dropped once written. With workers > 1, parsing happens in
worker processes (a few small batches in flight); writing always stays in this process,
and a letter goes in whole or not at all (see ArchiveWriter).
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from django.conf import settings
from django.db import reset_queries, transaction
from django.utils import timezone

from decisions.ingest.files import (
    LetterFile,
    check_arguments,
    in_shard,
    iter_letter_files,
    parse_task,
    read_bytes,
    stored_path,
)
from decisions.ingest.locking import ingest_lock, lock_letters
from decisions.ingest.lookups import LookupCache
from decisions.ingest.memory import keep_freed_memory_for_pdfium
from decisions.ingest.write import (
    CREATED,
    FAILED,
    UNCHANGED,
    UNKNOWN_LAYOUT,
    UPDATED,
    archive_matches,
    create_cases,
    find_case,
    match_case,
    write_letter,
)
from decisions.models import Case, IngestProblem, IngestRun
from decisions.parsing.digest import sha256_of
from decisions.state_index import compare_with_index

BATCH_SIZE = 16  # files read (and checked against the archive) at a time
WRITE_BATCH_SIZE = 64  # new letters created together in one transaction
CHUNK_SIZE = 4  # files a worker process parses per task
IN_FLIGHT = 4  # batches handed to the workers ahead of the one being written


@dataclass(frozen=True)
class LetterResult:
    """What happened to one file, for the progress output."""

    outcome: str  # CREATED, UPDATED, UNCHANGED, FAILED or UNKNOWN_LAYOUT
    path: str
    case_number: str | None = None
    reason: str | None = None  # why it failed
    conflicts: tuple[str, ...] = ()


@dataclass
class IngestSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    unknown_layout: int = 0
    conflicts: int = 0

    def add(self, result: LetterResult) -> None:
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        self.conflicts += len(result.conflicts)

    def closing_line(self) -> str:
        line = (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )
        if self.unknown_layout:
            line += f", unknown layout {self.unknown_layout}"
        return line + (f", conflicts {self.conflicts}" if self.conflicts else "")

    @property
    def exit_status(self) -> int:
        return 1 if self.failed or self.unknown_layout else 0


def ingest_letters(
    arguments: list[str],
    *,
    dry_run: bool = False,
    force: bool = False,
    workers: int = 1,
    shard: tuple[int, int] | None = None,
    on_result: Callable[[LetterResult], None] | None = None,
) -> IngestSummary:
    """Ingest every letter the arguments name (files, directories, glob patterns).

    Raises MissingPaths for arguments that name nothing, LockHeld when another run is going.
    A dry run parses and classifies without writing anything, and takes no lock. `shard`
    (K, N): take only the files of shard K of N (files.in_shard), beside the other shards.
    """
    check_arguments(arguments)
    tasks = (
        (path, stored_path(path, settings.BASE_DIR))
        for path in iter_letter_files(arguments)
        if in_shard(path, shard)
    )
    summary = IngestSummary()
    if dry_run:
        _run(tasks, DryRunWriter(force), summary, workers=workers, on_result=on_result)
        return summary
    with ingest_lock(shard=shard):
        run = IngestRun.objects.create(arguments=list(arguments))
        try:
            writer = ArchiveWriter(run, force, beside_others=shard is not None)
            _run(tasks, writer, summary, workers=workers, on_result=on_result)
        finally:
            for name in ("created", "updated", "unchanged", "failed", "unknown_layout"):
                setattr(run, name, getattr(summary, name))
            run.finished_at = timezone.now()
            run.save()
    return summary


def _run(tasks, writer, summary: IngestSummary, *, workers: int, on_result) -> None:
    files = letter_files(tasks, workers=workers, force=writer.force)
    for batch in _batched(files, WRITE_BATCH_SIZE):
        reset_queries()  # with DEBUG on, Django would keep every query's SQL: memory grows
        for result in writer.write_batch(batch):
            summary.add(result)
            if on_result:
                on_result(result)


class ArchiveWriter:
    """Writes letters so that each one goes in whole or not at all; records problems.

    New letters of a batch are created together in one transaction (a few bulk inserts for
    the lot: the speed of a nightly run). If that fails, it is rolled back and they are
    written one transaction each, so one bad letter costs only itself. A letter already in
    the archive (an update, with its corrections) always gets its own transaction.
    """

    def __init__(self, run: IngestRun, force: bool, beside_others: bool = False):
        self.run = run
        self.force = force
        self.lookups = LookupCache()
        # Other shards may write the same letters meanwhile: what the archive held before a
        # letter's lock was taken is asked again under the lock.
        self.beside_others = beside_others

    def write_batch(self, files: list[LetterFile]) -> list[LetterResult]:
        results: dict[int, LetterResult] = {}
        parsed = []
        for index, letter_file in enumerate(files):
            if letter_file.error is not None:
                results[index] = self._failed(letter_file, letter_file.error)
            elif letter_file.letter is None:
                results[index] = LetterResult(UNCHANGED, letter_file.path)
            else:
                parsed.append((index, letter_file))
        new, one_by_one = self._split_new(parsed)
        if new and not self._create_together(new, results):
            one_by_one = sorted(
                [(index, letter_file, None) for index, letter_file in new] + one_by_one,
                key=lambda triple: triple[0],
            )
        for index, letter_file, match in one_by_one:
            results[index] = self.write(letter_file, match)
        return [results[index] for index in range(len(files))]

    def _split_new(self, parsed):
        """(letters surely new to the archive and to each other, the rest).

        The rest come as (index, letter file, match): the archive case the letter matched,
        passed on to write_letter so it is not looked up again, or None when a letter
        written before it in this batch could change the match (the same sha256, number
        or path, or the same matched case); write_letter then looks it up afresh.
        """
        candidates = archive_matches([_triple(letter_file) for _, letter_file in parsed])
        matches = [match_case(*_triple(letter_file), candidates) for _, letter_file in parsed]
        matched_by = Counter(case.pk for case, _ in matches if case is not None)
        new, rest, seen = [], [], set()
        for (index, letter_file), (case, known) in zip(parsed, matches, strict=True):
            identity = {letter_file.sha256, letter_file.letter.case_number or letter_file.path}
            collides = bool(identity & seen)
            if case is None and not known and not collides:
                new.append((index, letter_file))
            elif case is not None and not collides and matched_by[case.pk] == 1:
                rest.append((index, letter_file, (case, known)))
            else:
                rest.append((index, letter_file, None))
            seen |= identity
        return new, rest

    def _create_together(self, new, results) -> bool:
        letters = [_triple(letter_file) for _, letter_file in new]
        try:
            with transaction.atomic():
                lock_letters(identity for triple in letters for identity in _identities(*triple))
                if self.beside_others and archive_matches(letters):
                    raise WrittenMeanwhile
                cases = create_cases(letters, self.lookups)
        except Exception:  # written one by one instead, where the culprit fails alone
            self.lookups.clear()
            return False
        for (index, letter_file), case in zip(new, cases, strict=True):
            results[index] = LetterResult(CREATED, letter_file.path, case.case_number)
        compare_with_index(cases, self.run)
        return True

    def write(self, letter_file: LetterFile, match=None) -> LetterResult:
        """Write one parsed letter in its own transaction (`match`: see write_letter)."""
        if self.beside_others:
            match = None
        try:
            with transaction.atomic():
                lock_letters(_identities(*_triple(letter_file)))
                outcome, case, conflicts = write_letter(
                    *_triple(letter_file), self.lookups, force=self.force, match=match
                )
                IngestProblem.objects.bulk_create(
                    IngestProblem(
                        run=self.run,
                        kind=IngestProblem.Kind.CONFLICT,
                        path=letter_file.path,
                        sha256=letter_file.sha256,
                        case=case,
                        reason=conflict.reason,
                    )
                    for conflict in conflicts
                )
        except Exception as error:  # one bad letter must not stop the batch
            self.lookups.clear()  # ids cached during the rolled-back letter may be gone
            return self._failed(letter_file, f"could not be saved: {type(error).__name__}: {error}")
        if outcome in (CREATED, UPDATED):
            compare_with_index([case], self.run)
        return LetterResult(
            outcome,
            letter_file.path,
            case_number=case.case_number if case else None,
            conflicts=tuple(conflict.reason for conflict in conflicts),
        )

    def _failed(self, letter_file: LetterFile, reason: str) -> LetterResult:
        unknown = letter_file.unknown_layout
        IngestProblem.objects.create(
            run=self.run,
            kind=IngestProblem.Kind.UNKNOWN_LAYOUT if unknown else IngestProblem.Kind.FAILED,
            path=letter_file.path,
            sha256=letter_file.sha256 or "",
            reason=reason,
        )
        return _failure(letter_file, reason)


def _failure(letter_file: LetterFile, reason: str) -> LetterResult:
    """A file that did not go in: in a layout the parser does not know, or failed."""
    outcome = UNKNOWN_LAYOUT if letter_file.unknown_layout else FAILED
    return LetterResult(outcome, letter_file.path, reason=reason)


def _triple(letter_file: LetterFile):
    return letter_file.letter, letter_file.path, letter_file.sha256


def _identities(letter, path: str, sha256: str) -> list[str]:
    """What makes two files the same letter to the archive: the bytes, the case number (or,
    without one, the path)."""
    return [sha256, letter.case_number or path]


class WrittenMeanwhile(Exception):
    """Another shard wrote one of the batch's letters since the batch was read."""


class DryRunWriter:
    """Says what a real run would do with each letter, writing nothing."""

    def __init__(self, force: bool):
        self.force = force

    def write_batch(self, files: list[LetterFile]) -> list[LetterResult]:
        return [self.write(letter_file) for letter_file in files]

    def write(self, letter_file: LetterFile) -> LetterResult:
        if letter_file.error is not None:
            return _failure(letter_file, letter_file.error)
        if letter_file.letter is None:
            return LetterResult(UNCHANGED, letter_file.path)
        case, known = find_case(letter_file.letter, letter_file.path, letter_file.sha256)
        if known and not self.force:
            return LetterResult(UNCHANGED, letter_file.path, letter_file.letter.case_number)
        return LetterResult(
            CREATED if case is None else UPDATED,
            letter_file.path,
            letter_file.letter.case_number,
        )


# -- reading and parsing -------------------------------------------------------------------


def letter_files(tasks: Iterable[tuple[str, str]], *, workers: int, force: bool):
    """LetterFile per (path, stored path): parsed, failed, or (letter None) already archived.

    Files whose bytes are already in the archive are not parsed at all, unless `force`.
    """
    batches = _batched(tasks, BATCH_SIZE)
    if workers <= 1:
        for batch in batches:
            done, to_parse = _read_batch(batch, force)
            yield from done
            yield from map(parse_task, to_parse)
        return
    pool = ParsePool(workers)
    try:
        in_flight: deque[tuple[list, Iterator[LetterFile]]] = deque()
        for batch in batches:
            done, to_parse = _read_batch(batch, force)
            yield from done
            in_flight.append((to_parse, pool.map(to_parse)))
            if len(in_flight) > IN_FLIGHT:  # keep the workers busy meanwhile
                yield from pool.results(*in_flight.popleft())
        while in_flight:
            yield from pool.results(*in_flight.popleft())
    finally:
        pool.shutdown()


# fork starts workers in milliseconds (spawn takes half a second to re-import). The database
# connection the workers inherit is never used by them, and a worker leaves through
# os._exit, so it cannot close or disturb the connection either.
FORK = multiprocessing.get_context("fork")


def _parse_processes(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=FORK, initializer=keep_freed_memory_for_pdfium)


CRASHED = "the parser's process died on this file (a crash in the PDF library?)"


class ParsePool:
    """Parse worker processes that outlive a worker's death (a PDF that crashes pdfium).

    An executor rather than a multiprocessing Pool: when a worker dies it raises instead of
    waiting for ever. The unfinished files of the broken batches are then parsed one per
    process, so only the file that kills its process fails, and a new executor goes on.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.executor = _parse_processes(workers)

    def map(self, tasks: list) -> Iterator[LetterFile]:
        try:
            return self.executor.map(parse_task, tasks, chunksize=CHUNK_SIZE)
        except BrokenProcessPool:
            self.executor.shutdown()
            self.executor = _parse_processes(self.workers)
            return self.executor.map(parse_task, tasks, chunksize=CHUNK_SIZE)

    def results(self, tasks: list, results: Iterator[LetterFile]) -> Iterator[LetterFile]:
        finished = 0
        try:
            for letter_file in results:
                finished += 1
                yield letter_file
        except BrokenProcessPool:
            for task in tasks[finished:]:
                yield parse_alone(task)

    def shutdown(self) -> None:
        self.executor.shutdown()


def parse_alone(task: tuple[bytes, str]) -> LetterFile:
    """Parse one file in a process of its own; if that process dies, the file failed."""
    with _parse_processes(1) as single:
        try:
            return single.submit(parse_task, task).result()
        except BrokenProcessPool:
            data, path = task
            return LetterFile(path, sha256_of(data), error=CRASHED)


def _read_batch(batch, force: bool) -> tuple[list[LetterFile], list[tuple[bytes, str]]]:
    """Read a batch of files: (those settled without parsing, (bytes, path) to parse)."""
    done, read = [], []
    for path, stored in batch:
        data, error = read_bytes(path)
        if data is None:
            done.append(LetterFile(stored, None, error=error))
        else:
            read.append((data, stored, sha256_of(data)))
    known = set()
    if read and not force:
        known = set(
            Case.objects.filter(source_sha256__in={sha for _, _, sha in read}).values_list(
                "source_sha256", flat=True
            )
        )
    to_parse = []
    for data, stored, sha in read:
        if sha in known:
            done.append(LetterFile(stored, sha))
        else:
            to_parse.append((data, stored))
    return done, to_parse


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
