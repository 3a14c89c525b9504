import pytest

from decisions.ingest_run import ingest_letters
from tests.conftest import FIXTURE_LETTERS


@pytest.fixture
def fixture_archive(db):
    """The five sample letters of fixtures/letters, ingested as `make run` does."""
    summary = ingest_letters([str(FIXTURE_LETTERS)])
    assert summary.failed == 0
    return summary
