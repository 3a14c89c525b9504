"""The hand-built archive the figure and view tests share."""

import pytest

from tests.stats.builders import build_archive


@pytest.fixture
def archive(db):
    build_archive()
