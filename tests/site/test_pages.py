"""Home and guideline pages on the fixture archive (the letters: test_items.py's docstring)."""

import re

import pytest

from decisions.site.pages.guidelines import most_cited_pages
from tests.paths import ROOT


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
def test_home_headline_figures(client, fixture_archive):
    response = client.get("/")
    text = _text(response.content.decode())
    assert response.status_code == 200
    assert "8 cases (letters)" in text
    assert "16 disputed items" in text
    assert "31.2% overturned (5 of 16)" in text
    assert "Dec 2016 – Feb 2017" in text
    # The most cited page: MTUS Chronic Pain p. 60, 5 items, 1 overturned.
    assert "MTUS Chronic Pain p. 60 5 items, 20.0% overturned" in text
    # Citations without a page are no "page" of their guideline.
    assert "p. None" not in text


@pytest.mark.django_db
def test_most_cited_pages_are_ordered_and_cut_in_one_query(
    fixture_archive, django_assert_num_queries
):
    with django_assert_num_queries(1):
        top = most_cited_pages(3)
    # Page 60 (5 items, 1 overturned), then the one-item pages by guideline id and page.
    assert [(row["guideline_id"], row["page"], row["items"]) for row in top] == [
        ("mtus-chronic-pain", 60, 5),
        ("mtus-acoem", 300, 1),
        ("mtus-chronic-pain", 98, 1),
    ]
    assert top[0]["overturn_rate"] == 0.2


@pytest.mark.django_db
def test_home_of_an_empty_archive_has_no_rate(client):
    text = _text(client.get("/").content.decode())
    assert "– overturned (0 of 0)" in text
    assert "%" not in text


@pytest.mark.django_db
def test_guidelines_page_counts_items_per_page_and_section(client, fixture_archive):
    html = client.get("/guidelines/").content.decode()
    rows = {" ".join(_text(row).split()) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)}
    # Every sample item, 0299101 #1 and #3, both of 0099102, 0099103 #2; 3 overturned.
    assert "MTUS Chronic Pain 12 3 25.0%" in rows
    assert "MTUS Chronic Pain 60 5 1 20.0%" in rows
    assert "MTUS ACOEM 300 1 0 0.0%" in rows
    assert "ODG 4 1 25.0%" in rows  # 000, 001, 0299101 #1, 0099103 #3 (overturned)
    assert "MTUS ACOEM Special Studies 2 2 100.0%" in rows  # the two MRIs
    assert 'href="/items/?guideline=mtus-chronic-pain&amp;guideline_page=60"' in html


@pytest.mark.django_db
def test_guidelines_page_cited_by_and_sort(client, fixture_archive):
    html = client.get("/guidelines/?cited_by=imr&sort=rate").content.decode()
    text = _text(html)
    assert "ODG" not in text.split("Guidelines Guideline", 1)[1].split("Cited pages")[0]
    # Highest overturn rate first: the IMR's MTUS Chronic Pain p. 60 (1 of 4).
    pages = text.split("Cited pages")[1]
    assert pages.split("Overturn rate", 1)[1].strip().startswith("MTUS Chronic Pain 60 4 1 25.0%")
    assert (
        'href="/items/?guideline=mtus-chronic-pain&amp;cited_by=imr&amp;guideline_page=60"' in html
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("pages_made_afresh")
def test_case_page_queries_are_constant(client, fixture_archive, django_assert_num_queries):
    from decisions.models import Case

    case = Case.objects.get(source_path__endswith="004_093df6f7020966b8.txt")
    # case+reviewer, specialties, licences, items, citations, pages, sections
    with django_assert_num_queries(7):
        response = client.get(f"/cases/id/{case.pk}/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("pages_made_afresh")
def test_home_and_guidelines_queries_are_constant(
    client, fixture_archive, django_assert_num_queries
):
    # cases, summary, date range, most cited pages, specialties, years
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200
    # guidelines; pages and sections, each counted then paged; the sections' usual spellings
    with django_assert_num_queries(6):
        assert client.get("/guidelines/?sort=rate").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/items/", "/guidelines/", "/stats/", "/admin/login/"])
def test_every_page_carries_the_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_templates_hold_no_inline_script_or_style():
    """What the policy would refuse, caught before a browser does."""
    for template in (ROOT / "templates").rglob("*.html"):
        html = template.read_text()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all("src=" in tag for tag in scripts), template
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), template
