"""/stats/ in chromium: the charts draw from the page's figures, and follow the filter."""

import pytest

from tests.actions import screenshot
from tests.builders import build_stats_archive as build_archive

pytestmark = pytest.mark.browser


@pytest.fixture
def dated_archive(transactional_db):
    """The hand-built archive of tests/stats: it has dates, so every chart has data."""
    build_archive()


def test_every_chart_draws(page, live_server, dated_archive):
    page.goto(f"{live_server.url}/stats/")
    canvases = page.locator("canvas[data-figure]")
    assert canvases.count() == 7
    assert page.locator("canvas[data-drawn=true]").count() == 7
    assert page.get_by_test_id("stats-items").inner_text() == "6"
    assert page.get_by_test_id("stats-rate").inner_text() == "50.0%"
    # Chart.js registered one chart per canvas, sized by the layout (not 0x0).
    sizes = page.evaluate(
        "[...document.querySelectorAll('canvas[data-figure]')]"
        ".map(c => [Chart.getChart(c) !== undefined, c.clientWidth > 0, c.clientHeight > 0])"
    )
    assert sizes == [[True, True, True]] * 7
    screenshot(page, "stats-dated-archive")


def test_the_figures_follow_the_filter(page, live_server, dated_archive):
    page.goto(f"{live_server.url}/stats/?specialty=Orthopedic+Surgery")
    assert page.get_by_test_id("stats-items").inner_text() == "2"
    assert page.get_by_test_id("stats-overturned").inner_text() == "1"
    labels = page.evaluate(
        "Chart.getChart(document.querySelector('[data-figure=by_specialty]')).data.labels"
    )
    assert labels == [["Orthopedic Surgery (2)"]]  # one label, on one line, with its count


def test_json_link_gives_the_same_figures(page, live_server, dated_archive):
    page.goto(f"{live_server.url}/stats/?outcome=overturned")
    with page.expect_navigation():
        page.get_by_role("link", name="These figures as JSON").click()
    body = page.evaluate("JSON.parse(document.body.innerText)")
    assert body["query"] == "outcome=overturned"
    assert body["summary"]["items"] == 3


def test_a_bad_parameter_shows_form_errors(page, live_server, dated_archive):
    response = page.goto(f"{live_server.url}/stats/?decided_after=someday")
    assert response.status == 400
    assert "decided_after" in page.locator(".form-errors").inner_text()
    assert page.locator("canvas").count() == 0


def test_stats_fit_a_phone_screen(phone_page, live_server, dated_archive):
    phone_page.goto(f"{live_server.url}/stats/")
    assert phone_page.locator("canvas[data-drawn=true]").count() == 7
    overflow = phone_page.evaluate(
        "[document.documentElement.scrollWidth - window.innerWidth,"
        " ...[...document.querySelectorAll('.stats-table')]"
        ".map(t => t.parentElement.scrollWidth - t.parentElement.clientWidth)]"
    )
    screenshot(phone_page, "stats-phone")
    assert overflow == [0] * 8, "the page or a table scrolls sideways on a phone"


def test_every_bar_keeps_its_label(page, live_server, dated_archive):
    page.goto(f"{live_server.url}/stats/")
    # Chart.js drops tick labels it finds crowded; the agreement chart's three must stay.
    shown = page.evaluate(
        "Chart.getChart(document.querySelector('[data-figure=guideline_agreement]'))"
        ".scales.y.ticks.length"
    )
    assert shown == 3
