"""The sha256 that identifies a letter's bytes, in the archive and in the JSON contract."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK_BYTES = 1 << 16


def sha256_of(source: bytes | Path) -> str:
    """Hex sha256 of bytes, or of a file's bytes read in blocks (raises OSError)."""
    digest = hashlib.sha256()
    if isinstance(source, (bytes, bytearray)):
        digest.update(source)
    else:
        with Path(source).open("rb") as file:
            for block in iter(lambda: file.read(BLOCK_BYTES), b""):
                digest.update(block)
    return digest.hexdigest()
