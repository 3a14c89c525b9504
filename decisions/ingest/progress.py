"""What `ingest_letters` prints while it runs: a progress bar on a terminal, else log lines.

Failures and conflicts are always printed (to stderr); `quiet` keeps only those.
"""

from tqdm import tqdm

from decisions.ingest.write import FAILED, UNKNOWN_LAYOUT


class Progress:
    def __init__(self, stdout, stderr, *, quiet: bool):
        self.stdout = stdout
        self.stderr = stderr
        self.quiet = quiet
        # tqdm needs the raw stream: Django's wrapper would end each redraw with a newline.
        self.raw_stderr = getattr(stderr, "_out", stderr)
        on_terminal = getattr(self.raw_stderr, "isatty", lambda: False)()
        self.bar = None if quiet or not on_terminal else tqdm(unit=" letters", file=self.raw_stderr)

    def show(self, result) -> None:
        if result.outcome in (FAILED, UNKNOWN_LAYOUT):
            self._problem(
                f"{result.outcome.upper().replace('_', ' ')} {result.path}: {result.reason}"
            )
        for conflict in result.conflicts:
            self._problem(f"CONFLICT {result.path}: {conflict}")
        if self.bar is not None:
            self.bar.update()
        elif not self.quiet and result.outcome not in (FAILED, UNKNOWN_LAYOUT):
            number = f" {result.case_number}" if result.case_number else ""
            self.stdout.write(f"{result.outcome:<9} {result.path}{number}")

    def _problem(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.raw_stderr)
        else:
            self.stderr.write(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
