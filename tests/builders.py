"""Small builders of archive rows, for tests that need values the fixture letters lack (case
numbers, dates, many items, corrections); PDFs; a throwaway PostgreSQL cluster; a fake of the
state's search. Guidelines get the names ingest gives them."""

import contextlib
import ctypes
import datetime as dt
import hashlib
import html
import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from werkzeug import Response

from decisions.bench.site import free_port
from decisions.models import (
    Case,
    CitationPage,
    CitationSection,
    CitedBy,
    DisputedItem,
    Guideline,
    GuidelineCitation,
    Outcome,
    Reviewer,
    ReviewerLicense,
    ReviewerSpecialty,
    Specialty,
)
from decisions.parsing.vocab import GUIDELINES
from decisions.summaries import add_new_cases, tallies_follow
from tests.paths import ARCHIVE_LETTERS, FIXTURE_LETTERS

_serial = itertools.count(1)


def reviewer(specialties=("Pain Management",), states=("California",)) -> Reviewer:
    """The one reviewer with these certifications and licences (made on first use)."""
    key = hashlib.sha256(repr((specialties, states)).encode()).hexdigest()
    row, created = Reviewer.objects.get_or_create(
        profile_key=key, defaults={"title": "expert reviewer"}
    )
    if created:
        for position, name in enumerate(specialties):
            specialty, _ = Specialty.objects.get_or_create(name=name)
            ReviewerSpecialty.objects.create(reviewer=row, specialty=specialty, position=position)
        for position, state in enumerate(states):
            ReviewerLicense.objects.create(reviewer=row, state=state, position=position)
    return row


def case(case_number=None, decided=None, by=None, **values) -> Case:
    """A case decided on `decided` (a date or "YYYY-MM-DD") by the reviewer `by`; any other
    Case field as a keyword."""
    serial = next(_serial)
    values.setdefault("source_path", f"built/letter-{serial}.txt")
    values.setdefault("source_sha256", hashlib.sha256(str(serial).encode()).hexdigest())
    values.setdefault("layout", "built")
    if isinstance(decided, str):
        decided = dt.date.fromisoformat(decided)
    made = Case.objects.create(
        case_number=case_number, decision_date=decided, reviewer=by, **values
    )
    add_new_cases([made.pk])  # as the ingest does: the archive's counts include it
    return made


def item(of_case, description="Massage therapy x6", outcome="upheld", **values) -> DisputedItem:
    number = of_case.items.count() + 1
    with tallies_follow([of_case.pk]):
        return DisputedItem.objects.create(
            case=of_case, number=number, description=description, outcome=outcome, **values
        )


def cite(
    of_item, guideline="mtus-chronic-pain", cited_by="imr", pages=(), sections=(), text=None
) -> GuidelineCitation:
    Guideline.objects.get_or_create(id=guideline, defaults={"name": GUIDELINES[guideline]})
    with tallies_follow([of_item.case_id]):
        return _cite(of_item, guideline, cited_by, pages, sections, text)


def _cite(of_item, guideline, cited_by, pages, sections, text) -> GuidelineCitation:
    citation = GuidelineCitation.objects.create(
        item=of_item,
        position=of_item.citations.count(),
        cited_by=cited_by,
        guideline_id=guideline,
        text=text or f"{GUIDELINES[guideline]} Page(s): {pages}",
    )
    CitationPage.objects.bulk_create(CitationPage(citation=citation, page=p) for p in pages)
    CitationSection.objects.bulk_create(
        CitationSection(citation=citation, name=s) for s in sections
    )
    return citation


# Hand-made archives for the statistics: dates and citations on demand.

_case_numbers = itertools.count(1)
IMR, CA = CitedBy.IMR, CitedBy.CLAIMS_ADMINISTRATOR
UP, OVER = Outcome.UPHELD, Outcome.OVERTURNED


def reviewer_certified(*specialties: str) -> Reviewer:
    return reviewer(specialties, states=())


def numbered_case(reviewer=None, received=None, decided=None) -> Case:
    return case(
        f"CM16-{next(_case_numbers):07d}",
        decided=decided,
        by=reviewer,
        application_received=received,
    )


def item_citing(case, outcome, category="", imr=(), claims_administrator=()) -> DisputedItem:
    """An item citing the guideline ids `imr` (MAXIMUS) and `claims_administrator`."""
    cited = item(case, "a disputed treatment", outcome, category=category)
    for cited_by, guideline_ids in ((IMR, imr), (CA, claims_administrator)):
        for guideline_id in guideline_ids:
            cite(cited, guideline_id, cited_by, text=guideline_id)
    return cited


def build_stats_archive():
    """Three cases, six items, with known rates, dates and citations (see tests/stats)."""
    pain = reviewer_certified("Pain Management", "Anesthesiology")
    ortho = reviewer_certified("Orthopedic Surgery")
    pain_case = numbered_case(pain, dt.date(2016, 1, 4), dt.date(2016, 1, 24))  # 20 days
    item_citing(
        pain_case, OVER, "Pharmaceuticals", imr=["mtus-opioids"], claims_administrator=["odg"]
    )
    item_citing(pain_case, UP, "Pharmaceuticals", imr=["odg"], claims_administrator=["odg"])
    item_citing(
        pain_case, UP, "Injection", imr=["mtus-chronic-pain", "odg"], claims_administrator=["odg"]
    )
    ortho_case = numbered_case(ortho, dt.date(2016, 1, 1), dt.date(2016, 1, 31))  # 30 days
    item_citing(ortho_case, OVER, "Surgery", imr=["mtus-acoem"], claims_administrator=[])
    item_citing(ortho_case, UP, "", imr=[], claims_administrator=[])
    no_reviewer = numbered_case(None, dt.date(2016, 2, 1), dt.date(2016, 3, 2))  # 30 days, March
    item_citing(no_reviewer, OVER, "Surgery", imr=["mtus-acoem"], claims_administrator=["odg"])


def case_with_one_cited_item(
    case_number="CM16-0213037", warnings=(), decision_date=dt.date(2016, 12, 9)
):
    """A case with one upheld item citing MTUS Chronic Pain page 60 and ODG Low Back."""
    letter = case(
        case_number,
        decided=decision_date,
        patient_age=58,
        patient_sex="male",
        diagnoses=["myofascial pain"],
        clinical_summary="The injured worker is a 58 year old male.",
        layout="test-layout",
        parser_warnings=list(warnings),
        source_path=f"letters/{case_number}.pdf",
        source_sha256="0" * 64,
    )
    only_item = item(letter, "Self trigger point therapy", "upheld")
    cite(only_item, "odg", "claims_administrator", text="ODG Low Back")
    cite(only_item, "mtus-chronic-pain", "imr", [60], ["Massage therapy"], text="MTUS Page(s): 60")
    return letter


def ingest_fixture_letters():
    """The ARCHIVE_LETTERS ingested as `make run` does: 8 cases, 16 items, 5 overturned."""
    from decisions.ingest.run import ingest_letters  # once Django is set up

    summary = ingest_letters([str(FIXTURE_LETTERS / name) for name in ARCHIVE_LETTERS])
    assert (summary.created, summary.failed) == (len(ARCHIVE_LETTERS), 0)
    return summary


# PDFs made with PDFium, for the PDF reading tests.

LINES_PER_PAGE = 50


def build_pdf(lines: list[tuple[str, bool]]) -> bytes:
    """A PDF of the (text, bold) lines, 50 to a page."""
    document = pdfium.PdfDocument.new()
    for first in range(0, len(lines), LINES_PER_PAGE):
        page = document.new_page(612, 792)
        for row, (text, bold) in enumerate(lines[first : first + LINES_PER_PAGE]):
            _add_text(document, page, text, bold, y=750 - 14 * row)
        pdfium_raw.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_text(document, page, text: str, bold: bool, y: float) -> None:
    font = b"Helvetica-Bold" if bold else b"Helvetica"
    text_object = pdfium_raw.FPDFPageObj_NewTextObj(document.raw, font, 10.0)
    encoded = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_raw.FPDFText_SetText(
        text_object, ctypes.cast(encoded, ctypes.POINTER(pdfium_raw.FPDF_WCHAR))
    )
    pdfium_raw.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, 50, y)
    pdfium_raw.FPDFPage_InsertObject(page.raw, text_object)


# A throwaway PostgreSQL cluster, for tests that stop and start the server (never the
# machine's own). initdb refuses to run as root: as root, the cluster runs as `postgres`.


def postgres_bin() -> Path | None:
    """Where initdb and pg_ctl are (Debian keeps them out of the PATH), or None."""
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / "initdb").exists():
            return directory
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class ThrowawayPostgres:
    def __init__(self):
        self.bin = postgres_bin()
        self.directory = Path(tempfile.mkdtemp(prefix="imr-throwaway-pg-"))
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        as_root = os.geteuid() == 0
        self._prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        if as_root:
            shutil.chown(self.directory, "postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")

    @property
    def data(self) -> str:
        return str(self.directory / "data")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self._prefix, str(self.bin / program), *args], check=True, capture_output=True
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server; "immediate" is as abrupt as a crash."""
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


# A local fake of the state's IMR decision search (served by pytest-httpserver), shaped as
# docs/fetching.md describes it: the form, result pages of 25 rows by case and by treatment,
# and the letters' PDFs. No test reaches the internet.

SEARCH_PATH = "/dwc/imr/IMRDecisionSearch.asp"
ROWS_PER_PAGE = 25


@dataclass
class FakeLetter:
    case_number: str
    decided: dt.date
    outcome: str = "Uphold"
    specialty: str = "Pain Management"
    injured: dt.date = dt.date(2014, 3, 2)
    received: dt.date = dt.date(2016, 9, 1)
    treatments: list = field(
        default_factory=lambda: [("DMEPOS", "Electrical Stimulation", "Uphold")]
    )
    pdf: bytes = b"%PDF-1.4 fake letter\n%%EOF\n"

    @property
    def path(self) -> str:
        return f"/dwc/imr/decisions/{self.case_number}.pdf"


def _date(day) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def _cell(text) -> str:
    return f"<td>{html.escape(str(text))}</td>"


class FakeSearch:
    """The search and the letters; `unavailable` answers 503 that many times first,
    `broken_halfway` letters stop after half their bytes, `missing_table` drops the table."""

    def __init__(self, server):
        self.server = server
        self.letters: list[FakeLetter] = []
        self.unavailable = 0
        self.broken_halfway: set[str] = set()
        self.missing_table = False
        self.searches: list[dict] = []
        self.downloads: list[str] = []
        self.user_agents: set[str] = set()
        server.expect_request(SEARCH_PATH, method="GET").respond_with_handler(self.form)
        server.expect_request(SEARCH_PATH, method="POST").respond_with_handler(self.results)
        server.expect_request(
            re.compile(r"^/dwc/imr/decisions/.+\.pdf$"), method="GET"
        ).respond_with_handler(self.pdf)

    @property
    def url(self) -> str:
        return self.server.url_for(SEARCH_PATH)

    def form(self, request):
        self.user_agents.add(request.headers.get("User-Agent", ""))
        response = Response("<html><form name='IMRSearch'></form></html>", mimetype="text/html")
        response.set_cookie("ASPSESSIONID", "fake")
        return response

    def results(self, request):
        self.user_agents.add(request.headers.get("User-Agent", ""))
        if self.unavailable:
            self.unavailable -= 1
            return Response("busy", status=503)
        fields = request.form.to_dict()
        self.searches.append(fields)
        if self.missing_table:
            return Response("<html><title>Maintenance</title><p>Back soon</p></html>")
        after = dt.datetime.strptime(fields["DecStart"], "%m/%d/%Y").date()
        before = fields["DecEnd"] and dt.datetime.strptime(fields["DecEnd"], "%m/%d/%Y").date()
        letters = [
            letter
            for letter in sorted(self.letters, key=lambda letter: letter.case_number)
            if letter.decided >= after and (not before or letter.decided <= before)
        ]
        if not letters:
            return Response("<html><p>No records found.</p></html>", mimetype="text/html")
        rows = (
            self.case_rows(letters) if fields["Fname"] == "Case" else self.treatment_rows(letters)
        )
        page = int(fields.get("newpageno") or 1)
        shown = rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]
        header = "<tr>" + "<th>x</th>" * (6 if fields["Fname"] == "Case" else 8) + "</tr>"
        more = (
            "<form name='Nextpage' method='post'></form>"
            if page * ROWS_PER_PAGE < len(rows)
            else ""
        )
        body = (
            f"<html><body><table class='tabborder'>{header}{''.join(shown)}</table>"
            f"<p>Results: <strong>{len(rows)}</strong></p>{more}</body></html>"
        )
        return Response(body, mimetype="text/html")

    def _link(self, letter) -> str:
        plus = "<strong>+</strong>" if len(letter.treatments) > 1 else ""
        return f"<td><a href='{letter.path}'>{letter.case_number}</a>{plus}</td>"

    def case_rows(self, letters) -> list[str]:
        return [
            "<tr>"
            + self._link(letter)
            + "".join(
                _cell(v)
                for v in (
                    letter.outcome,
                    _date(letter.decided),
                    _date(letter.injured),
                    _date(letter.received),
                    letter.specialty,
                )
            )
            + "</tr>"
            for letter in letters
        ]

    def treatment_rows(self, letters) -> list[str]:
        rows = []
        for letter in letters:
            for number, treatment in enumerate(letter.treatments):
                if number == 0:
                    cells = self._link(letter) + "".join(
                        _cell(v)
                        for v in (
                            _date(letter.decided),
                            _date(letter.injured),
                            _date(letter.received),
                            letter.specialty,
                        )
                    )
                else:
                    cells = "<td colspan='5'>&nbsp;</td>"
                rows.append("<tr>" + cells + "".join(_cell(v) for v in treatment) + "</tr>")
        return rows

    def pdf(self, request):
        number = request.path.rsplit("/", 1)[-1].removesuffix(".pdf")
        self.downloads.append(number)
        letter = next(letter for letter in self.letters if letter.case_number == number)
        if number in self.broken_halfway:
            half = letter.pdf[: len(letter.pdf) // 2]
            response = Response(half, mimetype="application/pdf")
            response.headers["Content-Length"] = str(len(letter.pdf))
            return response
        return Response(letter.pdf, mimetype="application/pdf")
