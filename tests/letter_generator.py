"""Random letters of the known layouts, printed the way the state prints them, with the
reading a parser must give back.

`random_letter(rng)` picks content (items, outcomes, partial authorisations, citations of
every guideline form, reviewer specialties and states, dates, patient) and a layout, then
renders it: lines wrapped at a random column, in plain text or in the seed form (a blank
line after every line). `Generated.expected` holds the fields of the `imr-letter/1` JSON
that the content fixes; the test compares them with the parse.
"""

from __future__ import annotations

import datetime as dt
import random
import textwrap
from dataclasses import dataclass, field

from decisions.parsing import vocab

LAYOUTS = ("2016-header", "2013-block", "2013-sentence", "2013-notice")

TREATMENTS = (
    "Acupuncture 2 times a week for 4 weeks for the lumbar spine",
    "Norco 10/325mg #60",
    "MRI of the left knee without contrast",
    "Physical therapy 12 sessions for the right shoulder",
    "Gabapentin 600mg #90",
    "Right L4-L5 lumbar epidural steroid injection under fluoroscopy",
    "TENS unit purchase",
    "Functional restoration program, 160 hours",
    "Tramadol ER 150mg #30 with 2 refills",
    "Massage therapy 6 sessions",
    "Urine drug screen",
    "Lidoderm 5% patch #30",
    "Cyclobenzaprine 7.5mg (Flexeril) #60",
    "Chiropractic manipulation x 8 visits",
    "Home health aide, 4 hours a day",
    "Cervical traction unit (purchase)",
    "Psychotherapy sessions x 6",
    "Omeprazole 20mg #60",
)
FILLER = (
    "The records were reviewed in full.",
    "The treating physician notes persistent pain rated 7/10 on 10-13-16.",
    "There is no documentation of functional improvement with prior treatment.",
    "Physical examination showed tenderness and a reduced range of motion.",
    "The injured worker has completed a course of conservative care.",
    "Imaging dated 3/2/2016 showed mild degenerative changes.",
    "The guidelines support a trial when the criteria are met.",
    "Medications included non-steroidal anti-inflammatory drugs and a muscle relaxant.",
)
SECTIONS = (
    "Acupuncture",
    "Massage therapy",
    "Epidural steroid injections (ESIs)",
    "Opioids, criteria for use",
    "Transcutaneous electrotherapy",
    "Muscle relaxants (for pain)",
    "Functional restoration programs (FRPs)",
    "Urine drug testing",
)
ACOEM_CHAPTERS = sorted(set(vocab.ACOEM_CHAPTERS.values()) - {"Eye"})
ODG_FORMS = (  # (printed, chapter, topics)
    ("Official Disability Guidelines (ODG), Low Back", "Low Back", ()),
    ("Official Disability Guidelines (ODG) Knee & Leg (Acute & Chronic), Physical therapy",
     "Knee & Leg (Acute & Chronic)", ("Physical therapy",)),
    ("ODG Pain (Chronic), Opioids", "Pain (Chronic)", ("Opioids",)),
    ("Official Disability Guidelines (ODG), Shoulder (updated 11/23/16), MRI", "Shoulder",
     ("MRI",)),
)  # fmt: skip
OTHER_SOURCES = (
    "Food and Drug Administration label",
    "Journal of Pain Research 2014",
    "Medscape Drugs & Diseases",
)
STATE_SPELLINGS = ("California", "New York", "North Carolina", "Texas", "Hawaii", "West Virginia")
SPECIALTY_SPELLINGS = {  # as printed -> canonical
    **{name: name for name in vocab.SPECIALTIES},
    "Physical Medicine and Rehabilitation": "Physical Medicine & Rehabilitation",
    "Allergy and Immunology": "Allergy & Immunology",
    "Orthopaedic Surgery": "Orthopedic Surgery",
    "Family Medicine": "Family Practice",
    "Pain Medicine": "Pain Management",
}
PREAMBLE = "The Claims Administrator based their decision on recommendation(s) outside of the MTUS."
NO_EVIDENCE = "The Claims Administrator did not cite any medical evidence for its decision."
HOW_MADE = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has "
    "no affiliation with the employer, employee, providers or the claims administrator."
)
HOW_MADE_TAIL = (
    "He/she has been in active clinical practice for more than five years and is currently "
    "working at least 24 hours a week in active practice."
)


@dataclass
class Generated:
    layout: str
    text: str
    expected: dict = field(default_factory=dict)


def random_letter(rng: random.Random, layout: str | None = None) -> Generated:
    layout = layout or rng.choice(LAYOUTS)
    content = _content(rng, layout)
    paragraphs = _paragraphs(rng, layout, content)
    return Generated(layout, _print(rng, paragraphs), content)


# --- content ------------------------------------------------------------------------------


def _date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _content(rng: random.Random, layout: str) -> dict:
    year = 2013 if layout == "2013-notice" else rng.choice((2014, 2015, 2016, 2017))
    decision = _date(rng, year)
    specialties = rng.sample(sorted(SPECIALTY_SPELLINGS), rng.choice((1, 1, 2, 3)))
    canonical = list(dict.fromkeys(SPECIALTY_SPELLINGS[name] for name in specialties))
    items = [_item(rng, number, layout) for number in range(1, rng.randint(1, 5) + 1)]
    age, sex, injury_date = (
        rng.randint(19, 80),
        rng.choice(("male", "female")),
        _date(rng, year - 1),
    )
    summary = (
        f"The injured worker is a {age} year old {sex} who sustained an industrial injury on "
        f"{_us(injury_date, rng)}. " + " ".join(rng.sample(FILLER, 3))
    )
    return {
        "layout": layout,
        "case_number": f"CM{year % 100:02d}-{rng.randrange(10**7):07d}"
        if layout == "2016-header"
        else None,
        "decision_date": decision,
        "ur_denial_date": decision - dt.timedelta(days=rng.randint(30, 60)),
        "application_received": decision - dt.timedelta(days=rng.randint(20, 29)),
        "date_assigned": decision - dt.timedelta(days=rng.randint(3, 19)),
        "injury_date": injury_date,
        "priority": rng.choice(("standard", "expedited")),
        "printed_specialties": specialties,
        "specialties": canonical,
        "licensed_in": rng.sample(STATE_SPELLINGS, rng.choice((1, 1, 2, 3))),
        "age": age,
        "sex": sex,
        "clinical_summary": summary,
        "items": items,
    }


def _item(rng: random.Random, number: int, layout: str) -> dict:
    overturned = rng.random() < 0.3
    description = rng.choice(TREATMENTS)
    partial = None
    if layout != "2013-notice" and rng.random() < 0.15:
        partial = (f"{description} x 2", description, rng.choice((1, 2)))
    item = {
        "number": number,
        "description": description,
        "outcome": "overturned" if overturned else "upheld",
        "original_request": partial[0] if partial else None,
        "authorized_portion": partial[1] if partial else None,
        "partial_wording": partial[2] if partial else None,
        "rationale": " ".join(rng.sample(FILLER, rng.randint(1, 4)))
        + f" Therefore, the request is {'' if overturned else 'not '}medically necessary.",
    }
    ca_lines, ca_citations = _side(rng, layout, "claims_administrator")
    imr_lines, imr_citations = _side(rng, layout, "imr")
    item["ca_text"], item["imr_text"] = ca_lines, imr_lines
    item["citations"] = ca_citations + imr_citations
    return item


def _citation(cited_by, guideline, text, edition=None, chapter=None, sections=(), pages=()):
    return {
        "cited_by": cited_by,
        "guideline": guideline,
        "edition": edition,
        "chapter": chapter,
        "sections": list(sections),
        "pages": list(pages),
        "text": text,
    }


def _pages(rng: random.Random) -> tuple[str, list[int]]:
    first = rng.randint(1, 300)
    if rng.random() < 0.3:
        last = first + rng.randint(1, 3)
        return f"{first}-{last}", list(range(first, last + 1))
    return str(first), [first]


def _mtus_part(rng: random.Random, layout: str, cited_by: str) -> dict:
    """One MTUS part in one of the forms the letters print."""
    kind = rng.choice(("chronic", "chronic", "acoem", "acoem-title", "acupuncture", "post"))
    section = rng.choice(SECTIONS)
    pages_text, pages = _pages(rng)
    with_pages = rng.random() < 0.6
    if kind == "acoem":
        number = rng.choice([n for n in vocab.ACOEM_CHAPTERS if n != 16])
        text = f"ACOEM Practice Guidelines, Chapter {number}"
        if with_pages:
            text += f", Page(s): {pages_text}"
        return _citation(
            cited_by, "mtus-acoem", text, None, vocab.ACOEM_CHAPTERS[number], (),
            pages if with_pages else (),
        )  # fmt: skip
    if kind == "acoem-title":
        chapter = rng.choice(ACOEM_CHAPTERS)
        text = f"{chapter} 2004, Section(s): Summary"
        return _citation(cited_by, "mtus-acoem", text, 2004, chapter, ["Summary"])
    name, guideline = {
        "chronic": ("Chronic Pain Medical Treatment", "mtus-chronic-pain"),
        "acupuncture": ("Acupuncture Medical Treatment", "mtus-acupuncture"),
        "post": ("Postsurgical Treatment", "mtus-postsurgical"),
    }[kind]
    if layout == "2016-header" or rng.random() < 0.3:
        edition = rng.choice((2009, 2016))
        text = f"{name} {edition}, Section(s): {section}"
        sections = [section]
    else:
        edition = None
        text = f"{name} Guidelines {section}"
        sections = [section]
    if with_pages:
        text += f" Page(s): {pages_text}"
    return _citation(
        cited_by, guideline, text, edition, None, sections, pages if with_pages else ()
    )


def _side(rng: random.Random, layout: str, cited_by: str) -> tuple[str, list[dict]]:
    """A guideline line's text (without its label) and the citations it holds."""
    if cited_by == "claims_administrator" and rng.random() < 0.1:
        return NO_EVIDENCE, []
    sentences, citations = [], []
    if cited_by == "claims_administrator" and rng.random() < 0.1:
        sentences.append(PREAMBLE)
    parts = [_mtus_part(rng, layout, cited_by) for _ in range(rng.choice((0, 1, 1, 1, 2, 3)))]
    if parts:
        joiner = rng.choice((", and ", ", ", ","))
        parts[0]["text"] = "MTUS " + parts[0]["text"]
        sentences.append("Decision based on " + joiner.join(part["text"] for part in parts) + ".")
        citations += parts
    for _ in range(rng.choice((0, 0, 1, 1, 2)) if parts else rng.randint(1, 2)):
        kind = rng.random()
        if kind < 0.6:
            printed, chapter, topics = rng.choice(ODG_FORMS)
            citations.append(_citation(cited_by, "odg", printed, None, chapter, topics))
        elif kind < 0.8:
            pages_text, pages = _pages(rng)
            printed = f"ACOEM Practice Guidelines 3rd Edition page {pages_text}"
            citations.append(_citation(cited_by, "acoem-non-mtus", printed, pages=pages))
        else:
            printed = rng.choice(OTHER_SOURCES)
            citations.append(_citation(cited_by, "other", printed))
        sentences.append(f"Decision based on Non-MTUS Citation {printed}.")
    return " ".join(sentences), citations


# --- printing -----------------------------------------------------------------------------


def _us(date: dt.date, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{date.month:02d}/{date.day:02d}/{date.year}"
    return f"{date.month}/{date.day}/{date.year}"


def _names(rng: random.Random, names: list[str], comma: str | None = None) -> str:
    """A printed list: "A", "A and B", "A, B and C" (or the block's bare commas)."""
    if comma is not None:
        return comma.join(names)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + rng.choice((" and ", ", and ")) + names[-1]


def _paragraphs(rng: random.Random, layout: str, content: dict) -> list[str]:
    """The letter as paragraphs; each is one line before wrapping ("" for a bold heading
    kept on its own line is not needed: headings are paragraphs)."""
    out: list[str] = []
    specialties = content["printed_specialties"]
    states = content["licensed_in"]
    if layout == "2016-header":
        out += [
            f"Case Number: {content['case_number']}",
            f"Date Assigned: {_us(content['date_assigned'], rng)} "
            f"Date of Injury: {_us(content['injury_date'], rng)}",
            f"Decision Date: {_us(content['decision_date'], rng)} "
            f"UR Denial Date: {_us(content['ur_denial_date'], rng)}",
            f"Priority: {content['priority'].title()} Application",
            "Received:",
            _us(content["application_received"], rng),
        ]
    if layout == "2013-notice":
        return _notice_paragraphs(rng, content)
    out.append("HOW THE IMR FINAL DETERMINATION WAS MADE")
    if layout == "2013-sentence":
        out.append(
            f"{HOW_MADE} The expert reviewer is Board Certified in {_names(rng, specialties)}, "
            f"and is licensed to practice in {_names(rng, states)}. {HOW_MADE_TAIL}"
        )
    else:
        out += [
            f"{HOW_MADE} {HOW_MADE_TAIL}",
            "The Expert Reviewer has the following credentials:",
            f"State(s) of Licensure: {_names(rng, states, rng.choice((', ', ',')))}",
            f"Certification(s)/Specialty: {_names(rng, specialties, ', ')}",
        ]
    out += [
        "CLINICAL CASE SUMMARY",
        "The expert reviewer developed the following clinical case summary based on a review "
        "of the case file, including all medical records:",
        content["clinical_summary"],
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "The Final Determination was based on decisions for the disputed items/services set "
        "forth below:",
    ]
    for item in content["items"]:
        out += _item_paragraphs(rng, item)
    return out


def _item_paragraphs(rng: random.Random, item: dict) -> list[str]:
    outcome = item["outcome"].title()
    if item["original_request"] is None:
        if rng.random() < 0.3:
            heading = [f"{item['description']}:", outcome]  # the outcome on its own line
        else:
            heading = [f"{item['description']}: {outcome}"]
    elif item["partial_wording"] == 1:
        heading = [
            f"{item['original_request']} was the original request. "
            f"{item['authorized_portion']} was authorized by the Claims Administrator. "
            f"The remaining IMR eligible portion of the original request, "
            f"{item['description']} is: {outcome}"
        ]
    else:
        heading = [
            f"{item['original_request']} was the original request. The Claims Administrator "
            f"authorized {item['authorized_portion']}, leaving the original request IMR "
            f"eligible. The original request, {item['description']}",
            f"is: {outcome}",
        ]
    return [
        *heading,
        f"Claims Administrator guideline: {item['ca_text']}",
        f"MAXIMUS guideline: {item['imr_text'] or NO_EVIDENCE}",
        f"Decision rationale: {item['rationale']}",
    ]


def _notice_paragraphs(rng: random.Random, content: dict) -> list[str]:
    glued_not = rng.choice(("not ", "not"))  # text extraction may glue "not" on: "notmedically"
    decisions = [
        f"{item['number']}) MAXIMUS Federal Services, Inc. has determined the request for "
        f"{item['description']} is {'' if item['outcome'] == 'overturned' else glued_not}"
        "medically necessary and appropriate."
        for item in content["items"]
    ]
    out = [
        "MAXIMUS FEDERAL SERVICES, INC.",
        "Notice of Independent Medical Review Determination",
        f"Dated: {_us(content['decision_date'], rng)}",
        *decisions,
        "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
        *decisions,
        "An application for Independent Medical Review was filed on "
        f"{_us(content['application_received'], rng)} disputing the Utilization Review Denial "
        f"dated {_us(content['ur_denial_date'], rng)}. A Notice of Assignment and Request for "
        f"Information was provided to the above parties on {_us(content['date_assigned'], rng)}.",
        "Medical Qualifications of the Expert Reviewer:",
        "The expert reviewer is Board Certified in "
        f"{_names(rng, content['printed_specialties'])} and is licensed to practice in "
        f"{_names(rng, content['licensed_in'])}. {HOW_MADE_TAIL}",
        "Case Summary:",
        "Disclaimer: The following case summary was taken directly from the utilization "
        f"review denial/modification dated {content['ur_denial_date']:%B} "
        f"{content['ur_denial_date'].day}, {content['ur_denial_date'].year}.",
        content["clinical_summary"],
    ]
    for item in content["items"]:
        out += [
            f"{item['description']}: {item['outcome'].title()}",
            f"Claims Administrator guideline: {item['ca_text']}",
            f"MAXIMUS guideline: {item['imr_text'] or NO_EVIDENCE}",
            f"Decision rationale: {item['rationale']}",
        ]
    return out


def _print(rng: random.Random, paragraphs: list[str]) -> str:
    """Wrap every paragraph at one random column; plain lines or the seed form."""
    width = rng.randint(40, 130)
    lines: list[str] = []
    for paragraph in paragraphs:
        if paragraph.isupper():  # a heading: a line of its own, never wrapped
            lines.append(paragraph)
            continue
        wrapped = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
        lines += wrapped or [""]
    trailing = rng.choice(("", " "))  # the state's text often ends its lines with a space
    if rng.random() < 0.5:  # the seed form: a blank line after every line
        return "".join(f"{line}{trailing}\n\n" for line in lines)
    return "".join(f"{line}{trailing}\n" for line in lines)
