"""Every admin page of the app renders for a superuser, and the lists do not query per row."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions.models import (
    DisputedItem,
    IngestProblem,
    IngestRun,
    SavedSearch,
    SentAlert,
    StateIndexCase,
    StateIndexTreatment,
)
from tests.builders import case_with_one_cited_item as make_case
from tests.paths import FIXTURE_LETTERS

LISTS = [
    "case",
    "disputeditem",
    "guidelinecitation",
    "caseneedingreview",
    "ingestproblem",
    "savedsearch",
    "sentalert",
]


@pytest.fixture
def archive(db):
    """The five fixture letters, ingested, plus a case with a warning and a conflict, and a
    saved search whose digest sent one item, and a letter of the state's index."""
    call_command("ingest_letters", str(FIXTURE_LETTERS), stdout=io.StringIO())
    warned = make_case(warnings=["no outcome for item 1"])
    IngestProblem.objects.create(
        run=IngestRun.objects.get(), kind="conflict", path="x", case=warned, reason="differs"
    )
    now = timezone.now()
    owner = User.objects.create_user("ana", "ana@example.org")
    saved = SavedSearch.objects.create(
        owner=owner, name="Won", query="outcome=overturned", digest="daily", covered_until=now
    )
    SentAlert.objects.create(saved_search=saved, item=DisputedItem.objects.first(), sent_at=now)
    listed = StateIndexCase.objects.create(case_number=warned.case_number or "CM16-0000001")
    StateIndexTreatment.objects.create(index_case=listed, position=1, category="DMEPOS")


def decisions_admins():
    return [model for model in admin.site._registry if model._meta.app_label == "decisions"]


def test_every_model_has_an_admin_page_or_inline():
    shown = {model._meta.model_name for model in decisions_admins()}
    for model_admin in admin.site._registry.values():
        shown |= {inline.model._meta.model_name for inline in model_admin.inlines}
    # Unmanaged models are no tables of the archive (MatchedItem: a request's temporary
    # table of the items a filter matches): nothing to correct.
    models = [m for m in apps.get_app_config("decisions").get_models() if m._meta.managed]
    names = {model._meta.model_name for model in models}
    names -= {name for name in names if name.startswith("historical")}
    # Derived rows, nothing to correct: PostgreSQL's copy of an item's text; the export's
    # cells and the cited keys written out (an edit of the citations or the reviewer
    # rewrites them); the token every write replaces.
    names -= {"itemsearchdocument", "itemexporttext", "itemcitedkeys", "archiveedition"}
    assert names <= shown
    assert {"reviewerspecialty", "reviewerlicense"} <= shown


def test_every_list_change_and_history_page_renders(admin_client, archive):
    for model in decisions_admins():
        opts = model._meta
        changelist = reverse(f"admin:decisions_{opts.model_name}_changelist")
        response = admin_client.get(changelist)
        assert response.status_code == 200, changelist
        obj = next(iter(response.context["cl"].result_list), None)
        assert obj is not None, opts.model_name
        change = reverse(f"admin:decisions_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200, change
        history = reverse(f"admin:decisions_{opts.model_name}_history", args=[obj.pk])
        assert admin_client.get(history).status_code == 200, history


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model_name", LISTS)
def test_lists_do_not_query_per_row(admin_client, archive, model_name):
    url = reverse(f"admin:decisions_{model_name}_changelist")
    before = count_queries(admin_client, url)
    for number in range(2, 6):
        case = make_case(f"CM16-000000{number}", warnings=["a warning"])
        IngestProblem.objects.create(
            run=IngestRun.objects.get(), kind="conflict", path="y", case=case, reason="differs"
        )
        saved = SavedSearch.objects.create(
            owner=User.objects.create_user(f"user{number}"), name="s", covered_until=timezone.now()
        )
        SentAlert.objects.create(saved_search=saved, item=case.items.get(), sent_at=timezone.now())

    assert count_queries(admin_client, url) == before
