"""Failed admin logins are throttled per user name and address (django-axes)."""

import pytest
from django.contrib.auth.models import User

LOGIN = "/admin/login/?next=/admin/"


def log_in(client, username, password, address="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def staff(db):
    User.objects.create_user("edith", password="the-right-password-42", is_staff=True)
    User.objects.create_user("andy", password="andys-right-password-42", is_staff=True)


def test_after_five_failures_the_pair_is_refused_even_with_the_right_password(
    client, staff, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert log_in(client, "edith", "wrong").status_code == 200  # the form again
    assert log_in(client, "edith", "wrong").status_code == 429
    refused = log_in(client, "edith", "the-right-password-42")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another address for the same user, and another user from the same address, go on.
    assert log_in(client, "edith", "the-right-password-42", "198.51.100.7").status_code == 302
    client.logout()
    assert log_in(client, "andy", "andys-right-password-42").status_code == 302


def test_a_success_before_the_limit_clears_the_count(client, staff):
    for _ in range(4):
        log_in(client, "edith", "wrong")
    assert log_in(client, "edith", "the-right-password-42").status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "edith", "wrong").status_code == 200
