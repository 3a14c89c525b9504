"""The PDF path on a PDF built by the test: extraction, bold marks, a whole letter."""

import datetime as dt

from decisions.parsing import parse_letter
from decisions.parsing.pdf import extract_lines
from tests.builders import build_pdf

B, R = True, False  # bold, regular

LETTER = [
    ("Case Number: CM17-0000001", B),
    ("Date Assigned: 01/02/2017 Date of Injury: 10-13-16", B),
    ("Decision Date: 02/03/2017 UR Denial Date: 12/20/2016", B),
    ("Priority: Expedited Application", B),
    ("Received:", B),
    ("01/01/2017", R),
    ("HOW THE IMR FINAL DETERMINATION WAS MADE", B),
    ("MAXIMUS Federal Services sent the complete case file to an expert reviewer.", R),
    ("The Expert Reviewer has the following credentials:", R),
    ("State(s) of Licensure: California,Nevada", R),
    ("Certification(s)/Specialty: Preventive Medicine, Occupational", R),
    ("Medicine", R),
    ("CLINICAL CASE SUMMARY", B),
    ("The expert reviewer developed the following clinical case summary based on a", R),
    ("review of the case file, including all medical records:", R),
    ("The injured worker is a 50 year old female who is being treated for knee strain.", R),
    ("IMR ISSUES, DECISIONS AND RATIONALES", B),
    ("The Final Determination was based on decisions for the disputed items/services", R),
    ("set forth below:", R),
    ("Physical therapy 6 sessions for the knee: Overturned", B),
    ("Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.", B),
    ("MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016,", B),
    ("Section(s): Physical medicine treatment.", R),
    ("Decision rationale: Therapy is recommended. The request is medically necessary and", B),
    ("appropriate", R),
    ("Knee brace for the", B),
    ("left knee:", B),
    ("Upheld", R),
    ("Claims Administrator guideline: The Claims Administrator did not cite any medical", B),
    ("evidence for its decision.", R),
    ("MAXIMUS guideline: The Expert Reviewer did not cite any medical evidence", B),
    ("for its decision.", R),
    ("Decision rationale: A brace is not needed. The request is not medically necessary.", B),
]


def test_lines_carry_bold_marks_from_the_font():
    lines = extract_lines(build_pdf([("A heading: Upheld", B), ("Upheld rationale", R)]), None)
    assert [(line.text, line.bold) for line in lines] == [
        ("A heading: Upheld", True),
        ("Upheld rationale", False),
    ]


def test_a_built_letter_parses_through_the_pdf_path():
    letter = parse_letter(build_pdf(LETTER), path="built.pdf")
    assert letter.source_path == "built.pdf"
    assert letter.layout == "2016-header"
    assert letter.case_number == "CM17-0000001"
    assert letter.injury_date == dt.date(2016, 10, 13)
    assert letter.application_received == dt.date(2017, 1, 1)
    assert letter.priority == "expedited"
    assert letter.reviewer.specialties == ("Preventive Medicine", "Occupational Medicine")
    assert letter.reviewer.licensed_in == ("California", "Nevada")
    assert letter.diagnoses == ("knee strain",)
    # The first rationale ends without a full stop: only the bold heading starts item 2.
    assert [(item.description, item.outcome) for item in letter.items] == [
        ("Physical therapy 6 sessions for the knee", "overturned"),
        ("Knee brace for the left knee", "upheld"),
    ]
    assert letter.items[0].rationale == (
        "Therapy is recommended. The request is medically necessary and appropriate"
    )
    assert [c.guideline for c in letter.items[0].citations] == ["mtus-acoem", "mtus-chronic-pain"]
    assert letter.items[0].citations[1].sections == ("Physical medicine treatment",)
    assert letter.items[1].citations == ()
    assert letter.warnings == ()


def test_a_letter_over_two_pages_reads_as_one():
    letter = parse_letter(build_pdf(LETTER + LETTER[19:] * 2))
    assert len(letter.items) == 6
    assert all(item.outcome for item in letter.items)
