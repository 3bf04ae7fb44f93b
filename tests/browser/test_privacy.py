"""Privacy: no page of the built site sends a request to another origin, sets a cookie or stores anything."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, expect

from tests.browser.helpers import all_pages, open_settled
from tests.browser.site_tour import SiteTour


def test_every_page_stays_on_its_origin_and_stores_nothing(site: Path, site_url: str, site_tour: SiteTour) -> None:
    """One load of each page, in one context, as a reader moves through the site (the shared tour:
    site_tour.py): no request to another origin, and nothing in local or session storage or IndexedDB,
    on any page, the guide's after an answer too; no cookie."""
    pages = [visit.path for visit in site_tour.visits]
    assert len(pages) >= 15 and "guide/" in pages and pages == all_pages(site)
    origin = urlparse(site_url).netloc
    foreign = [
        url for url in site_tour.requests if urlparse(url).netloc != origin and not url.startswith(("data:", "blob:"))
    ]
    assert foreign == []
    assert len(site_tour.requests) > len(pages)
    for visit in site_tour.visits:
        assert visit.storage == {"local": [], "session": [], "databases": []}, visit.path
    assert site_tour.cookies == []


def test_reading_pages_downloads_no_engine_and_keeps_no_copy(browser: Browser, site: Path, site_url: str) -> None:
    """No unasked download (issue 24, point 9): until the guide is used in this browser, or the offline
    copy is asked for, reading pages fetches none of the engine's runtime and registers no service worker."""
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(urlparse(request.url).path))
    page = context.new_page()
    reading = [path for path in all_pages(site) if not path.startswith("guide/")]
    assert len(reading) >= 10
    for path in reading:
        open_settled(page, site_url + path)
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "not-asked")
    engine = [path for path in requested if path.startswith("/assets/pyodide/") or path.endswith("/sw.js")]
    assert engine == [], engine
    left = page.evaluate(
        "async () => [(await navigator.serviceWorker.getRegistrations()).length, (await caches.keys()).length]"
    )
    assert left == [0, 0], left
    context.close()
