"""Builders for the ingest tests: run a command and capture its status, copy the fixtures."""

import shutil
from pathlib import Path

import pytest

from tests.paths import FIXTURE_LETTERS

FIXTURE_COUNT = len(list(FIXTURE_LETTERS.glob("*.txt")))  # five seeds, three invented letters
INVENTED = "invented-CM17-0099103.txt"  # CM17-0099103: four items, the third overturned


@pytest.fixture
def letters_dir(tmp_path) -> Path:
    """A scratch copy of fixtures/letters."""
    target = tmp_path / "letters"
    shutil.copytree(FIXTURE_LETTERS, target)
    return target
