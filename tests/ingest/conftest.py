"""Builders for the ingest tests: run a command and capture its status, copy the fixtures."""

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import FIXTURE_LETTERS

FIXTURE_COUNT = len(list(FIXTURE_LETTERS.glob("*.txt")))  # five seeds, three invented letters
INVENTED = "invented-CM17-0099103.txt"  # CM17-0099103: four items, the third overturned


@dataclass
class CommandResult:
    status: int
    stdout: str
    stderr: str

    @property
    def closing_line(self) -> str:
        return self.stdout.strip().splitlines()[-1]


def run_command(name: str, *args) -> CommandResult:
    """Run a management command as cron would see it: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command(name, *[str(arg) for arg in args], stdout=out, stderr=err)
    except SystemExit as exit:
        status = exit.code
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return CommandResult(status, out.getvalue(), err.getvalue())


def ingest(*args) -> CommandResult:
    return run_command("ingest_letters", *args)


def rewrite(path: Path, old: str, new: str, target: Path | None = None) -> Path:
    """Write `path`'s text with `old` replaced by `new` to `target` (default: in place)."""
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    target = target or path
    target.write_text(text.replace(old, new))
    return target


@pytest.fixture
def letters_dir(tmp_path) -> Path:
    """A scratch copy of fixtures/letters."""
    target = tmp_path / "letters"
    shutil.copytree(FIXTURE_LETTERS, target)
    return target
