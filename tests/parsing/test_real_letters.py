"""All 144 real letters (../shared/real-letters) parse, with the fields every letter has."""

import pytest

from decisions.parsing import parse_letter, parse_text
from decisions.parsing.pdf import extract_lines
from tests.paths import needs_real_letters, real_letters

pytestmark = [needs_real_letters, pytest.mark.real_letters]


@pytest.fixture(scope="module")
def parsed():
    return {path.name: parse_letter(path) for path in real_letters()}


def test_all_144_real_letters_parse_without_error(parsed):
    assert len(parsed) == 144


def test_every_real_letter_has_case_number_decision_date_and_items(parsed):
    for name, letter in parsed.items():
        assert letter.layout == "2016-header", name
        assert letter.case_number == name.removesuffix(".pdf"), name
        assert letter.decision_date is not None, name
        assert letter.date_assigned is not None, name
        assert letter.items, name


def test_every_real_item_has_an_outcome_description_and_rationale(parsed):
    for name, letter in parsed.items():
        for item in letter.items:
            assert item.outcome in ("upheld", "overturned"), (name, item.number)
            assert item.description, (name, item.number)
            assert item.rationale, (name, item.number)
            assert "Upheld" not in item.description[-10:], (name, item.number)


def test_item_numbers_run_from_one(parsed):
    for name, letter in parsed.items():
        assert [item.number for item in letter.items] == list(range(1, len(letter.items) + 1)), name


def test_real_letter_header_and_credentials(parsed):
    letter = parsed["CM16-0213037.pdf"]
    assert letter.date_assigned.isoformat() == "2016-11-09"
    assert letter.injury_date.isoformat() == "2016-10-13"
    assert letter.decision_date.isoformat() == "2016-12-09"
    assert letter.ur_denial_date.isoformat() == "2016-11-03"
    assert letter.application_received.isoformat() == "2016-11-03"
    assert letter.priority == "standard"
    assert letter.reviewer.licensed_in == ("California", "North Carolina")
    assert letter.reviewer.specialties == ("Family Practice",)
    assert [item.description for item in letter.items] == [
        "MRI of the right shoulder without contrast",
        "MRI of the cervical spine without contrast",
    ]


def test_wrapped_specialty_names_are_rejoined(parsed):
    assert parsed["CM17-0008519.pdf"].reviewer.specialties[-1] == "Occupational Medicine"
    assert parsed["CM17-0007300.pdf"].reviewer.specialties == (
        "Preventive Medicine",
        "Occupational Medicine",
        "Public Health & General Preventive Medicine",
    )


def test_partial_authorisation_is_split(parsed):
    item = parsed["CM16-0233904.pdf"].items[0]
    assert item.original_request == "Baclofen 100mg #30"
    assert item.authorized_portion == "Baclofen 100mg #27"
    assert item.description == "Baclofen 100mg #3"


def test_partial_sentences_in_a_summary_or_rationale_make_no_item_partial(parsed):
    # CM17-0012582 quotes the partial-authorisation sentences at the end of item 1's
    # rationale; only the bold heading of item 1 makes item 1 partial.
    letter = parsed["CM17-0012582.pdf"]
    assert letter.items[0].original_request == "Physical therapy for 12 sessions"
    assert letter.items[0].description == "Physical therapy for 6 sessions"
    assert letter.items[0].rationale.endswith(
        'Physical therapy for 6 sessions" is not medically necessary.'
    )
    assert letter.items[1].description == "Ultram (tramadol) 50mg #90"
    assert letter.items[1].original_request is None
    # CM17-0007857 repeats them in its clinical summary: still one item.
    letter = parsed["CM17-0007857.pdf"]
    assert "was the original request" in letter.clinical_summary
    assert [item.description for item in letter.items] == ["Acupuncture for 2 sessions"]


def test_outcome_alone_on_the_next_line_before_a_page_break(parsed):
    item = parsed["CM16-0239607.pdf"].items[0]
    assert item.outcome in ("upheld", "overturned")
    assert item.citations


def test_the_plain_text_of_each_real_letter_parses_like_its_pdf(parsed):
    """Without bold marks (text input) the items must come out the same as from the PDF."""
    for path in real_letters():
        text = "\n".join(line.text for line in extract_lines(path.read_bytes(), str(path)))
        from_text = parse_text(text).to_json()
        from_pdf = parsed[path.name].to_json()
        from_text["source"] = from_pdf["source"]
        assert from_text == from_pdf, path.name
