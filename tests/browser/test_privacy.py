"""Privacy: no page of the built site sends a request to another origin, sets a cookie or stores anything."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, expect

from tests.browser.helpers import STORAGE_PROBE, all_pages, open_settled
from tests.support.browser import ENGINE_TIMEOUT_MS


def test_every_page_stays_on_its_origin_and_stores_nothing(browser: Browser, site: Path, site_url: str) -> None:
    """One load of each page, in one context, as a reader moves through the site: no request to
    another origin, and nothing in local or session storage or IndexedDB, on any page; no cookie."""
    pages = all_pages(site)
    assert len(pages) >= 15 and "guide/" in pages
    context = browser.new_context()
    foreign: list[str] = []
    seen: list[str] = []

    def record(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        seen.append(url)
        if urlparse(url).netloc != urlparse(site_url).netloc and not url.startswith(("data:", "blob:")):
            foreign.append(url)

    context.on("request", record)
    page = context.new_page()
    for path in pages:
        open_settled(page, site_url + path)
        if path == "guide/":
            expect(page.locator("#decision-guide")).to_have_attribute(
                "data-platform", "emscripten", timeout=ENGINE_TIMEOUT_MS
            )
        assert page.evaluate(STORAGE_PROBE) == {"local": [], "session": [], "databases": []}, path
    assert foreign == []
    assert len(seen) > len(pages)
    assert context.cookies() == []
    context.close()


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
