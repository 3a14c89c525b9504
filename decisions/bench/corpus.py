"""A synthetic archive at the real archive's scale, for the benchmarks.

`generate_corpus --letters N --seed S` writes N letters straight into the configured
database (COPY on PostgreSQL, executemany on SQLite): cases, reviewer profiles, disputed
items, citations with their pages and sections. The proportions are those of the 152
ingested letters (144 real ones of 2016-17 and the samples), measured once and written
down below; the texts are made from a bank of clinical phrases (no real letter's text is
copied), long enough for full-text search to meet what it meets in real letters. The same
seed gives the same archive. No history rows are written: nobody edited these letters.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from dataclasses import dataclass

from django.db import connection, transaction

from decisions.categories import classify_treatment
from decisions.models import (
    Case,
    CitationPage,
    CitationSection,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    ItemSearchDocument,
    Reviewer,
    ReviewerLicense,
    ReviewerSpecialty,
    Specialty,
)
from decisions.parsing.vocab import GUIDELINES
from decisions.search import search_vector

SOURCE_PREFIX = "synthetic/"
LAYOUT = "synthetic"
FIRST_SERIAL = 9_000_000  # case numbers CMyy-9xxxxxx: no real letter's number looks so

# Items per letter, as counted in the ingested letters (1: 88 letters, 2: 29, ...).
ITEMS_PER_LETTER = {1: 88, 2: 29, 3: 9, 4: 6, 5: 5, 6: 5, 7: 2, 8: 5, 9: 1}
OVERTURNED_SHARE = 0.10
PARTIAL_SHARE = 0.11  # items the claims administrator partly authorised
CITATIONS_PER_ITEM = {0: 27, 1: 34, 2: 165, 3: 90, 4: 27, 5: 6, 7: 2}
SECTIONS_PER_CITATION = {0: 184, 1: 539, 2: 53, 3: 4, 4: 4, 5: 2}
PAGE_SHARE = {"mtus-chronic-pain": 0.3, "mtus-acoem": 0.2, "mtus-acupuncture": 0.2}
REVIEWER_PROFILES = 600
SPECIALTY_WEIGHTS = {
    "Occupational Medicine": 49,
    "Preventive Medicine": 49,
    "Family Practice": 43,
    "Physical Medicine & Rehabilitation": 28,
    "Pain Management": 20,
    "Internal Medicine": 11,
    "Orthopedic Surgery": 10,
    "Sports Medicine": 8,
    "Anesthesiology": 7,
    "Hospice & Palliative Medicine": 3,
    "Medical Toxicology": 3,
    "Chiropractic": 2,
    "Neurology": 2,
    "Surgery": 2,
    "Emergency Medicine": 1,
    "Hand Surgery": 1,
    "Neurological Surgery": 1,
    "Psychiatry": 1,
    "Pulmonary Disease": 1,
    "Rheumatology": 1,
}
SPECIALTIES_PER_PROFILE = {1: 34, 2: 27, 3: 8}
STATE_WEIGHTS = {
    "California": 103,
    "Texas": 30,
    "New York": 24,
    "Florida": 16,
    "North Carolina": 12,
    "Arizona": 10,
    "New Jersey": 9,
    "Ohio": 6,
    "Pennsylvania": 5,
    "South Carolina": 5,
    "Missouri": 4,
    "Virginia": 4,
    "Maryland": 3,
    "Massachusetts": 3,
    "Oregon": 3,
    "Georgia": 2,
    "Hawaii": 2,
    "Washington": 2,
    "Colorado": 1,
    "Illinois": 1,
    "Nevada": 1,
    "Utah": 1,
}
STATES_PER_PROFILE = {1: 32, 2: 21, 3: 16}
GUIDELINE_WEIGHTS = {
    "imr": {
        "mtus-chronic-pain": 134,
        "mtus-acoem": 121,
        "odg": 85,
        "mtus-acupuncture": 14,
        "mtus-opioids": 12,
        "other": 8,
        "acoem-non-mtus": 5,
        "mtus-postsurgical": 1,
    },
    "claims_administrator": {
        "odg": 153,
        "mtus-acoem": 137,
        "mtus-chronic-pain": 88,
        "mtus-acupuncture": 13,
        "mtus-opioids": 9,
        "other": 3,
        "mtus-postsurgical": 2,
        "acoem-non-mtus": 1,
    },
}
FIRST_YEAR, LAST_YEAR = 2013, 2026

# Requests as letters word them, with the guideline sections and pages reviewers cite for
# them. Categories come from the archive's own classifier.
REQUESTS = [
    ("Massage therapy x{n}", ["Massage therapy"], [60], "Massage therapy should be an adjunct to other recommended treatment such as exercise, and limited to 4-6 visits."),
    ("Acupuncture x{n} sessions", ["Acupuncture"], [8, 9], "Acupuncture is used as an option when pain medication is reduced or not tolerated; the time to produce functional improvement is 3 to 6 treatments."),
    ("Physical therapy 2x{n} for the lumbar spine", ["Physical Medicine"], [98, 99], "Physical medicine guidelines allow for fading of treatment frequency from up to 3 visits per week to 1 or less, plus active self-directed home physical medicine."),
    ("Chiropractic manipulation x{n}", ["Manual therapy & manipulation"], [58, 59], "Manual therapy and manipulation is recommended for chronic pain if caused by musculoskeletal conditions, with a trial of 6 visits over 2 weeks."),
    ("Norco 10/325mg #{n}0", ["Opioids, criteria for use"], [76, 77, 78], "Opioids should be continued if the patient has returned to work or has improved functioning and pain, with ongoing review of the four A's."),
    ("Tramadol ER 150mg #{n}0", ["Opioids, specific drug list"], [93, 94], "Tramadol is a centrally acting synthetic opioid analgesic and is not recommended as a first-line oral analgesic."),
    ("Cyclobenzaprine 7.5mg #{n}0", ["Muscle relaxants (for pain)"], [63, 64], "Non-sedating muscle relaxants are recommended with caution as a second-line option for short-term treatment of acute exacerbations."),
    ("Gabapentin 600mg #{n}0", ["Anti-epilepsy drugs (AEDs)"], [16, 17], "Anti-epilepsy drugs are recommended for neuropathic pain; a good response is a 50% reduction in pain."),
    ("Omeprazole 20mg #{n}0", ["NSAIDs, GI symptoms & cardiovascular risk"], [68, 69], "A proton pump inhibitor is recommended for patients at intermediate risk for gastrointestinal events."),
    ("Lidoderm patch 5% #{n}0", ["Lidoderm (lidocaine patch)"], [56, 57], "Topical lidocaine may be recommended for localized peripheral pain after evidence of a trial of first-line therapy."),
    ("Topical compound cream 240gm", ["Topical analgesics"], [111, 112, 113], "Any compounded product that contains at least one drug or drug class that is not recommended is not recommended."),
    ("MRI of the lumbar spine", ["Low Back - MRIs (magnetic resonance imaging)"], [303, 304], "Unequivocal objective findings that identify specific nerve compromise on the neurologic examination are sufficient evidence to warrant imaging."),
    ("MRI of the right knee", ["Knee - MRIs"], [341, 342], "Special studies are not needed to evaluate most knee complaints until after a period of conservative care and observation."),
    ("EMG/NCV of the bilateral upper extremities", ["Electrodiagnostic studies"], [182], "Electromyography and nerve conduction velocities may help identify subtle focal neurologic dysfunction in patients with neck or arm symptoms."),
    ("Lumbar epidural steroid injection at L4-5", ["Epidural steroid injections (ESIs)"], [46], "Epidural steroid injections are recommended when radiculopathy is documented by physical examination and corroborated by imaging studies."),
    ("Trigger point injections x{n}", ["Trigger point injections"], [122], "Trigger point injections require documentation of circumscribed trigger points with evidence upon palpation of a twitch response as well as referred pain."),
    ("Lumbar facet injection", ["Facet joint intra-articular injections"], [300], "Invasive techniques such as facet joint injections are of questionable merit."),
    ("TENS unit purchase", ["TENS, chronic pain (transcutaneous electrical nerve stimulation)"], [114, 115, 116], "A one-month home-based TENS trial may be considered as a noninvasive conservative option if used as an adjunct to a program of evidence-based functional restoration."),
    ("Functional restoration program x{n} weeks", ["Functional restoration programs (FRPs)"], [49], "A functional restoration program may be recommended when previous methods of treating chronic pain have been unsuccessful and there is an absence of other options."),
    ("Right shoulder arthroscopy", ["Surgery for impingement syndrome"], [209, 210], "Surgical consultation may be indicated for patients with activity limitation for more than four months plus existence of a surgical lesion."),
    ("Lumbar fusion L4-S1", ["Fusion (spinal)"], [307], "Spinal fusion is not recommended in the absence of fracture, dislocation, or instability."),
    ("Urine drug screen", ["Drug testing"], [43], "Drug testing is recommended as an option to assess for the use or the presence of illegal drugs."),
    ("Home health care {n} hours a week", ["Home health services"], [51], "Home health services are recommended only for medical treatment for patients who are homebound, on a part-time or intermittent basis."),
    ("Psychological evaluation", ["Psychological evaluations"], [100, 101], "Psychological evaluations are generally accepted, well-established diagnostic procedures."),
    ("Cognitive behavioral therapy x{n} sessions", ["Behavioral interventions"], [23], "Behavioral interventions are recommended, with an initial trial of 3-4 psychotherapy visits over 2 weeks."),
    ("Knee brace", ["Knee brace"], [340], "A brace can be used for patellar instability, anterior cruciate ligament tear, or medial collateral ligament instability."),
    ("Orthopedic consultation", ["Consultation"], [127], "The occupational health practitioner may refer to other specialists if a diagnosis is uncertain or extremely complex."),
    ("Transportation to and from appointments", ["Transportation (to & from appointments)"], [], "Transportation is recommended for medically necessary transportation to appointments in the same community for patients with disabilities preventing them from self-transport."),
]  # fmt: skip
# Section names beyond the usual ones: letters print chapters, editions and misspellings, so
# the archive holds thousands of distinct section names, most of them rare.
SECTION_VARIANT_SHARE = 0.08
SECTION_VARIANTS = ["Chronic Pain", "Low Back", "Neck and Upper Back", "Knee", "Shoulder", "Pain", "Treatment", "Criteria", "Indications", "Introduction", "Recommendations", "2009", "2014", "Updated", "Definitions", "Outcome measures", "Evidence", "Summary", "Table 2", "Table 3"]  # fmt: skip


# Sentences of the clinical summary and of the rationale, filled in with the request.
SUMMARY_SENTENCES = [
    "The injured worker is a {age} year old {sex} who reported an industrial injury on {injury}.",
    "The injured worker has been diagnosed with chronic low back pain, lumbar radiculopathy and myofascial pain syndrome.",
    "Treatment to date has included medications, physical therapy, chiropractic care and home exercise.",
    "Per the progress report, the injured worker complains of ongoing pain rated 7 out of 10 on the visual analog scale.",
    "Physical examination revealed tenderness to palpation over the paravertebral musculature with decreased range of motion.",
    "Straight leg raise was positive on the right at 45 degrees.",
    "The treating physician requested {request}.",
    "Utilization review denied the request, citing the guidelines.",
    "The injured worker reports that the pain interferes with activities of daily living and sleep.",
    "Prior imaging documented degenerative disc disease with mild foraminal narrowing.",
    "There is no documentation of functional improvement from prior sessions.",
    "The injured worker remains on temporary total disability and has not returned to work.",
]  # fmt: skip
RATIONALE_SENTENCES = [
    "The request was reviewed against the guidelines cited below.",
    "Treatment beyond the initial trial requires documentation of objective functional improvement.",
    "The medical records do not document a reduction in pain or an improvement in function with prior treatment.",
    "The most recent progress report notes persistent symptoms despite conservative care.",
    "The requested quantity exceeds the guideline recommendation for an initial trial.",
    "There is documentation of neurological deficits on examination.",
    "The submitted records include a treatment plan with measurable goals.",
    "The injured worker has completed prior sessions without documented benefit.",
    "There is no documentation of contraindications to the requested treatment.",
    "The clinical findings support the requested treatment at this time.",
    "Therefore, the request is medically necessary and appropriate.",
    "Therefore, the request is not medically necessary.",
]  # fmt: skip


def _weighted(table: dict) -> tuple[list, list[float]]:
    return list(table), [float(weight) for weight in table.values()]


@dataclass(frozen=True)
class Profile:
    pk: int
    specialties: tuple[str, ...]
    states: tuple[str, ...]


@dataclass
class CorpusCounts:
    cases: int = 0
    items: int = 0
    citations: int = 0
    pages: int = 0
    sections: int = 0
    reviewers: int = 0


class CorpusGenerator:
    """Rows of the synthetic archive, table by table, in batches of letters."""

    def __init__(self, seed: int, first_ids: dict[str, int], specialty_ids: dict[str, int]):
        self.random = random.Random(seed)
        self.next_id = dict(first_ids)
        self.specialty_ids = specialty_ids
        self.requests = [
            (template, sections, pages, reason, classify_treatment(template.format(n=6)))
            for template, sections, pages, reason in REQUESTS
        ]
        self.profiles = [self._profile() for _ in range(REVIEWER_PROFILES)]
        # A few reviewers decide many letters (the measured letters share 69 profiles).
        self.profile_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(REVIEWER_PROFILES)]
        self.items_per_letter = _weighted(ITEMS_PER_LETTER)
        self.citations_per_item = _weighted(CITATIONS_PER_ITEM)
        self.sections_per_citation = _weighted(SECTIONS_PER_CITATION)
        self.guidelines = {side: _weighted(table) for side, table in GUIDELINE_WEIGHTS.items()}
        self.first_day = dt.date(FIRST_YEAR, 1, 1).toordinal()
        self.days = dt.date(LAST_YEAR, 12, 31).toordinal() - self.first_day
        self.now = "2026-12-01 00:00:00+00"

    def _take(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def _choose(self, weighted) -> object:
        values, weights = weighted
        return self.random.choices(values, weights)[0]

    def _profile(self) -> Profile:
        specialties = self._distinct(SPECIALTY_WEIGHTS, SPECIALTIES_PER_PROFILE)
        states = self._distinct(STATE_WEIGHTS, STATES_PER_PROFILE)
        return Profile(self._take("reviewer"), tuple(specialties), tuple(states))

    def _distinct(self, weights: dict, counts: dict) -> list[str]:
        wanted = self._choose(_weighted(counts))
        chosen: list[str] = []
        while len(chosen) < wanted:
            value = self._choose(_weighted(weights))
            if value not in chosen:
                chosen.append(value)
        return chosen

    # -- the rows -----------------------------------------------------------------------

    def reviewer_rows(self) -> dict[str, list[tuple]]:
        rows: dict[str, list[tuple]] = {"reviewer": [], "specialty": [], "license": []}
        for profile in self.profiles:
            key = f"synthetic-profile-{profile.pk}"
            rows["reviewer"].append((profile.pk, key, "expert reviewer", "[]", self.now))
            for position, name in enumerate(profile.specialties):
                specialty = self.specialty_ids[name]
                rows["specialty"].append((self._take("specialty"), profile.pk, specialty, position))
            for position, state in enumerate(profile.states):
                rows["license"].append((self._take("license"), profile.pk, state, position))
        return rows

    def letters(self, count: int, first_serial: int) -> dict[str, list[tuple]]:
        rows: dict[str, list[tuple]] = {
            "case": [],
            "item": [],
            "citation": [],
            "page": [],
            "section": [],
        }
        for serial in range(first_serial, first_serial + count):
            self._letter(serial, rows)
        return rows

    def _letter(self, serial: int, rows) -> None:
        r = self.random
        decided = dt.date.fromordinal(self.first_day + r.randrange(self.days))
        injured = decided - dt.timedelta(days=r.randrange(200, 4000))
        received = decided - dt.timedelta(days=r.randrange(10, 40))
        age = max(18, min(85, int(r.gauss(48, 11))))
        sex = r.choice(("male", "female"))
        profile = r.choices(self.profiles, self.profile_weights)[0]
        requests = [r.choice(self.requests) for _ in range(self._choose(self.items_per_letter))]
        first_request = requests[0][0].format(n=r.randrange(2, 13)).lower()
        summary = " ".join(
            sentence.format(
                age=age, sex=sex, injury=injured.strftime("%m/%d/%Y"), request=first_request
            )
            for sentence in r.sample(SUMMARY_SENTENCES, r.randrange(6, 11))
        )
        case_pk = self._take("case")
        case_number = f"CM{decided.year % 100:02d}-{FIRST_SERIAL + serial:07d}"
        rows["case"].append(
            (
                case_pk,
                case_number,
                received + dt.timedelta(days=2),
                injured,
                decided,
                received - dt.timedelta(days=5),
                received,
                "standard",
                profile.pk,
                age,
                sex,
                json.dumps(["Lumbar radiculopathy", "Myofascial pain"]),
                summary,
                LAYOUT,
                "[]",
                f"{SOURCE_PREFIX}{case_number}.txt",
                f"{serial:064x}",
                "[]",
                self.now,
                self.now,
            )
        )
        for number, request in enumerate(requests, start=1):
            self._item(case_pk, number, request, rows)

    def _item(self, case_pk, number, request, rows) -> None:
        r = self.random
        template, sections, pages, reason, treatment = request
        description = template.format(n=r.randrange(2, 13))
        overturned = r.random() < OVERTURNED_SHARE
        partial = r.random() < PARTIAL_SHARE
        generic = r.sample(RATIONALE_SENTENCES[:-2], r.randrange(3, 7))
        ending = RATIONALE_SENTENCES[-2 if overturned else -1]
        rationale = " ".join([*generic[:2], reason, *generic[2:], ending])
        item_pk = self._take("item")
        rows["item"].append(
            (
                item_pk,
                case_pk,
                number,
                description,
                "overturned" if overturned else "upheld",
                f"{description}, x12" if partial else "",
                description if partial else "",
                rationale,
                treatment.category,
                treatment.subcategory,
                "[]",
            )
        )
        for position in range(self._choose(self.citations_per_item)):
            side = "imr" if position % 2 == 0 else "claims_administrator"
            guideline = self._choose(self.guidelines[side])
            citation_pk = self._take("citation")
            rows["citation"].append(
                (
                    citation_pk,
                    item_pk,
                    position,
                    side,
                    guideline,
                    2009 if guideline.startswith("mtus") else None,
                    "",
                    f"{GUIDELINES.get(guideline, guideline)}, {sections[0]}",
                    "[]",
                )
            )
            if pages and r.random() < PAGE_SHARE.get(guideline, 0.0):
                for page in pages[: r.randrange(1, len(pages) + 1)]:
                    rows["page"].append((self._take("page"), citation_pk, page))
            for section in sections[: self._choose(self.sections_per_citation)]:
                if r.random() < SECTION_VARIANT_SHARE:
                    section = f"{section}, {r.choice(SECTION_VARIANTS)} {r.randrange(1, 60)}"
                spelled = section if r.random() < 0.8 else section.title()
                rows["section"].append((self._take("section"), citation_pk, spelled))


# The tables in the order their rows are written, with the columns each row gives.
TABLES = {
    "reviewer": (Reviewer, ["id", "profile_key", "title", "subspecialties", "created_at"]),
    "specialty": (ReviewerSpecialty, ["id", "reviewer_id", "specialty_id", "position"]),
    "license": (ReviewerLicense, ["id", "reviewer_id", "state", "position"]),
    "case": (
        Case,
        [
            "id",
            "case_number",
            "date_assigned",
            "injury_date",
            "decision_date",
            "ur_denial_date",
            "application_received",
            "priority",
            "reviewer_id",
            "patient_age",
            "patient_sex",
            "diagnoses",
            "clinical_summary",
            "layout",
            "parser_warnings",
            "source_path",
            "source_sha256",
            "corrected_fields",
            "ingested_at",
            "updated_at",
        ],
    ),
    "item": (
        DisputedItem,
        [
            "id",
            "case_id",
            "number",
            "description",
            "outcome",
            "original_request",
            "authorized_portion",
            "rationale",
            "category",
            "subcategory",
            "corrected_fields",
        ],
    ),
    "citation": (
        GuidelineCitation,
        [
            "id",
            "item_id",
            "position",
            "cited_by",
            "guideline_id",
            "edition",
            "chapter",
            "text",
            "corrected_fields",
        ],
    ),
    "page": (CitationPage, ["id", "citation_id", "page"]),
    "section": (CitationSection, ["id", "citation_id", "name"]),
}


def _copy_text(rows: list[tuple]) -> bytes:
    """Rows in COPY's text format; the generated texts hold no tab, newline or backslash."""
    out = io.StringIO()
    for row in rows:
        out.write("\t".join(r"\N" if value is None else str(value) for value in row))
        out.write("\n")
    return out.getvalue().encode()


def _write(table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    model, columns = TABLES[table]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    db_table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {db_table} ({quoted}) FROM STDIN") as copy:
                copy.write(_copy_text(rows))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {db_table} ({quoted}) VALUES ({marks})", rows)


def _write_search_documents(item_ids: list[int]) -> None:
    """The items' stored search documents, which the trigger that writes them does not
    while the load runs as a replica (_bulk_session): one INSERT ... SELECT of the same
    expression (decisions.search.search_vector())."""
    if connection.vendor != "postgresql" or not item_ids:
        return
    documents = DisputedItem.objects.filter(pk__range=(min(item_ids), max(item_ids)))
    select, params = documents.values_list("pk", search_vector()).order_by().query.sql_with_params()
    table = connection.ops.quote_name(ItemSearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (item_id, document) {select}", params)


def _first_ids() -> dict[str, int]:
    """The largest id of each table: the generated rows are numbered after it."""
    return {
        key: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for key, (model, _) in TABLES.items()
    }


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's rowid follows the largest id by itself
    with connection.cursor() as cursor:
        for model, _ in TABLES.values():
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))"
            )


def synthetic_letters() -> int:
    return Case.objects.filter(source_path__startswith=SOURCE_PREFIX).count()


def generate_corpus(letters: int, seed: int, batch: int = 5000, progress=None) -> CorpusCounts:
    """Write `letters` synthetic letters; raises ValueError if the archive already has some."""
    if synthetic_letters():
        raise ValueError(
            "the archive already holds synthetic letters: generate into an empty database"
        )
    for guideline_id, name in GUIDELINES.items():
        Guideline.objects.get_or_create(id=guideline_id, defaults={"name": name})
    specialty_ids = {}
    for name in SPECIALTY_WEIGHTS:
        specialty_ids[name] = Specialty.objects.get_or_create(name=name)[0].pk
    generator = CorpusGenerator(seed, _first_ids(), specialty_ids)
    counts = CorpusCounts()
    with _bulk_session():
        with transaction.atomic():
            reviewers = generator.reviewer_rows()
            for table in ("reviewer", "specialty", "license"):
                _write(table, reviewers[table])
            counts.reviewers = len(reviewers["reviewer"])
        for first in range(0, letters, batch):
            rows = generator.letters(min(batch, letters - first), first)
            with transaction.atomic():
                for table in ("case", "item", "citation", "page", "section"):
                    _write(table, rows[table])
                _write_search_documents([row[0] for row in rows["item"]])
            counts.cases += len(rows["case"])
            counts.items += len(rows["item"])
            counts.citations += len(rows["citation"])
            counts.pages += len(rows["page"])
            counts.sections += len(rows["section"])
            if progress:
                progress(counts)
    _reset_sequences()
    return counts


class _bulk_session:
    """On PostgreSQL: foreign keys unchecked while loading (the generator makes them right),
    and the load not waiting for the disk at each commit."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("SET synchronous_commit = off")
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute("SET synchronous_commit = DEFAULT")
        return False
