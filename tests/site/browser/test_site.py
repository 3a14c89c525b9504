"""The public site in chromium, on the ingested fixture letters.

The expected counts come from the ORM (letters may be added to fixtures/letters), each
check built from plain lookups rather than the site's own FilterSet.
"""

import csv
import re

import pytest

from decisions.models import Case, DisputedItem
from tests.actions import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("archive")]
REHAB = "Physical Medicine & Rehabilitation"


def count(**lookups) -> int:
    return DisputedItem.objects.filter(**lookups).distinct().count()


def shows_count(page, number: int) -> bool:
    """The item list's summary starts "N items" (or "1 item")."""
    return re.match(rf"{number} items?\b", summary(page)) is not None


def summary(page) -> str:
    return page.get_by_test_id("summary").inner_text()


def result_rows(page):
    return page.locator("section[aria-label=Results] tbody tr")


def facet_link(page, facet: str, label: str):
    return page.locator(f"[data-facet={facet}] a").filter(
        has_text=re.compile(f"^{re.escape(label)}$")
    )


def case_path(fixture_name: str) -> str:
    case = Case.objects.get(source_path__endswith=fixture_name)
    return f"/cases/id/{case.pk}/"


def test_filter_to_overturned_items_of_one_specialty(page, live_server):
    everything = DisputedItem.objects.count()
    overturned = count(outcome="overturned")
    rehab_overturned = count(outcome="overturned", case__reviewer__specialties__name=REHAB)
    assert everything > overturned > rehab_overturned > 0
    page.goto(f"{live_server.url}/items/")
    assert shows_count(page, everything)

    facet_link(page, "outcome", "overturned").click()
    page.wait_for_url(re.compile(r"outcome=overturned"))
    assert shows_count(page, overturned)
    facet_link(page, "specialty", REHAB).click()
    page.wait_for_url(re.compile(r"specialty="))
    assert shows_count(page, rehab_overturned)
    assert result_rows(page).count() == rehab_overturned
    # Letter 003: myofascial therapy, overturned by a PM&R reviewer.
    assert "Myofascial therapy" in page.locator("section[aria-label=Results]").inner_text()

    # The same filter on /stats/ gives the same count.
    page.goto(f"{live_server.url}/stats/?{page.url.split('?', 1)[1]}")
    assert page.get_by_test_id("stats-items").inner_text() == str(rehab_overturned)
    assert page.get_by_test_id("stats-rate").inner_text() == "100.0%"


def test_click_a_facet_then_remove_its_chip(page, live_server):
    internal = count(case__reviewer__specialties__name="Internal Medicine")
    page.goto(f"{live_server.url}/items/")
    facet_link(page, "specialty", "Internal Medicine").click()
    page.wait_for_url(re.compile(r"specialty=Internal"))
    assert shows_count(page, internal)
    chip = page.locator(".chip").filter(has_text="Internal Medicine")
    assert chip.count() == 1
    chip.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/items/\??$"))
    assert shows_count(page, DisputedItem.objects.count())


def test_follow_a_guideline_page_from_a_case_to_the_filtered_list(page, live_server):
    # One citation of the Chronic Pain guidelines naming page 60, on either side.
    page_60 = count(citations__guideline="mtus-chronic-pain", citations__pages__page=60)
    assert page_60 >= 5  # 000, 001, 003, 004 #1 and 002 #2 at least
    page.goto(live_server.url + case_path("000_605333787005f18a.txt"))
    page.locator(".citations a", has_text=re.compile(r"^60$")).first.click()
    page.wait_for_url(re.compile(r"guideline_page=60"))
    assert "guideline=mtus-chronic-pain" in page.url
    assert shows_count(page, page_60)
    assert result_rows(page).count() == page_60


def test_export_csv(page, live_server, tmp_path):
    upheld = count(outcome="upheld")
    page.goto(f"{live_server.url}/items/?outcome=upheld")
    assert shows_count(page, upheld)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^CSV")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["case_number", "case_url", "decision_date"]
    assert "outcome" in rows[0] and "imr_citations" in rows[0]
    assert len(rows) == 1 + upheld
    outcomes = {row[rows[0].index("outcome")] for row in rows[1:]}
    assert outcomes == {"upheld"}


@pytest.mark.parametrize(
    "name, path",
    [
        ("home", "/"),
        ("items", "/items/"),
        ("case", "case:003_6eb9a6bb9c51e456.txt"),
        ("guidelines", "/guidelines/"),
        ("stats", "/stats/"),
    ],
)
def test_screenshot_of_each_main_page(page, live_server, name, path):
    if path.startswith("case:"):
        path = case_path(path.removeprefix("case:"))
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert screenshot(page, name).stat().st_size > 10_000


def test_items_fit_a_phone_screen(phone_page, live_server):
    phone_page.goto(f"{live_server.url}/items/")
    widths = phone_page.evaluate(
        "({page: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    screenshot(phone_page, "items-phone")
    assert widths["page"] <= widths["screen"], "the page scrolls sideways on a phone"


def test_a_stats_row_opens_its_items(page, live_server):
    internal_upheld = count(outcome="upheld", case__reviewer__specialties__name="Internal Medicine")
    page.goto(f"{live_server.url}/stats/?outcome=upheld")
    row = page.locator("#by-specialty tbody tr").filter(has_text="Internal Medicine")
    assert row.locator("td").first.inner_text() == str(internal_upheld)
    row.get_by_role("link", name="Internal Medicine").click()
    page.wait_for_url(re.compile(r"/items/\?outcome=upheld&specialty=Internal"))
    assert shows_count(page, internal_upheld)


def test_results_column_keeps_to_a_phone_screen_whatever_it_holds(phone_page, live_server):
    # A grid column of `1fr` grows to its widest content (a long unbroken value, a wide
    # table); `minmax(0, 1fr)` keeps it to the screen and lets that content scroll.
    phone_page.goto(f"{live_server.url}/items/")
    width = phone_page.evaluate(
        """() => {
            const results = document.querySelector('.browser > [aria-label="Results"]');
            const wide = document.createElement("div");
            wide.style.minWidth = "2000px";
            results.append(wide);
            return results.getBoundingClientRect().width;
        }"""
    )
    assert width <= phone_page.evaluate("window.innerWidth")


def test_the_stats_charts_draw_under_the_content_security_policy(page, live_server):
    response = page.goto(f"{live_server.url}/stats/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.wait_for_function("Object.keys(Chart.instances).length > 0")
    charts = page.evaluate("Object.keys(Chart.instances).length")
    assert charts == page.locator("canvas").count() > 0
