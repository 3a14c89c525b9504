"""Golden files: each fixture letter parses to its hand-checked fixtures/expected/<stem>.json.

To change an expectation on purpose: `python -m decisions.parsing.regen_expected`, then
read the diff.
"""

import json

import pytest

from decisions.parsing import parse_letter, parse_text
from decisions.parsing.regen_expected import expected_json
from tests.paths import EXPECTED, FIXTURE_LETTERS, OTHER_LAYOUTS

SEEDS = sorted(FIXTURE_LETTERS.glob("*.txt"))
GOLDEN = SEEDS + sorted(OTHER_LAYOUTS.glob("*.txt"))


def test_there_are_five_seed_letters_with_golden_files():
    # Beside the five seeds: the invented 2016-17 letters of the ingest tests.
    assert sum(not seed.stem.startswith("invented-") for seed in SEEDS) == 5
    assert all((EXPECTED / f"{seed.stem}.json").exists() for seed in SEEDS)


@pytest.mark.parametrize("seed", GOLDEN, ids=lambda path: path.stem)
def test_seed_matches_its_golden_file(seed):
    expected = json.loads((EXPECTED / f"{seed.stem}.json").read_text())
    actual = expected_json(seed)
    # Field by field first, so a failure names the field.
    for key in expected:
        assert actual[key] == expected[key], key
    assert actual == expected


@pytest.mark.parametrize("seed", GOLDEN, ids=lambda path: path.stem)
def test_crlf_and_plain_forms_of_a_seed_parse_the_same(seed):
    """The seed form, with CRLF line ends, and as plain text (with and without paragraph
    breaks) all parse the same."""
    raw = seed.read_bytes()
    expected = parse_letter(raw).to_json()
    crlf = parse_letter(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")).to_json()
    plain_text = "\n".join(
        line for line in raw.decode().replace("\r\n", "\n").split("\n") if line != ""
    )
    plain = parse_text(plain_text).to_json()
    # Plain text without any paragraph break: headings are told by line lengths.
    unbroken = parse_text("\n".join(line for line in plain_text.split("\n") if line.strip()))
    for other in (crlf, plain, unbroken.to_json()):
        other["source"] = expected["source"]
        assert other == expected


def test_source_path_defaults_to_the_path_given_and_sha256_is_of_the_bytes():
    import hashlib

    seed = SEEDS[0]
    letter = parse_letter(str(seed))
    assert letter.source_path == str(seed)
    assert letter.sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert parse_letter(seed.read_bytes(), path="x.txt").source_path == "x.txt"
    assert parse_letter(seed.read_bytes()).source_path is None
