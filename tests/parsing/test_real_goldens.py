"""Golden tests: the parser against hand-checked expectations for real 2016-17 letters.

Each fixtures/expected/real/<case>.json was written by reading the letter itself (see the
README beside them), never by running the parser. A test parses the PDF from the real-letters
folder (REAL_LETTERS_DIR, else ../shared/real-letters beside the checkout) and compares every
field the JSON holds; a key left out of an expected citation is not compared (its `_notes`
says why). No database.
"""

import json
import os
import re
from pathlib import Path

import pytest

from decisions.parsing import parse_letter

REPO = Path(__file__).resolve().parents[2]
EXPECTED_DIR = REPO / "fixtures" / "expected" / "real"
REAL_LETTERS = Path(os.environ.get("REAL_LETTERS_DIR", REPO.parent / "shared" / "real-letters"))

TOP_LEVEL_FIELDS = (
    "case_number",
    "date_assigned",
    "injury_date",
    "decision_date",
    "ur_denial_date",
    "application_received",
    "priority",
    "diagnoses",
)
ITEM_FIELDS = ("number", "description", "outcome", "original_request", "authorized_portion")
CITATION_FIELDS = ("cited_by", "guideline", "edition", "chapter", "sections", "pages")

GOLDEN_FILES = sorted(EXPECTED_DIR.glob("*.json"))

pytestmark = pytest.mark.real_letters


def comparable_citation_text(text: str | None) -> str | None:
    """The citation text with the differences the contract leaves open smoothed away.

    The contract's field table says "as printed, without 'Decision based on'", while its
    example also drops the "Non-MTUS Citation" label and the comma after "(ODG)"; either
    reading passes, and so does the text of a second source with or without its label
    "Other Medical Treatment Guidelines". Spacing and a closing full stop do not count.
    """
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^Non-MTUS (Citation )?", "", text)
    text = re.sub(r"^Other Medical Treatment Guidelines ", "", text)
    text = text.replace("(ODG), ", "(ODG) ")
    return text.rstrip(" .")


def check_equal(problems: list[str], where: str, field: str, expected, got) -> None:
    if expected != got:
        problems.append(f"{where} {field}: expected {expected!r}, got {got!r}")


def compare_citation(problems: list[str], where: str, expected: dict, got: dict) -> None:
    for field in CITATION_FIELDS:
        if field in expected:
            check_equal(problems, where, field, expected[field], got[field])
    if "text" in expected:
        check_equal(
            problems,
            where,
            "text",
            comparable_citation_text(expected["text"]),
            comparable_citation_text(got["text"]),
        )


def compare_item(problems: list[str], case: str, expected: dict, got: dict) -> None:
    where = f"{case} item {expected['number']}"
    for field in ITEM_FIELDS:
        check_equal(problems, where, field, expected[field], got[field])
    expected_citations, got_citations = expected["citations"], got["citations"]
    check_equal(problems, where, "citation count", len(expected_citations), len(got_citations))
    for index, (want, have) in enumerate(
        zip(expected_citations, got_citations, strict=False), start=1
    ):
        compare_citation(problems, f"{where} citation {index}", want, have)


def compare_letter(expected: dict, got: dict) -> list[str]:
    """Every difference between the expectation and the parsed letter, one readable line each.

    Items and citations are paired in order; a count mismatch is reported on its own line.
    """
    case = expected["case_number"]
    problems: list[str] = []
    for field in TOP_LEVEL_FIELDS:
        if field in expected:
            check_equal(problems, case, field, expected[field], got[field])
    for part in ("reviewer", "patient"):
        for field, value in expected[part].items():
            check_equal(problems, case, f"{part}.{field}", value, got[part][field])
    check_equal(problems, case, "item count", len(expected["items"]), len(got["items"]))
    for want, have in zip(expected["items"], got["items"], strict=False):
        compare_item(problems, case, want, have)
    warnings = "\n".join(got["warnings"])
    for fragment in expected["warnings_contain"]:
        if fragment not in warnings:
            problems.append(f"{case} warnings: no warning contains {fragment!r} in {warnings!r}")
    return problems


@pytest.mark.parametrize("golden", GOLDEN_FILES, ids=lambda path: path.stem)
def test_real_letter_matches_golden(golden: Path):
    expected = json.loads(golden.read_text())
    pdf = REAL_LETTERS / f"{golden.stem}.pdf"
    if not pdf.is_file():
        pytest.skip(f"real letter {pdf} is not beside this checkout (set REAL_LETTERS_DIR)")
    got = parse_letter(pdf).to_json()
    problems = compare_letter(expected, got)
    assert not problems, f"{len(problems)} mismatch(es):\n" + "\n".join(problems)


def test_goldens_are_present_and_well_formed():
    # The goldens must stay in step with the contract's field names.
    assert len(GOLDEN_FILES) >= 25
    for golden in GOLDEN_FILES:
        expected = json.loads(golden.read_text())
        assert expected["case_number"] == golden.stem, golden.name
        numbers = [item["number"] for item in expected["items"]]
        assert numbers == list(range(1, len(numbers) + 1)), golden.name
        for item in expected["items"]:
            for citation in item["citations"]:
                assert citation["cited_by"] in {"claims_administrator", "imr"}, golden.name
