"""The fetch tests' fixture: the fake of the state's search (tests/builders.py FakeSearch)
on pytest-httpserver, with the fetch settings pointed at it."""

import pytest
from django.test import override_settings

from tests.builders import FakeSearch


@pytest.fixture
def fake_search(httpserver):
    fake = FakeSearch(httpserver)
    polite_but_quick = {"DWC_REQUEST_PAUSE": 0, "DWC_BACKOFF": 0, "DWC_TIMEOUT": 5}
    with override_settings(DWC_SEARCH_URL=fake.url, **polite_but_quick):
        yield fake
