"""Parser throughput on one core: letters per second for text and for PDF, peak memory."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decisions.parsing.letter import parse_letter


@dataclass(frozen=True)
class BenchResult:
    kind: str  # "text", "pdf", ...
    source: str  # where the letters came from
    letters: int  # distinct letters
    parses: int  # parses timed (letters x rounds)
    seconds: float  # CPU time of this process: one core's work, whatever else runs
    wall_seconds: float
    best_round_seconds: float  # CPU time of the quickest pass over all the letters

    @property
    def per_second(self) -> float:
        return self.parses / self.seconds if self.seconds else 0.0

    @property
    def best_round_per_second(self) -> float:
        """The quickest pass: what the code does when the shared machine interferes least
        (as timeit reports the best of its repeats)."""
        return self.letters / self.best_round_seconds if self.best_round_seconds else 0.0


def bench(
    kind: str,
    files: list[Path],
    source: str,
    min_seconds: float = 2.0,
    work: Callable[[Any, str], object] = lambda data, path: parse_letter(data, path=path),
    prepare: Callable[[bytes, str], Any] = lambda data, path: data,
) -> BenchResult:
    """Parse every file (from memory, so disk reads are not timed) until min_seconds pass,
    after one pass that is not timed.

    Throughput is counted in CPU seconds of this (single-threaded) process, so other
    work on the machine does not lower it as much as it lowers wall-clock figures.
    `work` is what is timed for each file: the whole parse unless told otherwise; it is
    given what `prepare` (not timed) makes of the file's bytes: the bytes unless told otherwise.
    """
    payloads = [(prepare(path.read_bytes(), str(path)), str(path)) for path in files]
    # One untimed pass first: what a process does once (PDFium loading its fonts, the
    # parser's caches) is no cost of a letter.
    for data, path in payloads:
        work(data, path)
    parses = 0
    best_round = float("inf")
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    round_started = started_cpu
    while True:
        for data, path in payloads:
            work(data, path)
        parses += len(payloads)
        now = time.process_time()
        best_round = min(best_round, now - round_started)
        round_started = now
        cpu = now - started_cpu
        if cpu >= min_seconds:
            wall = time.perf_counter() - started_wall
            return BenchResult(kind, source, len(payloads), parses, cpu, wall, best_round)


def peak_memory_mib() -> float:
    """The process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
