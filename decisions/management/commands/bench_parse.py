"""Measure the parser: letters per second for text and PDF on one core, and peak memory."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from decisions.bench.parse import bench, peak_memory_mib
from decisions.ingest.memory import keep_freed_memory_for_pdfium
from decisions.parsing import parse_text
from decisions.parsing.pdf import extract_lines, extract_text

FIXTURE_LETTERS = Path(settings.BASE_DIR) / "fixtures" / "letters"


class Command(BaseCommand):
    help = (
        "Benchmark the letter parser on one core: text letters (fixtures/letters; the real "
        "letters' extracted text when REAL_LETTERS_DIR is present) and PDF letters "
        "(REAL_LETTERS_DIR when present, else fixture PDFs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=3.0, help="time per benchmark")

    def handle(self, *args, **options):
        keep_freed_memory_for_pdfium()  # as the ingest's parse processes do
        text_files = sorted(FIXTURE_LETTERS.glob("*.txt"))
        real = Path(settings.REAL_LETTERS_DIR)
        real_files = sorted(real.glob("*.pdf")) if real.is_dir() else []
        pdf_files, pdf_source = real_files, str(real)
        if not pdf_files:
            pdf_files, pdf_source = sorted(FIXTURE_LETTERS.glob("*.pdf")), str(FIXTURE_LETTERS)
        real_text = {  # the real letters as plain text, extracted before the clock starts
            "prepare": extract_text,
            "work": lambda text, path: parse_text(text, path=path),
        }
        runs = [
            ("text", text_files, str(FIXTURE_LETTERS), {}),
            ("text (real letters)", real_files, str(real), real_text),
            ("pdf", pdf_files, pdf_source, {}),
            # For comparison: PDFium's text with bold marks, without any parsing.
            ("pdf text extraction alone", pdf_files, pdf_source, {"work": extract_lines}),
        ]
        for kind, files, source, extra in runs:
            if not files:
                self.stdout.write(f"{kind}: no letters found in {source}; skipped")
                continue
            result = bench(kind, files, source, options["seconds"], **extra)
            self.stdout.write(
                f"{kind}: {result.per_second:,.0f} letters/s "
                f"(best pass {result.best_round_per_second:,.0f}/s; "
                f"{result.parses} parses of {result.letters} letters from {source} "
                f"in {result.seconds:.1f} s of CPU, {result.wall_seconds:.1f} s wall)"
            )
        self.stdout.write(f"peak memory: {peak_memory_mib():.0f} MiB")
