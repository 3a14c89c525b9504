"""What tests do through the project's front doors: run a management command as cron would,
read a streamed response, submit an admin change form."""

import io
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.paths import ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


@dataclass
class CommandResult:
    status: int
    stdout: str
    stderr: str

    @property
    def closing_line(self) -> str:
        return self.stdout.strip().splitlines()[-1]


def run_command(name: str, *args) -> CommandResult:
    """Run a management command as cron would see it: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command(name, *[str(arg) for arg in args], stdout=out, stderr=err)
    except SystemExit as exit:
        status = exit.code
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return CommandResult(status, out.getvalue(), err.getvalue())


def ingest(*args) -> CommandResult:
    return run_command("ingest_letters", *args)


def rewrite(path: Path, old: str, new: str, target: Path | None = None) -> Path:
    """Write `path`'s text with `old` replaced by `new` to `target` (default: in place)."""
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    target = target or path
    target.write_text(text.replace(old, new))
    return target


@contextmanager
def streamed(response):
    """The response's chunks; on leaving the block the rest is read, closing the response.

    Django's test client closes a streamed response when its content has been read to the
    end, and that closes the CSV rows' cursor (on PostgreSQL a named cursor) inside this
    test's transaction. A cursor left to the garbage collector is closed later, inside
    another test's transaction, where the CLOSE fails and aborts that test. A bare
    response.close() is no substitute: it sends request_finished, whose
    close_old_connections closes the database connection under the test's transaction.
    """
    chunks = response.streaming_content
    try:
        yield chunks
    finally:
        for _ in chunks:
            pass


def change_url(obj) -> str:
    return reverse(f"admin:decisions_{obj._meta.model_name}_change", args=[obj.pk])


def history_url(obj) -> str:
    return reverse(f"admin:decisions_{obj._meta.model_name}_history", args=[obj.pk])


def change_form_data(client, url: str) -> dict:
    """GET an admin change form and return what submitting it unchanged would POST."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = {}

    def add(form):
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if value is not None and value is not False:
                data[bound.html_name] = value
            if field.show_hidden_initial:  # the value the field was shown with
                initial = field.prepare_value(bound.initial)
                data[bound.html_initial_name] = "" if initial is None else initial

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def post_change(client, obj, **changes):
    """Submit obj's admin change form with the given {html field name: value} changes."""
    url = change_url(obj)
    data = change_form_data(client, url)
    data.update(changes)
    return client.post(url, data)


# The item browser's JSON.

ITEMS = "/items/"


def get_json(client, query="", status=200):
    response = client.get(f"{ITEMS}?{query}&format=json")
    assert response.status_code == status, response.content
    return response.json()


def facet(data, name) -> dict:
    return {entry["value"]: entry["count"] for entry in data["facets"][name]}


# The browser tests' pictures.


def screenshot(page, name: str) -> Path:
    """A full-page screenshot kept as a test artefact (test-artifacts/ is gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
