"""setup_roles creates the editor and analyst groups; the admin enforces them."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from decisions.admin.roles import ANALYST, EDITOR, setup_roles
from decisions.models import Reviewer
from tests.actions import change_url, post_change
from tests.builders import case_with_one_cited_item as make_case


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_setup_roles_is_idempotent(db, capsys):
    call_command("setup_roles")
    first = capsys.readouterr().out
    editor_before = codenames(EDITOR)
    Group.objects.get(name=ANALYST).permissions.clear()  # a group someone changed by hand

    call_command("setup_roles")

    assert capsys.readouterr().out == first
    assert first.startswith("editor: ")
    assert Group.objects.filter(name__in=[EDITOR, ANALYST]).count() == 2
    assert codenames(EDITOR) == editor_before
    assert "view_case" in codenames(ANALYST)


def test_editor_changes_letters_and_views_the_rest(db):
    setup_roles()
    editor = codenames(EDITOR)

    for model in ["case", "disputeditem", "guidelinecitation"]:
        assert {f"view_{model}", f"change_{model}"} <= editor
        assert f"delete_{model}" not in editor
        assert f"add_{model}" not in editor
    for model in ["citationpage", "citationsection"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= editor
    for model in ["reviewer", "specialty", "guideline", "ingestrun", "ingestproblem"]:
        assert f"view_{model}" in editor
        assert f"change_{model}" not in editor
    assert "view_caseneedingreview" in editor


def test_analyst_only_views(db):
    setup_roles()
    analyst = codenames(ANALYST)

    assert {"view_case", "view_disputeditem", "view_ingestproblem"} <= analyst
    assert all(codename.startswith("view_") for codename in analyst)


def test_analyst_sees_the_change_page_but_gets_403_on_a_change(analyst_client):
    case = make_case()

    assert analyst_client.get("/admin/decisions/case/").status_code == 200
    assert analyst_client.get(change_url(case)).status_code == 200
    response = analyst_client.post(change_url(case), {"patient_age": "59"})

    assert response.status_code == 403
    case.refresh_from_db()
    assert (case.patient_age, case.corrected_fields) == (58, [])


def test_analyst_cannot_forget_corrections(analyst_client):
    case = make_case()
    case.corrected_fields = ["patient_age"]
    case.save()

    analyst_client.post(
        "/admin/decisions/case/",
        {"action": "forget_corrections_action", "_selected_action": [case.pk]},
    )

    case.refresh_from_db()
    assert case.corrected_fields == ["patient_age"]


def test_editor_cannot_delete_cases_or_change_reviewers(editor_client):
    case = make_case()
    reviewer = Reviewer.objects.create(profile_key="a" * 64, title="expert reviewer")

    delete = editor_client.post(change_url(case).replace("/change/", "/delete/"), {"post": "yes"})
    change = editor_client.post(change_url(reviewer), {"title": "physician reviewer"})

    assert (delete.status_code, change.status_code) == (403, 403)
    assert post_change(editor_client, case, patient_age="60").status_code == 302


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    case = make_case()

    for url in ["/admin/", "/admin/decisions/case/", change_url(case)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_staff_without_a_group_sees_no_decisions(client, db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("nobody", is_staff=True)
    client.force_login(user)

    assert client.get("/admin/decisions/case/").status_code == 403


def test_editor_can_pick_another_reviewer_profile(editor_client):
    make_case()
    Reviewer.objects.create(profile_key="c" * 64, title="physician reviewer")

    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "decisions", "model_name": "case", "field_name": "reviewer", "term": "phys"},
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [
        "physician reviewer: no specialty"
    ]
