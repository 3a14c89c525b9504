"""The hand-built archive the figure and view tests share."""

import pytest

from tests.builders import build_stats_archive as build_archive


@pytest.fixture
def archive(db):
    build_archive()
