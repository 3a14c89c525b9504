"""Mutation testing of the parser: thousands of random letters of every known layout,
printed as the state prints them, must parse back to exactly what was printed.

The seed is fixed in CI; `pytest --letter-seed random` (or a number) tries others, and
`--generated-letters N` sets how many. A failure prints the seed, the letter and the
difference: each becomes a fix and a golden test.
"""

import datetime as dt
import random

import pytest

from decisions.parsing import parse_text
from tests.letter_generator import LAYOUTS, random_letter

ITEM_FIELDS = (
    "number",
    "description",
    "outcome",
    "original_request",
    "authorized_portion",
    "citations",
    "rationale",
)


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def expected_json(content: dict) -> dict:
    """The parts of the `imr-letter/1` object that the generated content fixes."""
    has_header = content["layout"] in ("2016-header", "2013-notice")
    dates = ("decision_date", "ur_denial_date", "application_received", "date_assigned")
    return {
        "layout": content["layout"],
        "case_number": content["case_number"],
        **{name: _iso(content[name]) if has_header else None for name in dates},
        "injury_date": _iso(content["injury_date"]),
        "priority": content["priority"] if content["layout"] == "2016-header" else None,
        "specialties": content["specialties"],
        "licensed_in": content["licensed_in"],
        "patient": {"age": content["age"], "sex": content["sex"]},
        "clinical_summary": content["clinical_summary"],
        "items": [
            {
                "number": item["number"],
                "description": item["description"],
                "outcome": item["outcome"],
                "original_request": item["original_request"],
                "authorized_portion": item["authorized_portion"],
                "citations": item["citations"],
                "rationale": item["rationale"],
            }
            for item in content["items"]
        ],
    }


def parsed_json(text: str) -> dict:
    letter = parse_text(text).to_json()
    return {
        "layout": letter["layout"],
        "case_number": letter["case_number"],
        **{
            name: letter[name]
            for name in ("decision_date", "ur_denial_date", "application_received")
        },
        "date_assigned": letter["date_assigned"],
        "injury_date": letter["injury_date"],
        "priority": letter["priority"],
        "specialties": letter["reviewer"]["specialties"],
        "licensed_in": letter["reviewer"]["licensed_in"],
        "patient": letter["patient"],
        "clinical_summary": letter["clinical_summary"],
        "items": [{key: item[key] for key in ITEM_FIELDS} for item in letter["items"]],
    }


@pytest.fixture(scope="module")
def letter_seed(request) -> int:
    option = request.config.getoption("--letter-seed")
    return random.randrange(2**32) if option == "random" else int(option)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_letters_parse_back_to_what_was_printed(layout, letter_seed, request):
    count = request.config.getoption("--generated-letters")
    rng = random.Random(f"{letter_seed}-{layout}")
    for number in range(count):
        generated = random_letter(rng, layout)
        expected = expected_json(generated.expected)
        try:
            parsed = parsed_json(generated.text)
        except Exception as error:  # the letter is printed with the failure
            pytest.fail(f"seed {letter_seed}, {layout} letter {number}: {error}\n{generated.text}")
        differences = _differences(parsed, expected)
        assert not differences, (
            f"seed {letter_seed}, {layout} letter {number}:\n"
            + "\n".join(differences)
            + f"\n\n{generated.text}"
        )


def _differences(parsed: dict, expected: dict) -> list[str]:
    """Each field read otherwise than printed, as "field: read X, printed Y"."""
    found = []
    for key in expected.keys() - {"items"}:
        if parsed[key] != expected[key]:
            found.append(f"{key}: read {parsed[key]!r}, printed {expected[key]!r}")
    if len(parsed["items"]) != len(expected["items"]):
        found.append(f"items: read {len(parsed['items'])}, printed {len(expected['items'])}")
    for read, printed in zip(parsed["items"], expected["items"], strict=False):
        for key in printed:
            if read[key] != printed[key]:
                found.append(
                    f"item {printed['number']} {key}: read {read[key]!r}, printed {printed[key]!r}"
                )
    return found
