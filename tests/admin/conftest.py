"""Admin test helpers: staff users in the groups of setup_roles, a small archive, and the POST
data of a rendered admin change form (fields and inline management forms)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from decisions.admin.roles import ANALYST, EDITOR, setup_roles
from tests import builders


def staff_user(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    setup_roles()
    return staff_user("edith", EDITOR)


@pytest.fixture
def analyst(db):
    setup_roles()
    return staff_user("andy", ANALYST)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def make_case(case_number="CM16-0213037", warnings=(), decision_date=dt.date(2016, 12, 9)):
    """A case with one upheld item citing MTUS Chronic Pain page 60 and ODG Low Back."""
    case = builders.case(
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
    item = builders.item(case, "Self trigger point therapy", "upheld")
    builders.cite(item, "odg", "claims_administrator", text="ODG Low Back")
    builders.cite(
        item, "mtus-chronic-pain", "imr", [60], ["Massage therapy"], text="MTUS Page(s): 60"
    )
    return case


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
