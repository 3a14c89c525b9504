"""Saved searches: saving a filter, listing, renaming, re-scheduling, deleting; ownership;
the sign-in redirect; the password reset by email."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from decisions.models import SavedSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = User.objects.create_user("ana", "ana@example.org", "a long passphrase 7")
    client.force_login(user)
    return user


def save(client, query: str, name: str, digest: str = "none"):
    return client.post("/searches/", {"query": query, "name": name, "digest": digest})


def test_an_analyst_saves_the_filter_of_the_item_page_and_finds_it_listed(
    client, analyst, fixture_archive
):
    page = client.get("/items/?outcome=overturned&specialty=Pain+Management&page=1&sort=case")
    assert b'name="query" value="outcome=overturned&amp;specialty=Pain+Management"' in (
        page.content
    )
    response = save(client, "outcome=overturned&specialty=Pain+Management", "Pain, won", "daily")
    assert response.status_code == 302 and response["Location"] == "/searches/"
    saved = SavedSearch.objects.get()
    assert (saved.owner, saved.name, saved.digest) == (analyst, "Pain, won", "daily")
    assert saved.query == "outcome=overturned&specialty=Pain+Management"
    listing = client.get("/searches/").content.decode()
    assert "Pain, won" in listing
    assert "Items where outcome is overturned and specialty is Pain Management" in listing
    assert 'href="/items/?outcome=overturned&amp;specialty=Pain+Management"' in listing
    assert 'href="/items/feed/?outcome=overturned&amp;specialty=Pain+Management"' in listing


def test_sort_page_and_format_are_not_part_of_a_saved_filter(client, analyst):
    save(client, "?format=json&page=3&sort=case&year=2016", "2016")
    assert SavedSearch.objects.get().query == "year=2016"


def test_a_bad_filter_or_a_name_taken_is_a_form_error_and_nothing_is_saved(client, analyst):
    response = save(client, "outcome=sideways", "Odd")
    assert response.status_code == 400
    assert b"This filter has errors" in response.content
    assert save(client, "year=2016", "Mine").status_code == 302
    response = save(client, "year=2017", "Mine")
    assert response.status_code == 400
    assert b"You already have a saved search named" in response.content
    assert list(SavedSearch.objects.values_list("query", flat=True)) == ["year=2016"]


def test_rename_change_the_digest_and_delete(client, analyst):
    save(client, "year=2016", "First name")
    saved = SavedSearch.objects.get()
    response = client.post(f"/searches/{saved.pk}/", {"name": "Second name", "digest": "weekly"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.digest, saved.query) == ("Second name", "weekly", "year=2016")
    assert (
        client.post(f"/searches/{saved.pk}/", {"name": "", "digest": "hourly"}).status_code == 400
    )
    assert client.post(f"/searches/{saved.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_users_saved_searches_are_invisible_and_cannot_be_changed(client, analyst):
    other = User.objects.create_user("bo", "bo@example.org", "another passphrase 8")
    theirs = SavedSearch.objects.create(
        owner=other, name="Bo's search", query="year=2016", covered_until="2026-01-01T00:00Z"
    )
    assert b"Bo&#x27;s search" not in client.get("/searches/").content
    assert (
        client.post(f"/searches/{theirs.pk}/", {"name": "Taken", "digest": "daily"}).status_code
        == 404
    )
    assert client.post(f"/searches/{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.digest) == ("Bo's search", "none")
    # The same name is free for each user.
    assert save(client, "year=2017", "Bo's search").status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in_and_come_back(client, db):
    User.objects.create_user("ana", "ana@example.org", "a long passphrase 7")
    response = client.get("/searches/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/searches/"
    assert save(client, "year=2016", "Nope")["Location"].startswith("/accounts/login/")
    assert not SavedSearch.objects.exists()
    items = client.get("/items/?year=2016").content.decode()
    assert 'href="/accounts/login/?next=/items/%3Fyear%3D2016">Sign in to save this search' in items
    signed_in = client.post(
        "/accounts/login/",
        {"username": "ana", "password": "a long passphrase 7", "next": "/items/?year=2016"},
    )
    assert signed_in["Location"] == "/items/?year=2016"


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, db):
    User.objects.create_user("ana", "ana@example.org", "a long passphrase 7")
    response = client.post("/accounts/password_reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    (email,) = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", email.body).group(1)
    form_url = client.get(link)["Location"]  # the token moves into the session
    new_password = {
        "new_password1": "a fresh passphrase 9",
        "new_password2": "a fresh passphrase 9",
    }
    assert client.post(form_url, new_password).status_code == 302
    signed_in = client.post(
        "/accounts/login/", {"username": "ana", "password": "a fresh passphrase 9"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/searches/"
