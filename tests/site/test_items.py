"""The item browser on the fixture archive: figures counted by reading fixtures/letters.

What the eight letters say (file: items, outcome, citations). The five samples, undated:
  000: 1 item, upheld.  Reviewer PM&R, California + Hawaii.  IMR: MTUS Chronic Pain p. 60.
  001: 1 item, upheld.  Internal Medicine, Pulmonary Disease, Critical Care Medicine;
       California, New York, Florida.  IMR: MTUS Chronic Pain p. 60; claims admin: ODG.
  002: 2 items, upheld.  Internal Medicine; New York.  #1 both sides MTUS Chronic Pain
       p. 122; #2 claims admin MTUS Chronic Pain p. 60, IMR MTUS ACOEM (ch. 12) p. 300.
  003: 1 item, OVERTURNED.  PM&R; California.  IMR MTUS Chronic Pain p. 60; claims admin
       MTUS ACOEM ch. 8 and MTUS Chronic Pain.
  004: 2 items, upheld.  Anesthesiology and Pain Medicine; California.  #1 both sides
       MTUS Acupuncture and MTUS Chronic Pain p. 60; #2 both sides MTUS Chronic Pain p. 98-99.
The three invented 2016-17 letters, which cite sections and no pages:
  CM16-0299101, decided 2016-12-12: Orthopaedic Surgery; California, Oregon; 47, male.
       #1 physical therapy (partial), upheld: MTUS Chronic Pain both sides, ODG (claims);
       #2 MRI lumbar spine, OVERTURNED: MTUS Low Back Complaints (ACOEM) both sides;
       #3 Tramadol, upheld: MTUS Chronic Pain (IMR only).
  CM17-0099102, decided 2017-02-17: Anesthesiology and Pain Medicine; California; 62,
       female.  #1 cervical ESI and #2 Gabapentin (partial), both OVERTURNED, both MTUS
       Chronic Pain both sides.
  CM17-0099103, decided 2017-02-10: Chiropractor; California, Nevada; 35, female.
       #1 acupuncture, upheld: MTUS Acupuncture; #2 chiropractic manipulation, upheld:
       MTUS Chronic Pain; #3 MRI of the knee, OVERTURNED: ODG (claims), MTUS Knee
       Complaints (IMR); #4 knee brace, upheld: MTUS Knee Complaints.
So 16 items, 5 overturned.
"""

import csv
import io

import pytest

from tests.actions import facet, get_json, streamed

ITEMS = "/items/"


@pytest.mark.django_db
def test_whole_archive_summary(client, fixture_archive):
    data = get_json(client)
    assert (data["count"], data["upheld"], data["overturned"]) == (16, 11, 5)
    assert data["overturn_rate"] == 0.3125  # a fraction, as /stats/ gives it
    assert data["next"] is None


@pytest.mark.django_db
def test_overturn_rate_is_null_when_nothing_matches(client, fixture_archive):
    data = get_json(client, "case_number=CM15-0000043")
    assert (data["count"], data["overturn_rate"]) == (0, None)


@pytest.mark.django_db
def test_mtus_chronic_pain_page_60(client, fixture_archive):
    data = get_json(client, "guideline=mtus-chronic-pain&guideline_page=60")
    # 000, 001, 002 #2 (claims administrator), 003 (overturned), 004 #1.
    assert (data["count"], data["upheld"], data["overturned"]) == (5, 4, 1)
    assert data["overturn_rate"] == 0.2
    # Who overturned it: the PM&R reviewer of 003.
    overturned = get_json(
        client, "guideline=mtus-chronic-pain&guideline_page=60&outcome=overturned"
    )
    assert facet(overturned, "specialty") == {"Physical Medicine & Rehabilitation": 1}


@pytest.mark.django_db
def test_cited_by_imr_narrows_to_the_reviewers_citations(client, fixture_archive):
    data = get_json(client, "guideline=mtus-chronic-pain&guideline_page=60&cited_by=imr")
    assert data["count"] == 4  # 002 #2's reviewer cited MTUS ACOEM p. 300 instead


@pytest.mark.django_db
def test_page_is_a_page_of_the_selected_guideline(client, fixture_archive):
    assert get_json(client, "guideline=mtus-chronic-pain&guideline_page=300")["count"] == 0
    assert get_json(client, "guideline=mtus-acoem&guideline_page=300")["count"] == 1
    data = get_json(client, "guideline=mtus-chronic-pain")
    assert facet(data, "guideline_page") == {60: 5, 122: 1, 98: 1, 99: 1}


@pytest.mark.django_db
def test_repeated_parameter_means_any_of(client, fixture_archive):
    data = get_json(client, "specialty=Anesthesiology&specialty=Pulmonary+Disease")
    assert data["count"] == 5  # 004's two items, 001's one, CM17-0099102's two
    data = get_json(client, "state=Hawaii&state=Florida")
    assert data["count"] == 2  # 000 and 001


@pytest.mark.django_db
def test_facets_count_without_their_own_selection(client, fixture_archive):
    data = get_json(client, "specialty=Internal+Medicine")
    assert data["count"] == 3  # 001 and 002's two items
    assert facet(data, "specialty") == {
        "Internal Medicine": 3,
        "Anesthesiology": 4,
        "Pain Management": 4,
        "Chiropractic": 4,
        "Orthopedic Surgery": 3,
        "Physical Medicine & Rehabilitation": 2,
        "Pulmonary Disease": 1,
        "Critical Care Medicine": 1,
    }
    # Other facets count under the specialty filter.
    assert facet(data, "outcome") == {"upheld": 3}
    assert facet(data, "state") == {"New York": 3, "California": 1, "Florida": 1}
    assert facet(data, "guideline") == {"mtus-chronic-pain": 3, "mtus-acoem": 1, "odg": 1}


@pytest.mark.django_db
def test_outcome_facet_and_filter(client, fixture_archive):
    data = get_json(client, "outcome=overturned")
    assert data["count"] == 5
    assert facet(data, "outcome") == {"upheld": 11, "overturned": 5}
    assert facet(data, "state") == {"California": 5, "Oregon": 1, "Nevada": 1}
    assert facet(data, "year") == {2017: 3, 2016: 1}  # 003 has no date


@pytest.mark.django_db
def test_patient_filters(client, fixture_archive):
    # Ages 58, 71, 36, 35, 67 (000-004), 47, 62, 35 (invented); women: 002, 003, 0099102/3.
    assert get_json(client, "sex=female")["count"] == 9
    assert get_json(client, "age_min=60")["count"] == 5  # 001, 004 x2, 0099102 x2
    assert get_json(client, "age_min=36&age_max=60")["count"] == 6  # 000, 002 x2, 0299101 x3
    # Injured: 000 1/7/2015, 002 11/02/2011, 003 4/16/2007, 004 1/7/2013, 0299101 3/2/2015,
    # 0099102 7/19/2013, 0099103 9/30/2016; 001's summary gives none before 2012.
    assert get_json(client, "injured_after=2012-01-01")["count"] == 12


@pytest.mark.django_db
def test_json_rows_carry_the_item_and_its_citations(client, fixture_archive):
    data = get_json(client, "outcome=overturned&specialty=Physical+Medicine+%26+Rehabilitation")
    (row,) = data["results"]  # 003
    assert row["description"] == "Myofascial therapy visits, quantity 6"
    assert row["outcome"] == "overturned"
    assert row["specialties"] == ["Physical Medicine & Rehabilitation"]
    assert row["case_url"].startswith("/cases/id/")
    imr = [c for c in row["citations"] if c["cited_by"] == "imr"]
    assert [(c["guideline"], c["pages"]) for c in imr] == [("mtus-chronic-pain", [60])]


@pytest.mark.django_db
def test_csv_streams_every_matching_item(client, fixture_archive):
    response = client.get(
        f"{ITEMS}?guideline=mtus-chronic-pain&guideline_page=60&format=csv&page_size=1"
    )
    assert response.status_code == 200
    assert response.streaming
    with streamed(response) as chunks:
        rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert len(rows) == 5  # all of them, not one page
    assert sorted(r["outcome"] for r in rows) == ["overturned"] + ["upheld"] * 4
    assert all(
        "MTUS Chronic Pain p. 60" in r["imr_citations"] + r["claims_administrator_citations"]
        for r in rows
    )


@pytest.mark.django_db
def test_html_page_shows_summary_chips_and_facet_links(client, fixture_archive):
    response = client.get(f"{ITEMS}?outcome=upheld&specialty=Internal+Medicine&page=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 items where outcome is upheld and specialty is Internal Medicine" in html
    assert "Reviewer specialty: Internal Medicine" in html  # a removable chip
    # The chip's link removes its value and keeps the others; facet links drop `page`.
    assert 'href="?outcome=upheld"' in html
    assert (
        'href="?outcome=upheld&amp;specialty=Internal+Medicine&amp;specialty=Anesthesiology"'
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ("outcome=dismissed", "outcome"),
        ("guideline_page=abc", "guideline_page"),
        ("page=0", "page"),
        ("decided_after=2016-13-45", "decided_after"),
        ("page_size=1000000", "page_size"),
        ("guideline=made-up", "guideline"),
        ("sort=nonsense", "sort"),
        ("year=16abc", "year"),
        ("page=9", "page"),  # past the last page
    ],
)
def test_invalid_parameters_are_400_never_500(client, fixture_archive, query, field):
    data = get_json(client, query, status=400)
    assert field in data["errors"]
    response = client.get(f"{ITEMS}?{query}&outcome=upheld")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some parameters could not be used" in html
    if field != "outcome":  # a link keeps the valid parameters, drops the invalid ones
        assert '<a href="?outcome=upheld">The same without them</a>' in html


@pytest.mark.django_db
def test_unknown_format_is_400(client, fixture_archive):
    assert client.get(f"{ITEMS}?format=xml").status_code == 400


@pytest.mark.django_db
def test_forms_carry_the_other_parameters(client, fixture_archive):
    html = client.get(
        f"{ITEMS}?specialty=Chiropractic&age_min=30&sort=case&page=1"
    ).content.decode()
    # "More filters" sets age_min itself and keeps the facet selections and the sort.
    assert '<input type="number" name="age_min" value="30">' in html
    assert html.count('<input type="hidden" name="specialty" value="Chiropractic">') == 2
    assert '<input type="hidden" name="sort" value="case">' in html
    assert '<option value="case" selected>' in html
    assert 'name="page"' not in html  # a new filter or order starts at page 1


@pytest.mark.django_db
def test_citation_facets_count_the_citations_that_match(client, fixture_archive):
    data = get_json(client, "guideline=mtus-chronic-pain&guideline_page=60")
    # Which guidelines are cited at page 60: only MTUS Chronic Pain (ODG, ACOEM and the
    # Acupuncture guidelines are cited by these items too, but on no page 60).
    assert facet(data, "guideline") == {"mtus-chronic-pain": 5}
    # Sections of MTUS Chronic Pain page-60 citations: 000 (IMR) and 004 #1 (claims
    # administrator) "Massage therapy", 003 (IMR) "Massage Therapy"; 001's "Massage
    # Therapy" citation names no page. One section whatever the capitals, named as the
    # archive prints it most often.
    assert facet(data, "section") == {"Massage therapy": 3}
    data = get_json(client, "guideline=mtus-chronic-pain&cited_by=imr")
    # The reviewers' MTUS Chronic Pain pages: 000, 001, 003, 004 #1 p. 60; 002 #1 p. 122;
    # 004 #2 p. 98-99 (002 #2's reviewer cited MTUS ACOEM p. 300).
    assert facet(data, "guideline_page") == {60: 4, 122: 1, 98: 1, 99: 1}


@pytest.mark.django_db
def test_csv_rows_name_their_citations_and_reviewer(client, fixture_archive, monkeypatch):
    """Written out by the ingest (ItemExportText), read across chunks of three rows."""
    monkeypatch.setattr("decisions.site.csv_export.CHUNK_SIZE", 3)
    monkeypatch.setattr("decisions.site.csv_export.FLUSH_BYTES", 3)
    response = client.get(f"{ITEMS}?format=csv&sort=case")
    with streamed(response) as chunks:
        rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert len(rows) == 16
    knee = next(r for r in rows if r["case_number"] == "CM17-0099103" and r["item_number"] == "3")
    assert knee["reviewer_specialties"] == "Chiropractic"
    assert knee["reviewer_states"] == "California; Nevada"
    assert knee["imr_citations"] == "MTUS ACOEM [Special Studies]"
    assert knee["claims_administrator_citations"] == "ODG [MRI's (magnetic resonance imaging)]"
    gabapentin = next(
        r for r in rows if r["case_number"] == "CM17-0099102" and r["item_number"] == "2"
    )
    assert gabapentin["reviewer_specialties"] == "Anesthesiology; Pain Management"
    assert gabapentin["imr_citations"] == (
        "MTUS Chronic Pain [Antiepilepsy drugs (AEDs), Gabapentin (Neurontin)]"
    )
    assert gabapentin["claims_administrator_citations"] == (
        "MTUS Chronic Pain [Antiepilepsy drugs (AEDs)]"
    )


def test_in_array_selects_the_listed_ids(fixture_archive):
    from decisions.models import GuidelineCitation

    citations = GuidelineCitation.objects.order_by("pk")
    some = list(citations.values_list("item_id", flat=True)[:5])
    assert list(citations.filter(item_id__in_array=some)) == list(
        citations.filter(item_id__in=some)
    )
    assert not citations.filter(item_id__in_array=[]).exists()
