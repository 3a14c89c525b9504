"""Regenerate the golden files fixtures/expected/<stem>.json from fixtures/letters/.

Run deliberately, then read the diff: `python -m decisions.parsing.regen_expected`.
Every value in a golden file must have been checked by hand against its letter.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .letter import parse_letter

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT / "fixtures" / "letters"
# Letters of the other layouts, kept out of the sample archive that `make run` ingests.
OTHER_LAYOUTS = ROOT / "fixtures" / "other-layouts"
EXPECTED = ROOT / "fixtures" / "expected"


def expected_json(letter: Path) -> dict:
    """The parser's JSON for a fixture letter, its path relative to the repository."""
    return parse_letter(letter, path=letter.relative_to(ROOT).as_posix()).to_json()


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    for letter in sorted([*LETTERS.glob("*"), *OTHER_LAYOUTS.glob("*")]):
        if letter.suffix.lower() not in (".txt", ".pdf"):
            continue
        target = EXPECTED / f"{letter.stem}.json"
        text = json.dumps(expected_json(letter), indent=2, ensure_ascii=False) + "\n"
        changed = not target.exists() or target.read_text() != text
        target.write_text(text)
        print(f"{'updated' if changed else 'same   '} {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
