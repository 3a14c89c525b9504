"""Read replicas (DATABASE_REPLICA_URLS): the public pages read from them, the rest of the
project (admin, ingest) reads and writes the primary."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from decisions.models import Case
from decisions.site.replicas import ReplicaReadsMiddleware, ReplicaRouter
from tests.builders import ingest_fixture_letters
from tests.paths import FIXTURE_LETTERS, ROOT

TWO_REPLICAS = {"default": {}, "replica_1": {}, "replica_2": {}}


def _read_during(method: str, path: str) -> str:
    """The alias a read of a Case goes to while the middleware handles this request."""
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Case))
        return HttpResponse()

    request = getattr(RequestFactory(), method.lower())(path)
    ReplicaReadsMiddleware(view)(request)
    return seen[0]


@override_settings(DATABASES=TWO_REPLICAS)
def test_public_reads_go_to_a_replica_and_everything_else_to_the_primary():
    assert _read_during("GET", "/items/") in {"replica_1", "replica_2"}
    assert _read_during("HEAD", "/cases/CM17-0099103/") in {"replica_1", "replica_2"}
    assert _read_during("GET", "/admin/decisions/case/") == "default"
    assert _read_during("POST", "/items/") == "default"
    router = ReplicaRouter()
    assert router.db_for_read(Case) == "default"  # a command, outside any request
    assert router.db_for_write(Case) == "default"
    assert router.allow_migrate("default", "decisions")
    assert not router.allow_migrate("replica_1", "decisions")


@override_settings(DATABASES={"default": {}})
def test_without_replicas_every_read_uses_the_primary():
    assert _read_during("GET", "/items/") == "default"


# A second process with a replica alias pointing at the test database: the query counts
# show which alias the item page and the ingest used.
COUNT_QUERIES = """
import json, django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
used = {}
def count(alias):
    def wrapper(execute, sql, params, many, context):
        used[alias] = used.get(alias, 0) + 1
        return execute(sql, params, many, context)
    return wrapper
for alias in connections:
    connections[alias].execute_wrappers.append(count(alias))
page = Client().get("/items/?outcome=overturned")
reads = dict(used); used.clear()
call_command("ingest_letters", "--dry-run", LETTERS)
print(json.dumps({"status": page.status_code, "page": reads, "ingest": used,
                  "found": page.content.count(b"CM17-0099103")}))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="replicas are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_replica_alias_serves_the_pages_and_not_the_ingest():
    ingest_fixture_letters()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_REPLICA_URLS": url}
    env |= {"DJANGO_SETTINGS_MODULE": "imrsite.settings", "ALLOWED_HOSTS": "testserver"}
    script = COUNT_QUERIES.replace("LETTERS", repr(str(FIXTURE_LETTERS)))
    process = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert process.returncode == 0, process.stderr
    used = json.loads(process.stdout.strip().splitlines()[-1])
    assert used["status"] == 200 and used["found"] > 0
    assert used["page"].get("replica_1", 0) > 0 and "default" not in used["page"]
    assert used["ingest"].get("default", 0) > 0 and "replica_1" not in used["ingest"]
