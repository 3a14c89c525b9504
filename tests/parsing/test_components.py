"""The parser's parts on small, concrete inputs taken from the letters' wordings."""

import datetime as dt

import pytest

from decisions.parsing import vocab
from decisions.parsing.citations import parse_citations
from decisions.parsing.dates import parse_us_date
from decisions.parsing.diagnoses import diagnoses_of
from decisions.parsing.header import parse_header
from decisions.parsing.items import parse_items
from decisions.parsing.matching import match_specialty
from decisions.parsing.normalise import Line, join_lines, normalise_text
from decisions.parsing.reviewer import parse_reviewer
from decisions.parsing.sections import parse_pages, split_sections
from decisions.parsing.summary import injury_date_of, patient_of

# --- normalising -------------------------------------------------------------------------


def test_seed_form_loses_its_blank_lines_and_keeps_paragraph_breaks():
    seed = "First line \r\n\r\nsecond line \r\n\r\n \r\n\r\nNext paragraph\r\n\r\n\r\n\r\nend\r\n"
    assert normalise_text(seed) == [
        Line("First line"),
        Line("second line"),
        Line(""),
        Line("Next paragraph"),
        Line("end"),
    ]


def test_page_break_markers_and_pdfium_hyphens():
    text = "Non\ufffeMTUS Citation\n<<<PAGEBREAK>>>\nnext\fpage"
    assert [line.text for line in normalise_text(text)] == ["Non-MTUS Citation", "next", "page"]


def test_page_breaks_at_a_line_start_leave_no_paragraph_break():
    # As PDF text comes: CRLF line ends, a form feed on a line of its own between pages;
    # two breaks in a row, one opening the text, one inside a line.
    text = "\fFirst page ends \r\n\f\r\n\f\r\nmid-sentence\fon a line\r\n"
    assert [line.text for line in normalise_text(text)] == [
        "First page ends",
        "mid-sentence",
        "on a line",
    ]


def test_clean_lines_hold_single_spaces():
    lines = normalise_text("Lumbar  &\tThoracic \u00a0(Acute)\nnext\x0bline")
    assert [line.text for line in lines] == ["Lumbar & Thoracic (Acute)", "next line"]


def test_join_lines_mends_words_split_at_a_line_end():
    lines = normalise_text("As such, the services are non-\ncertified \n")
    assert join_lines(lines) == "As such, the services are non-certified"
    lines = normalise_text("Low Back -\nLumbar  &  Thoracic")
    assert join_lines(lines) == "Low Back - Lumbar & Thoracic"
    lines = normalise_text("a hyphen after a digit 5-\nmg stays apart; after a letter, x-\n\nray")
    assert join_lines(lines) == "a hyphen after a digit 5- mg stays apart; after a letter, x-ray"


# --- header and dates ---------------------------------------------------------------------


def test_two_column_header_with_a_wrapped_label():
    header = parse_header(
        "Case Number: CM16-0213037 Date Assigned: 11/09/2016 Date of Injury: 10/13/2016 "
        "Decision Date: 12/09/2016 UR Denial Date: 11/03/2016 Priority: Standard Application "
        "Received: 11/04/2016"
    )
    assert header.values == {
        "case_number": "CM16-0213037",
        "date_assigned": dt.date(2016, 11, 9),
        "injury_date": dt.date(2016, 10, 13),
        "decision_date": dt.date(2016, 12, 9),
        "ur_denial_date": dt.date(2016, 11, 3),
        "priority": "standard",
        "application_received": dt.date(2016, 11, 4),
    }
    assert header.warnings == []


def test_header_labels_before_their_values():
    header = parse_header("Date Assigned: Decision Date: 01/02/2017 02/03/2017 Priority: Expedited")
    assert header.values["date_assigned"] == dt.date(2017, 1, 2)
    assert header.values["decision_date"] == dt.date(2017, 2, 3)
    assert header.values["priority"] == "expedited"


def test_header_labels_in_any_case():
    header = parse_header("CASE NUMBER: cm17-0001064 decision date: 1/3/2017 PRIORITY: STANDARD")
    assert header.values == {
        "case_number": "CM17-0001064",
        "decision_date": dt.date(2017, 1, 3),
        "priority": "standard",
    }


def test_header_with_an_impossible_date_warns():
    header = parse_header("Case Number: CM17-0000001 Decision Date: 13/45/2017")
    assert "decision_date" not in header.values or header.values["decision_date"] is None
    assert any("decision date" in warning for warning in header.warnings)


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("1/7/2015", dt.date(2015, 1, 7)),
        ("01/07/2015", dt.date(2015, 1, 7)),
        ("10-13-16", dt.date(2016, 10, 13)),
        ("2/30/2016", None),
        ("nonsense", None),
    ],
)
def test_us_dates(written, date):
    assert parse_us_date(written) == date


# --- reviewer -----------------------------------------------------------------------------


def test_credentials_block_with_wrapped_specialty_and_states_without_spaces():
    warnings = []
    reviewer = parse_reviewer(
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer. "
        "The Expert Reviewer has the following credentials: State(s) of Licensure: "
        "California,North Carolina Certification(s)/Specialty: Preventive Medicine, "
        "Occupational Medicine, Sports Medicinea, Medical Toxicology",
        warnings,
    )
    assert reviewer.title == "expert reviewer"
    assert reviewer.licensed_in == ("California", "North Carolina")
    assert reviewer.specialties == (
        "Preventive Medicine",
        "Occupational Medicine",
        "Sports Medicine",
        "Medical Toxicology",
    )
    assert warnings == [
        "reviewer: specialty 'Sports Medicinea' read as a typo of 'Sports Medicine'",
        "reviewer: specialty 'Medical Toxicology' is not in the vocabulary; kept as written",
    ]


def test_seed_sentence_with_subspecialty_and_two_specialties():
    warnings = []
    reviewer = parse_reviewer(
        "sent the complete case file to a physician reviewer. The physician reviewer is Board "
        "Certified in Anesthesiology and Pain Medicine, has a subspecialty in Interventional "
        "Spine and is licensed to practice in California and Hawaii. He/she has been",
        warnings,
    )
    assert reviewer.title == "physician reviewer"
    assert reviewer.specialties == ("Anesthesiology", "Pain Management")
    assert reviewer.subspecialties == ("Interventional Spine",)
    assert reviewer.licensed_in == ("California", "Hawaii")
    assert warnings == []


def test_reviewer_read_in_any_case_keeps_names_as_printed():
    warnings = []
    reviewer = parse_reviewer(
        "THE EXPERT REVIEWER HAS THE FOLLOWING CREDENTIALS: STATE(S) OF LICENSURE: TX "
        "certification(s)/specialty: Medical Toxicology",
        warnings,
    )
    assert reviewer.title == "expert reviewer"
    assert reviewer.licensed_in == ("Texas",)
    assert reviewer.specialties == ("Medical Toxicology",)
    assert warnings == [
        "reviewer: specialty 'Medical Toxicology' is not in the vocabulary; kept as written"
    ]


@pytest.mark.parametrize(
    ("written", "specialties"),
    [
        (
            "Physical Medicine and Rehabilitation, Allergy and Immunology and Pain Medicine",
            ("Physical Medicine & Rehabilitation", "Allergy & Immunology", "Pain Management"),
        ),
        (
            "Allergy & Immunology, and Physical Medicine & Rehabilitation",
            ("Allergy & Immunology", "Physical Medicine & Rehabilitation"),
        ),
        ("Anesthesiology and Pain Medicine", ("Anesthesiology", "Pain Management")),
        (
            "Public Health & General Preventive Medicine and Occupational Medicine",
            ("Public Health & General Preventive Medicine", "Occupational Medicine"),
        ),
        (
            "Internal Medicine,Hospice & Palliative Medicine and Surgery",
            ("Internal Medicine", "Hospice & Palliative Medicine", "Surgery"),
        ),
        ("Psychiatry and Neurology", ("Psychiatry", "Neurology")),
    ],
)
def test_specialties_split_by_the_vocabulary_not_by_and(written, specialties):
    sentence = f"The expert reviewer is Board Certified in {written} and is licensed to "
    reviewer = parse_reviewer(sentence + "practice in California.", [])
    assert reviewer.specialties == specialties
    block = f"State(s) of Licensure: California Certification(s)/Specialty: {written}"
    assert parse_reviewer(block, []).specialties == specialties


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Physical Medicine and Rehabilitation", "Physical Medicine & Rehabilitation"),
        ("PM&R", "Physical Medicine & Rehabilitation"),
        ("Orthopaedic Surgery", "Orthopedic Surgery"),
        ("Family Medicine", "Family Practice"),
        ("Chiropractor", "Chiropractic"),
        ("Hospice & Palliative Medicine", None),
    ],
)
def test_specialty_aliases(written, canonical):
    assert match_specialty(written)[0] == canonical


def test_a_short_name_two_letters_off_is_no_typo():
    assert match_specialty("Sugar")[0] is None  # two edits from "Surgery" but too short


# --- summary ------------------------------------------------------------------------------


def test_patient_injury_date_and_diagnoses_from_the_summary():
    summary = (
        "The 45 year old male injured worker sustained an industrial injury on 1/7/2015. "
        "The injured worker was diagnosed as having cervical degenerative disc disease, "
        "lumbar strain, subsequent encounter and myofascial pain. Treatment to date ..."
    )
    assert patient_of(summary).age == 45
    assert patient_of(summary).sex == "male"
    assert injury_date_of(summary) == dt.date(2015, 1, 7)
    assert diagnoses_of(summary) == (
        "cervical degenerative disc disease",
        "lumbar strain, subsequent encounter",
        "myofascial pain",
    )


def test_no_age_is_null():
    assert patient_of("The injured worker is a female who fell.").age is None


# --- citations ----------------------------------------------------------------------------


def _cite(text, cited_by="imr"):
    warnings = []
    return [citation.to_json() for citation in parse_citations(text, cited_by, warnings)], warnings


def test_no_evidence_and_preamble():
    assert _cite(
        "The Claims Administrator did not cite any medical evidence for its decision."
    ) == (
        [],
        [],
    )
    citations, _ = _cite(
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) "
        "Low Back Chapter, Preoperative lab testing."
    )
    assert citations == [
        {
            "cited_by": "imr",
            "guideline": "odg",
            "edition": None,
            "chapter": "Low Back",
            "sections": ["Preoperative lab testing"],
            "pages": [],
            "text": (
                "Official Disability Guidelines (ODG) Low Back Chapter, Preoperative lab testing"
            ),
        }
    ]


def test_mtus_parts_joined_by_and():
    citations, _ = _cite(
        "Decision based on MTUS General Approaches 2004, Section(s): Initial Approaches to "
        "Treatment, and Neck and Upper Back Complaints 2004, Section(s): Summary."
    )
    assert [(c["guideline"], c["chapter"], c["edition"], c["sections"]) for c in citations] == [
        ("mtus-acoem", "General Approaches", 2004, ["Initial Approaches to Treatment"]),
        ("mtus-acoem", "Neck and Upper Back Complaints", 2004, ["Summary"]),
    ]
    assert citations[1]["text"] == "Neck and Upper Back Complaints 2004, Section(s): Summary"


def test_seed_parts_joined_by_a_bare_comma_with_pages():
    citations, _ = _cite(
        "Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints,Chronic Pain "
        "Treatment Guidelines Massage therapy Page(s): 98-99."
    )
    assert [(c["guideline"], c["chapter"], c["sections"], c["pages"]) for c in citations] == [
        ("mtus-acoem", "Neck and Upper Back Complaints", [], []),
        ("mtus-chronic-pain", None, ["Massage therapy"], [98, 99]),
    ]


def test_parts_after_a_page_list_and_a_bare_comma_each_keep_their_own_pages():
    citations, warnings = _cite(
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines Page(s): 111-113,"
        "ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 181-183. Decision based on "
        "Non-MTUS Citation ODG Neck chapter. Decision based on Non-MTUS Citation ACOEM 2011 "
        "pg. 64."
    )
    assert [(c["guideline"], c["chapter"], c["pages"], c["text"]) for c in citations] == [
        (
            "mtus-chronic-pain",
            None,
            [111, 112, 113],
            "MTUS Chronic Pain Medical Treatment Guidelines Page(s): 111-113",
        ),
        (
            "mtus-acoem",
            "Neck and Upper Back Complaints",
            [181, 182, 183],
            "ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 181-183",
        ),
        ("odg", "Neck", [], "ODG Neck chapter"),
        ("acoem-non-mtus", None, [64], "ACOEM 2011 pg. 64"),
    ]
    assert warnings == []


def test_parts_joined_by_a_comma_with_and_without_space_after_pages_and_years():
    citations, _ = _cite(
        "Decision based on MTUS Chronic Pain Medical Treatment 2009 Page(s): 60, and ACOEM "
        "Practice Guidelines, Chapter 12 Low Back Complaints Page(s): 303,Postsurgical "
        "Treatment Guidelines Page(s): 10, Acupuncture Medical Treatment 2007 Page(s): 8"
    )
    assert [(c["guideline"], c["chapter"], c["edition"], c["pages"]) for c in citations] == [
        ("mtus-chronic-pain", None, 2009, [60]),
        ("mtus-acoem", "Low Back Complaints", None, [303]),
        ("mtus-postsurgical", None, None, [10]),
        ("mtus-acupuncture", None, 2007, [8]),
    ]


@pytest.mark.parametrize(
    ("printed", "guideline", "chapter", "pages"),
    [
        (
            "MTUS ACOEM Practice Guidelines, Chapter 12, Page(s): 303",
            "mtus-acoem",
            "Low Back Complaints",
            [303],
        ),
        ("MTUS Low Back Complaints 2004", "mtus-acoem", "Low Back Complaints", []),
        ("MTUS Stress Related Conditions 2004", "mtus-acoem", "Stress-Related Conditions", []),
        (
            "MTUS Postsurgical Treatment Guidelines Page(s): 10-12",
            "mtus-postsurgical",
            None,
            [10, 11, 12],
        ),
        ("MTUS Drug Formulary", "mtus-formulary", None, []),
        ("MTUS", "mtus-other", None, []),
    ],
)
def test_mtus_parts(printed, guideline, chapter, pages):
    citations, warnings = _cite(f"Decision based on {printed}.")
    assert [(c["guideline"], c["chapter"], c["pages"], c["text"]) for c in citations] == [
        (guideline, chapter, pages, printed)
    ]
    assert warnings == []


@pytest.mark.parametrize("number", range(7, 17))
def test_every_acoem_chapter_title_after_its_number(number):
    title = vocab.ACOEM_CHAPTERS[number]
    citations, warnings = _cite(f"Decision based on MTUS ACOEM Chapter {number} {title.upper()}.")
    assert citations[0]["chapter"] == title
    assert warnings == []


def test_acoem_chapter_number_and_title_that_disagree_give_null():
    citations, warnings = _cite("Decision based on MTUS ACOEM Chapter 12 Knee Complaints.")
    assert citations[0]["chapter"] is None
    assert "chapter left empty" in warnings[0]


def test_sections_with_commas_inside_names():
    assert split_sections(
        "NSAIDs (non-steroidal anti-inflammatory drugs), NSAIDs, GI symptoms & cardiovascular "
        "risk, TENS, chronic pain (transcutaneous electrical nerve stimulation), Special Studies"
    ) == [
        "NSAIDs (non-steroidal anti-inflammatory drugs)",
        "NSAIDs, GI symptoms & cardiovascular risk",
        "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
        "Special Studies",
    ]
    assert split_sections("Knee, Forearm, Wrist, & Hand") == ["Knee", "Forearm, Wrist, & Hand"]


def test_numbered_opioid_sections():
    citations, _ = _cite(
        "Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic "
        "Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment, 4.1 "
        "Tapering Opioids: Indications for Tapering Opioids."
    )
    assert citations[0]["guideline"] == "mtus-opioids"
    assert citations[0]["sections"] == [
        "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic "
        "Opioid Treatment",
        "4.1 Tapering Opioids: Indications for Tapering Opioids",
    ]


def test_odg_variants():
    citations, _ = _cite(
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee & Leg "
        "(updated 11/22/16) Chapter: Skilled nursing facility (SNF) care."
    )
    assert (citations[0]["chapter"], citations[0]["sections"]) == (
        "Knee & Leg",
        ["Skilled nursing facility (SNF) care"],
    )
    citations, _ = _cite(
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) MRI shoulder."
    )
    assert (citations[0]["chapter"], citations[0]["sections"]) == ("Shoulder", ["MRI"])
    citations, _ = _cite(
        "Decision based on Non-MTUS Citation ODG Guidelines, 14th Edition, 2016, Knee Chapter."
    )
    assert (citations[0]["edition"], citations[0]["chapter"]) == (2016, "Knee")


def test_odg_with_another_source_and_acoem_pages():
    citations, _ = _cite(
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Carpal Tunnel "
        "Syndrome (Acute & Chronic) and Other Medical Treatment Guidelines AANEM Recommended "
        "Policy. Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice "
        "Guidelines, 3rd ed., Shoulder Disorders, pg. 64."
    )
    assert [(c["guideline"], c["chapter"], c["pages"]) for c in citations] == [
        ("odg", "Carpal Tunnel Syndrome (Acute & Chronic)", []),
        ("other", None, []),
        ("acoem-non-mtus", None, [64]),
    ]


@pytest.mark.parametrize(
    ("written", "pages"),
    [("60", [60]), ("98-99", [98, 99]), ("60, 62-63", [60, 62, 63]), ("99-98", [99])],
)
def test_pages(written, pages):
    assert parse_pages(written) == pages


# --- items --------------------------------------------------------------------------------

ITEM_TAIL = [
    "Claims Administrator guideline: Decision based on MTUS Acupuncture Treatment 2007.",
    "MAXIMUS guideline: The Expert Reviewer did not cite any medical evidence for its decision.",
    "Decision rationale: Not medically necessary.",
]


def _items(heading_lines, bold=None):
    lines = [Line(text, bold) for text in heading_lines] + [Line(text, bold) for text in ITEM_TAIL]
    warnings = []
    return [item.to_json() for item in parse_items(lines, warnings)], warnings


def test_partial_heading_whose_original_request_sentence_wraps_inside_its_words():
    # Found by the letter generator: "was the original" / "request." on two lines, and the
    # sentence before "The remaining ..." ending its line, cut the heading short.
    lines = [
        Line("The previous item is not medically necessary."),
        Line("Massage therapy 6 sessions x 2 was the original"),
        Line("request. Massage therapy 6 sessions was authorized by the Claims Administrator."),
        Line("The remaining IMR eligible portion of the original request, Massage therapy 6"),
        Line("sessions: Upheld"),
    ] + [Line(text) for text in ITEM_TAIL]
    item = parse_items(lines, [])[0].to_json()
    assert item["original_request"] == "Massage therapy 6 sessions x 2"
    assert item["authorized_portion"] == "Massage therapy 6 sessions"
    assert item["description"] == "Massage therapy 6 sessions"


def test_partial_authorisation_second_wording_with_outcome_alone_on_a_line():
    items, warnings = _items(
        [
            "Acupuncture treatments (unspecified quantity) was the original request.",
            "The Claims Administrator authorized Acupuncture treatments, 6 sessions, leaving",
            "the original request IMR eligible. The original request, Acupuncture treatments",
            "(unspecified quantity) is:",
            "Upheld",
        ]
    )
    assert items[0]["original_request"] == "Acupuncture treatments (unspecified quantity)"
    assert items[0]["authorized_portion"] == "Acupuncture treatments, 6 sessions"
    assert items[0]["description"] == "Acupuncture treatments (unspecified quantity)"
    assert items[0]["outcome"] == "upheld"
    assert items[0]["citations"][0]["guideline"] == "mtus-acupuncture"
    assert len(items[0]["citations"]) == 1
    assert warnings == []


def test_partial_authorisation_without_is_and_is_overturned_on_its_own_line():
    items, _ = _items(
        [
            "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the",
            "Claims Administrator. The remaining IMR eligible portion of the original request,",
            "Baclofen 100mg #3",
            "is: Overturned",
        ]
    )
    assert (items[0]["description"], items[0]["outcome"]) == ("Baclofen 100mg #3", "overturned")
    assert items[0]["authorized_portion"] == "Baclofen 100mg #27"


def test_bold_lines_mark_where_a_heading_starts():
    lines = [
        Line("Decision rationale: the previous item ends without a full stop", False),
        Line("Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill,", True),
        Line("DOS: 11/11/2016:", True),
        Line("Upheld", False),
    ] + [Line(text, True) for text in ITEM_TAIL]
    items = parse_items(lines[1:], [])
    assert items[0].description == (
        "Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill, "
        "DOS: 11/11/2016"
    )


def test_heading_without_outcome_keeps_the_text_and_warns():
    items, warnings = _items(["Some request without outcome"])
    assert (items[0]["description"], items[0]["outcome"]) == ("Some request without outcome", None)
    assert "no outcome" in warnings[0]


def test_a_heading_not_set_in_bold_falls_back_to_the_text_structure():
    lines = [
        Line("Decision rationale: the previous item is not medically necessary.", True),
        Line("Urine drug screen, quantity one, for the monitoring of", False),
        Line("opioid use: Overturned", False),
    ] + [Line(text, True) for text in ITEM_TAIL]
    items = parse_items(lines[1:], [])
    assert (
        items[0].description == "Urine drug screen, quantity one, for the monitoring of opioid use"
    )
    assert items[0].outcome == "overturned"


def test_a_middle_item_without_rationale_is_kept_with_a_warning():
    lines = [Line(text) for text in ["First request: Upheld", *ITEM_TAIL[:2]]]
    lines += [Line(text) for text in ["Second request: Overturned", *ITEM_TAIL]]
    warnings = []
    items = parse_items(lines, warnings)
    assert [(item.description, item.rationale) for item in items] == [
        ("First request", None),
        ("Second request", "Not medically necessary."),
    ]
    assert warnings == ["item 1 has no decision rationale"]


@pytest.mark.parametrize(
    ("summary", "diagnoses"),
    [
        (
            "The injured worker is undergoing treatment for lumbar strain, right shoulder strain "
            "and contusion of the right elbow. On 11-2-16 ...",
            ("lumbar strain", "right shoulder strain", "contusion of the right elbow"),
        ),
        (
            "He is being treated for neck, back and shoulder pain.",
            ("neck, back and shoulder pain",),
        ),
        (
            "The current diagnosis is documented as dislocation, shoulder.",
            ("dislocation, shoulder",),
        ),
        (
            'The provider gave the applicant a diagnosis of "lumbar pain with radiculopathy." On a',
            ("lumbar pain with radiculopathy",),
        ),
        (
            "The diagnoses are pain in left shoulder; cervicalgia, unspecified; and headache.",
            ("pain in left shoulder", "cervicalgia, unspecified", "headache"),
        ),
        ("There was no diagnosis of radiculopathy. The request was for an MRI.", ()),
        ("The requested treatment for the knee was denied.", ()),
        ("The diagnoses are being evaluated.", ()),
        # "İ" lowers to two characters: the phrase is still found where it stands.
        ("The İzmir-born worker is being treated for lumbar strain.", ("lumbar strain",)),
        # A phrase that ends the summary names nothing (it once gave the diagnosis ":").
        ("The injured worker was diagnosed with:", ()),
    ],
)
def test_diagnosis_phrases(summary, diagnoses):
    assert diagnoses_of(summary) == diagnoses
