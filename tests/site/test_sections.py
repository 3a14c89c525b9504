"""Section names are matched and grouped whatever their capitals.

Letters print one section in several spellings ("Physical therapy", "Physical Therapy",
"physical therapy"); the filter finds them all, and the facet and the /guidelines/ table
count them as one, under the spelling printed most often.
"""

import re

import pytest
from django.db import connection

from decisions.models import DisputedItem
from tests import builders
from tests.actions import facet, get_json


@pytest.fixture
def spellings(db):
    """Five items citing MTUS Chronic Pain's physical therapy section, in three spellings
    ("Physical therapy" three times, once on the claims administrator's side), and one
    citing ODG's "Chiropractic Guidelines"."""
    case = builders.case("CM16-0000001", decided="2016-06-01", by=builders.reviewer())
    cited = [
        ("Physical therapy", "overturned", "imr"),
        ("Physical therapy", "upheld", "imr"),
        ("Physical therapy", "upheld", "claims_administrator"),
        ("Physical Therapy", "upheld", "imr"),
        ("physical therapy", "upheld", "imr"),
    ]
    for name, outcome, cited_by in cited:
        item = builders.item(case, "Physical therapy x8", outcome)
        builders.cite(item, "mtus-chronic-pain", cited_by, sections=(name,))
    item = builders.item(case, "Chiropractic manipulation x6", "upheld")
    builders.cite(item, "odg", "imr", sections=("Chiropractic Guidelines",))


def test_section_filter_ignores_capitals(client, spellings):
    assert get_json(client, "section=PHYSICAL+THERAPY")["count"] == 5
    assert get_json(client, "section=physical+therapy&cited_by=imr")["count"] == 4
    assert get_json(client, "section=chiropractic+guidelines")["count"] == 1


def test_section_facet_groups_spellings_under_the_most_printed_one(client, spellings):
    data = get_json(client, "guideline=mtus-chronic-pain")
    assert facet(data, "section") == {"Physical therapy": 5}
    # Under another side's filter, the counted citations change, the spelling does not.
    data = get_json(client, "cited_by=imr")
    assert facet(data, "section") == {"Physical therapy": 4, "Chiropractic Guidelines": 1}


def test_selected_section_in_other_capitals_is_the_facet_value(client, spellings):
    html = client.get("/items/?section=physical+THERAPY").content.decode()
    panel = html.split('data-facet="section"', 1)[1].split("</section>", 1)[0]
    # The facet's own entry is the selected one (not a second, uncounted entry), and its
    # link removes the selection; the other section is offered as an alternative.
    assert re.findall(r"<li[^>]*>", panel) == ['<li class="selected">', "<li>"]
    assert panel.lower().count("physical therapy") == 1
    assert 'href="?">Physical therapy</a>' in panel
    assert 'href="?section=physical+THERAPY&amp;section=Chiropractic+Guidelines"' in panel


def test_guidelines_page_counts_a_section_once_whatever_its_capitals(client, spellings):
    html = client.get("/guidelines/").content.decode()
    sections = html.split("Cited sections", 1)[1]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in sections.split("<tr>")]
    assert "MTUS Chronic Pain Physical therapy 5 1 20.0%" in rows
    assert not any("Physical Therapy" in row or "physical therapy" in row for row in rows)


def test_section_lookup_can_use_the_lower_name_index(spellings):
    items = DisputedItem.objects.citing(sections__name__lower__in=["physical therapy"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # six rows: a sequential scan would win
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert "citation_section_lower_idx" in items.explain()
