"""Admin test helpers: staff users in the groups of setup_roles, a small archive, and the POST
data of a rendered admin change form (fields and inline management forms)."""

import pytest
from django.contrib.auth.models import Group, User

from decisions.admin.roles import ANALYST, EDITOR, setup_roles


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
