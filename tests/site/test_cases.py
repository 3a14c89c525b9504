"""The case page, its stable URLs, the case-number redirect and the source file."""

import hashlib

import pytest

from decisions.models import Case
from tests import builders


@pytest.fixture
def letter_003(fixture_archive):
    return Case.objects.get(source_path="fixtures/letters/003_6eb9a6bb9c51e456.txt")


@pytest.mark.django_db
def test_case_without_number_reads_as_the_letter(client, letter_003):
    response = client.get(f"/cases/id/{letter_003.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Myofascial therapy visits, quantity 6" in html
    assert '<span class="badge overturned">Overturned</span>' in html
    assert "Physical Medicine &amp; Rehabilitation" in html
    assert "35 years old, Female" in html
    # Each page and section of a citation links to the items citing it.
    assert 'href="/items/?guideline=mtus-chronic-pain&amp;guideline_page=60"' in html
    assert 'href="/items/?guideline=mtus-chronic-pain&amp;section=Massage+Therapy"' in html


@pytest.mark.django_db
def test_source_file_inside_the_letter_directories_is_served(client, letter_003):
    html = client.get(f"/cases/id/{letter_003.pk}/").content.decode()
    source_url = f"/cases/id/{letter_003.pk}/source/"
    assert f'href="{source_url}"' in html
    assert ">003_6eb9a6bb9c51e456.txt</a>" in html
    response = client.get(source_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == letter_003.source_sha256


@pytest.mark.django_db
def test_source_outside_the_letter_directories_is_not_served(
    client, letter_003, settings, tmp_path
):
    settings.LETTER_DIRS = [tmp_path]
    html = client.get(f"/cases/id/{letter_003.pk}/").content.decode()
    assert "not served by this site" in html
    assert letter_003.source_sha256 in html
    assert client.get(f"/cases/id/{letter_003.pk}/source/").status_code == 404


@pytest.mark.django_db
def test_changed_source_file_is_not_served(client, settings, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("the letter as ingested")
    case = builders.case(
        source_path=str(letter), source_sha256=hashlib.sha256(b"other bytes").hexdigest()
    )
    settings.LETTER_DIRS = [tmp_path]
    source_url = f"/cases/id/{case.pk}/source/"
    html = client.get(f"/cases/id/{case.pk}/").content.decode()
    assert source_url not in html
    assert "not served by this site" in html
    assert client.get(source_url).status_code == 404


@pytest.mark.django_db
def test_path_escaping_the_directory_is_refused(client, settings, tmp_path):
    inside = tmp_path / "letters"
    inside.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not a letter")
    sha = hashlib.sha256(b"not a letter").hexdigest()
    case = builders.case(source_path=str(inside / ".." / "secret.txt"), source_sha256=sha)
    settings.LETTER_DIRS = [inside]
    assert client.get(f"/cases/id/{case.pk}/source/").status_code == 404


@pytest.mark.django_db
def test_numbered_case_has_its_number_as_url(client):
    case = builders.case("CM16-0213037", decided="2016-12-09", by=builders.reviewer())
    builders.item(case, "Lidoderm patches", "overturned")
    response = client.get("/cases/CM16-0213037/")
    assert response.status_code == 200
    assert "Lidoderm patches" in response.content.decode()
    assert client.get("/cases/cm16-0213037/").status_code == 200
    moved = client.get(f"/cases/id/{case.pk}/")
    assert (moved.status_code, moved["Location"]) == (301, "/cases/CM16-0213037/")
    assert client.get("/cases/CM16-9999999/").status_code == 404


@pytest.mark.django_db
def test_q_holding_an_exact_case_number_redirects(client):
    builders.case("CM15-0000042")
    response = client.get("/items/?q=+cm15-0000042+")
    assert (response.status_code, response["Location"]) == (302, "/cases/CM15-0000042/")
    # An unknown number is searched as text: no item matches.
    assert client.get("/items/?q=CM15-0000043&format=json").json()["count"] == 0


@pytest.mark.django_db
def test_q_holding_a_short_case_number_the_parser_accepts_redirects(client):
    # The parser reads numbers of 5 to 7 digits; the search box takes the same ones.
    builders.case("CM13-12345")
    response = client.get("/items/?q=cm13-12345")
    assert (response.status_code, response["Location"]) == (302, "/cases/CM13-12345/")


@pytest.mark.django_db
def test_letter_text_is_escaped_everywhere(client):
    script = "<script>alert(1)</script>"
    case = builders.case(
        "CM14-0000001",
        clinical_summary=script,
        diagnoses=[script],
        by=builders.reviewer((script,), (script,)),
    )
    item = builders.item(case, f"Drug {script}", rationale=f"massage {script}")
    builders.cite(item, sections=(script,), text=script)
    for url in [
        "/cases/CM14-0000001/",
        "/items/",
        "/items/?q=massage",
        f"/items/?specialty={script}",
        "/guidelines/",
        "/",
    ]:
        html = client.get(url).content.decode()
        assert script not in html, url
    assert "&lt;script&gt;" in client.get("/cases/CM14-0000001/").content.decode()


@pytest.mark.django_db
def test_invented_letter_by_its_number(client, fixture_archive):
    response = client.get("/items/?q=CM17-0099102")
    assert (response.status_code, response["Location"]) == (302, "/cases/CM17-0099102/")
    html = client.get("/cases/CM17-0099102/").content.decode()
    assert "2017-02-17" in html  # decision date
    assert "Anesthesiology" in html and "Pain Management" in html
    # The partial authorisation: what was asked, what the claims administrator allowed.
    assert "Original request: Gabapentin 600mg #90" in html
    assert "authorized by the claims administrator: Gabapentin 600mg #45" in html
    assert html.count('<span class="badge overturned">Overturned</span>') == 2
    section = "/items/?guideline=mtus-chronic-pain&amp;section=Gabapentin+%28Neurontin%29"
    assert f'href="{section}"' in html


@pytest.mark.django_db
def test_unknown_case_is_a_404_page_of_the_site(client):
    response = client.get("/cases/CM16-0000000/")
    assert response.status_code == 404
    assert "There is nothing at <code>/cases/CM16-0000000/</code>" in response.content.decode()


@pytest.mark.django_db
def test_the_site_is_read_only(client):
    for url in ["/", "/items/", "/guidelines/"]:
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/cases/CM16%00-1/",
        "/cases/id/99999999999999999999999/",
        "/cases/id/99999999999999999999999/source/",
        "/cases/" + "9" * 300 + "/",
    ],
)
def test_odd_case_urls_are_404_not_500(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["q=a%00b", "specialty=a%00b", "case_number=CM%00", "q=" + "x" * 600]
)
def test_odd_text_parameters_are_400_not_500(client, query):
    assert client.get(f"/items/?{query}&format=json").status_code == 400


@pytest.mark.django_db
def test_the_case_page_never_shows_a_server_path(client, settings, tmp_path):
    letter = tmp_path / "srv" / "imr" / "letters" / "CM17-0000001.pdf"
    case = builders.case(source_path=str(letter))
    for letter_dirs in ([tmp_path], []):  # served, and not served
        settings.LETTER_DIRS = letter_dirs
        html = client.get(f"/cases/id/{case.pk}/").content.decode()
        assert "CM17-0000001.pdf" in html
        assert str(tmp_path) not in html and "/srv/imr" not in html
