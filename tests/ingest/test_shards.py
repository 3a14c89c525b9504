"""`ingest_letters --shard K/N`: a back-fill split over several runs against one database.

Each fixture letter is given under several names, so that both shards meet every letter:
on PostgreSQL the two shards run at once and the per-letter locks make them take turns."""

import shutil
import subprocess
import sys
import threading

import pytest
from django.db import connection, connections

from decisions.ingest import run
from decisions.ingest.files import in_shard, parse_bytes, parse_shard
from decisions.ingest.locking import LockHeld, ingest_lock
from decisions.ingest.lookups import LookupCache
from decisions.ingest.run import ingest_letters
from decisions.models import Case, DisputedItem, IngestProblem, IngestRun
from decisions.parsing import parse_text
from decisions.summaries import differences
from tests.actions import ingest
from tests.paths import FIXTURE_COUNT, FIXTURE_LETTERS, ROOT

ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def overlapping_letters(tmp_path):
    """Every fixture letter under names that fall in shard 1 of 2 and in shard 2 of 2."""
    for letter in sorted(FIXTURE_LETTERS.glob("*.txt")):
        wanted = {1: 10, 2: 10}  # copies a shard gets of this letter
        for copy in range(100):
            name = f"copy{copy}-{letter.name}"
            shard = 1 if in_shard(name, (1, 2)) else 2
            if wanted[shard]:
                wanted[shard] -= 1
                shutil.copy(letter, tmp_path / name)
            if not any(wanted.values()):
                break
    return tmp_path


def items_in_fixture_letters() -> int:
    return sum(
        len(parse_text(letter.read_text()).items) for letter in FIXTURE_LETTERS.glob("*.txt")
    )


def run_shards(directory) -> list:
    """Both shards over the same input, at once on PostgreSQL, one after another on SQLite."""
    summaries = {}

    def shard(number):
        try:
            summaries[number] = ingest_letters([str(directory)], shard=(number, 2))
        finally:
            if ON_POSTGRESQL:
                connections.close_all()

    if not ON_POSTGRESQL:
        return [ingest_letters([str(directory)], shard=(number, 2)) for number in (1, 2)]
    threads = [threading.Thread(target=shard, args=(number,)) for number in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [summaries[1], summaries[2]]


@pytest.mark.django_db(transaction=True)
def test_two_shards_over_overlapping_inputs_write_each_letter_once(overlapping_letters):
    files = sorted(path.name for path in overlapping_letters.iterdir())
    first, second = run_shards(overlapping_letters)
    assert first.failed == second.failed == 0
    # Every file is taken by exactly one shard.
    taken = [summary.created + summary.updated + summary.unchanged for summary in (first, second)]
    assert sum(taken) == len(files) == 20 * FIXTURE_COUNT
    assert first.created + second.created == FIXTURE_COUNT
    assert Case.objects.count() == FIXTURE_COUNT
    assert DisputedItem.objects.count() == items_in_fixture_letters()
    assert not IngestProblem.objects.exists()
    assert differences() == {}
    # A re-run of either shard finds nothing to do.
    again = ingest_letters([str(overlapping_letters)], shard=(2, 2))
    assert again.created == again.updated == again.failed == 0


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite runs one ingest at a time")
@pytest.mark.django_db(transaction=True)
def test_a_shard_waits_for_a_letter_another_is_writing(monkeypatch):
    """Shard 1 has created a seed letter (no case number: only its bytes identify it) and
    not yet committed; shard 2 meets the same bytes under another name. It must wait, then
    find the letter written, rather than create it a second time."""
    seed = sorted(FIXTURE_LETTERS.glob("0*.txt"))[0]
    data = seed.read_bytes()
    letter = parse_bytes(data, "a.txt").letter
    lookups = LookupCache()  # the reviewer and guideline rows exist already: only the case is new
    lookups.reviewer_id(letter.reviewer)
    for item in letter.items:
        for citation in item.citations:
            lookups.guideline_id(citation.guideline)
    created, release = threading.Event(), threading.Event()
    real_create_cases = run.create_cases

    def create_cases_then_wait(letters, lookups):
        cases = real_create_cases(letters, lookups)
        if threading.current_thread().name == "shard 1":
            created.set()
            release.wait(10)
        return cases

    monkeypatch.setattr(run, "create_cases", create_cases_then_wait)
    outcomes = {}

    def write(number, name):
        try:
            writer = run.ArchiveWriter(IngestRun.objects.create(), False, beside_others=True)
            [result] = writer.write_batch([parse_bytes(data, name)])
            outcomes[number] = result.outcome
        finally:
            connections.close_all()

    first = threading.Thread(target=write, args=(1, "a.txt"), name="shard 1")
    second = threading.Thread(target=write, args=(2, "b.txt"), name="shard 2")
    first.start()
    assert created.wait(10)
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for shard 1's letter lock
    release.set()
    first.join(10)
    second.join(10)
    assert outcomes == {1: "created", 2: "unchanged"}
    assert Case.objects.count() == 1


def test_a_shard_takes_the_files_its_names_fall_in():
    names = [f"CM16-{number:07d}.pdf" for number in range(1000)]
    taken = [[name for name in names if in_shard(f"/a/{name}", (k, 3))] for k in (1, 2, 3)]
    assert sorted(sum(taken, [])) == sorted(names)  # each name in exactly one shard
    assert all(250 < len(part) < 420 for part in taken)
    assert in_shard("/mnt/one/CM16-0000007.pdf", (2, 3)) == in_shard("CM16-0000007.pdf", (2, 3))


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0", "-1/2"])
def test_a_bad_shard_is_bad_usage(text, letters_dir):
    with pytest.raises(ValueError, match="K/N"):
        parse_shard(text)
    result = ingest(f"--shard={text}", letters_dir)
    assert (
        result.status != 0
        and f"--shard takes K/N with 1 <= K <= N (e.g. 2/4), not '{text}'" in result.stderr
    )
    assert not Case.objects.exists()


def test_a_bad_shard_exits_2_from_the_command_line(letters_dir):
    process = subprocess.run(
        [sys.executable, "manage.py", "ingest_letters", "--shard", "3/2", str(letters_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert process.returncode == 2 and "--shard takes K/N" in process.stderr


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite runs one ingest at a time")
@pytest.mark.django_db(transaction=True)
def test_shards_run_beside_each_other_but_not_beside_a_plain_run():
    with ingest_lock():
        other = connections.create_connection("default")
        try:
            with pytest.raises(LockHeld, match="a run that is not a shard holds"):
                _hold_on(other, shard=(1, 2))
        finally:
            other.close()
    with ingest_lock(shard=(1, 2)):
        other = connections.create_connection("default")
        try:
            with pytest.raises(LockHeld, match="another ingest_letters run holds"):
                _hold_on(other, shard=None)
            with pytest.raises(LockHeld, match="another run of shard 1"):
                _hold_on(other, shard=(1, 2))
            _hold_on(other, shard=(2, 2))  # the other shard may run
        finally:
            other.close()


def _hold_on(other_connection, shard):
    """Take and release the run lock as another process would, on its own connection."""
    connections["other"] = other_connection
    try:
        with ingest_lock("other", shard=shard):
            pass
    finally:
        del connections["other"]
