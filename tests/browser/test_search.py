"""Search finds clinicians' words (issue 24, point 7), run in the site's own search in Chromium.

Each query is typed into Material's search box; the first result, and the first section in it,
must be the section a clinician means. The keywords come from a section's hidden "Also searched
as" paragraph (guide/search_keywords.py); the changelog and the contributors' page are left out
of the index. On a page without the engine the index is downloaded only once the reader opens
search (guide/js/search-later.js), and a query typed at once still finds its section.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_settled

#: What a clinician types, and the sections that must come first (page, anchors).
QUERIES = {
    "DNA": ("recognising/", ["missed-session", "dropout"]),
    "no-show": ("recognising/", ["missed-session", "dropout"]),
    "did not attend": ("recognising/", ["missed-session", "dropout"]),
    "suicide": ("scope/", ["safety-first"]),
    "overdose": ("scope/", ["safety-first"]),
    "self-harm": ("scope/", ["safety-first"]),
    "stop": ("recognising/", ["wants-to-end"]),
    "quit": ("recognising/", ["wants-to-end"]),
    "end therapy": ("recognising/", ["wants-to-end"]),
    "dropout": ("recognising/", ["dropout"]),
}


@pytest.mark.parametrize("query", list(QUERIES))
def test_the_first_result_is_the_section_a_clinician_means(page: Page, site_url: str, query: str) -> None:
    path, anchors = QUERIES[query]
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    results = page.locator(".md-search-result__list a")
    # Results follow each keystroke: wait for the list made from the whole query, whose highlight
    # (?h=…) holds the query's last word, then require the right section first.
    last = re.split(r"[\s\-]+", query.lower())[-1]
    section = page.locator(".md-search-result__list a[href*='#']").first
    expect(section).to_have_attribute(
        "href", re.compile(rf"{re.escape(path)}\?h=([^#]*\+)?{re.escape(last)}(\+[^#]*)?#({'|'.join(anchors)})$")
    )
    first = results.first.get_attribute("href") or ""
    assert re.search(rf"/{re.escape(path)}\?h=", first), f"{query}: the first page found is {first}"


def test_a_page_without_the_engine_downloads_the_index_only_once_search_is_opened(page: Page, site_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_settled(page, site_url + "glossary/")
    html = page.locator("html")
    expect(html).to_have_attribute("data-search-index", "waiting")
    page.mouse.wheel(0, 400)  # reading: a reader's event, not a search
    page.keyboard.press("End")
    expect(html).to_have_attribute("data-search-index", "waiting")
    assert not [url for url in asked if url.endswith("/search/search_index.json")]
    page.locator(".md-search__input").click()
    expect(html).to_have_attribute("data-search-index", "released")
    page.keyboard.type("overdose")
    expect(page.locator(".md-search-result__list a[href*='#safety-first']").first).to_be_attached()
    assert [url for url in asked if url.endswith("/search/search_index.json")]


def test_the_changelog_and_contributors_page_are_not_searched(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith("recognising/") for location in locations)
    assert not [loc for loc in locations if loc.startswith(("changelog/", "contributing/"))]
    tagged = {doc["location"]: doc["tags"] for doc in index["docs"] if doc.get("tags")}
    assert "DNA" in tagged["recognising/#missed-session"] and "suicide" in tagged["scope/#safety-first"]
