"""Analysts clicking through the site, for locust (`manage.py bench_load` runs it).

Each simulated analyst waits 0.5-2 s between clicks and goes through the item browser's
filters and facets, case pages, text searches, the guideline and statistics pages and a
small CSV export, following the links the pages themselves show.
"""

import random
from html.parser import HTMLParser

from locust import HttpUser, between, task

FILTERS = [
    "outcome=overturned",
    "outcome=upheld&specialty=Internal+Medicine",
    "guideline=mtus-chronic-pain",
    "guideline=mtus-chronic-pain&guideline_page=60",
    "category=Acupuncture",
    "specialty=Pain+Management",
    "state=California",
    "sort=case",
]
SEARCHES = ["acupuncture", "physical therapy", '"trigger point"', "opioids", "MRI knee"]


class Links(HTMLParser):
    """The href of every link on a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def links(html: str, prefix: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return [href for href in parser.hrefs if href.startswith(prefix)]


class Analyst(HttpUser):
    wait_time = between(0.5, 2)

    def _items(self, query: str, name: str) -> str:
        with self.client.get(f"/items/?{query}", name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return response.text or ""

    @task(4)
    def filter_items(self):
        self._items(random.choice(FILTERS), "/items/?[filter]")

    @task(2)
    def click_a_facet(self):
        page = self._items(random.choice(FILTERS), "/items/?[filter]")
        facets = links(page, "/items/?")
        if facets:
            self.client.get(random.choice(facets), name="/items/?[facet]")

    @task(3)
    def open_a_case(self):
        page = self._items(random.choice(FILTERS), "/items/?[filter]")
        cases = links(page, "/cases/")
        if cases:
            self.client.get(random.choice(cases), name="/cases/[case]")

    @task(2)
    def search(self):
        self.client.get("/items/", params={"q": random.choice(SEARCHES)}, name="/items/?q=")

    @task(1)
    def guidelines(self):
        self.client.get("/guidelines/")

    @task(1)
    def statistics(self):
        self.client.get("/stats/", params=random.choice([{}, {"outcome": "overturned"}]))

    @task(1)
    def csv_export(self):
        self.client.get("/items/?outcome=overturned&format=csv", name="/items/?format=csv")
