"""Process-wide memory tuning for the processes that parse PDFs in bulk.

Only the ingest's own processes call it: the `ingest_letters` command and its parse workers
(and the parser benchmark, to measure the same thing). A web process never does, not even
when an admin action re-reads a letter inside a request.
"""

import ctypes
from functools import cache

# glibc's mallopt parameters (malloc.h) and the values set for PDFium (see below).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
KEEP_FREED_BYTES, MMAP_FROM_BYTES = 32 * 2**20, 4 * 2**20


@cache
def keep_freed_memory_for_pdfium() -> None:
    """Let the C library keep what PDFium frees between letters (once a process).

    PDFium allocates and frees about a megabyte per letter, in blocks that glibc by default
    maps afresh and hands back to the kernel each time, so every letter pays some 200 page
    faults of zeroed memory: about 12 % of the PDF time (docs/benchmarks.md). Keeping up to
    32 MiB of freed memory in the process is nothing beside that. Nothing is done where the
    C library has no mallopt (it is glibc's).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_FROM_BYTES)
    mallopt(M_TRIM_THRESHOLD, KEEP_FREED_BYTES)
