"""Arbitrary and mangled input never raises anything but LetterParseError."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.parsing import LetterParseError, parse_letter, parse_text
from decisions.parsing.normalise import normalise_text
from tests.paths import FIXTURE_LETTERS

SEED_TEXTS = [path.read_text() for path in sorted(FIXTURE_LETTERS.glob("*.txt"))]
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parses_or_refuses(text: str) -> None:
    try:
        letter = parse_text(text)
    except LetterParseError:
        return
    assert letter.items
    assert letter.items[-1].rationale  # a letter cut inside its last item is refused


@FEW
@given(st.text())
def test_arbitrary_text(text):
    normalise_text(text)
    _parses_or_refuses(text)


@FEW
@given(st.binary())
def test_arbitrary_bytes(data):
    try:
        parse_letter(data)
    except LetterParseError:
        pass


@FEW
@given(st.sampled_from(SEED_TEXTS), st.integers(min_value=0, max_value=6000))
def test_truncated_letters(text, length):
    _parses_or_refuses(text[:length])


@FEW
@given(st.sampled_from(SEED_TEXTS), st.integers(min_value=0))
def test_shuffled_paragraphs(text, seed):
    paragraphs = text.split("\n \n")
    random.Random(seed).shuffle(paragraphs)
    _parses_or_refuses("\n \n".join(paragraphs))


@FEW
@given(
    st.sampled_from(SEED_TEXTS),
    st.lists(st.tuples(st.integers(min_value=0, max_value=6000), st.text(max_size=20)), max_size=8),
)
def test_mangled_letters(text, edits):
    for position, inserted in edits:
        text = text[:position] + inserted + text[position + len(inserted) :]
    _parses_or_refuses(text)
