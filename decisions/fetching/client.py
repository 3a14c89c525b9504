"""A polite HTTP client for the state's site: one request at a time, a pause between
requests, a timeout on each, retries with backoff on timeouts, dropped connections and
5xx answers (urllib3's Retry through requests), and an honest User-Agent.

A letter is downloaded to `<name>.part` and renamed only once it is whole and a PDF, so an
interrupted run never leaves a partial file under the final name.
"""

import os
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

USER_AGENT = (
    "IMR-decision-archive/1.0 (nightly fetch of the published IMR letters, one request at a "
    "time; python-requests)"
)
RETRIED_STATUSES = (429, 500, 502, 503, 504)
CHUNK = 64 * 1024


class SiteUnreachable(Exception):
    """The search could not be reached or kept answering with an error."""


class DownloadFailed(Exception):
    """One letter could not be downloaded whole."""


class PoliteClient:
    def __init__(self, *, pause: float, timeout: float, retries: int, backoff: float):
        self.pause, self.timeout, self.retries, self.backoff = pause, timeout, retries, backoff
        self._last_request = float("-inf")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        retry = Retry(
            total=retries,
            backoff_factor=backoff,
            status_forcelist=RETRIED_STATUSES,
            allowed_methods=frozenset({"GET", "POST"}),  # the search is a read, sent by POST
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def _wait_turn(self) -> None:
        wait = self._last_request + self.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        self._wait_turn()
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise SiteUnreachable(f"{url}: {error}") from error
        if response.status_code >= 400:
            raise SiteUnreachable(f"{url} answered HTTP {response.status_code}")
        return response

    def open_search(self, url: str) -> str:
        """The search form (the site sets its cookies there, as a browser would see it)."""
        return self._request("GET", url).text

    def post_search(self, url: str, fields: dict) -> str:
        origin = "{0.scheme}://{0.netloc}".format(requests.utils.urlparse(url))
        headers = {"Origin": origin, "Referer": url}
        return self._request("POST", url, data=fields, headers=headers).text

    def download(self, url: str, target: Path) -> None:
        """Save the PDF at `url` as `target`, whole, or raise DownloadFailed."""
        partial = target.with_name(target.name + ".part")
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                self._download_once(url, partial)
            except (requests.RequestException, DownloadFailed) as error:
                partial.unlink(missing_ok=True)
                reason = str(error)
                continue
            os.replace(partial, target)
            return
        raise DownloadFailed(f"{url}: {reason}")

    def _download_once(self, url: str, partial: Path) -> None:
        self._wait_turn()
        with self.session.get(url, stream=True, timeout=self.timeout) as response:
            if response.status_code >= 400:
                raise DownloadFailed(f"HTTP {response.status_code}")
            with partial.open("wb") as out:
                for chunk in response.iter_content(CHUNK):
                    out.write(chunk)
        with partial.open("rb") as written:
            if written.read(5) != b"%PDF-":
                raise DownloadFailed("the answer is not a PDF")
