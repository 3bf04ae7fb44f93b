"""The engine's pages paint as soon as a plain page (issue 20): the causes, not the timings.

- the engine's first view never paints the pre-rendered question again when it is unchanged
  (the same element stays: no new largest contentful paint);
- the runtime's two largest files are asked for only once the content is parsed and painted, so no
  contentful paint comes after them (Lighthouse counts a download that ends before the largest
  contentful paint as needed for it), and by the engine's worker, not through the page's main thread;
- Material's search index waits for the engine and then the reader's first pause, or for the reader to
  open search.

Timings themselves are the benchmark's (tools/bench, sections paint and lighthouse).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from tests.browser.helpers import HOLD_SEARCH_INDEX, answer, guide, wait_ready, wait_until
from tests.support.browser import ENGINE_TIMEOUT_MS

#: As the site ships them: packed with zstd (guide/sitegen/packed_runtime.py).
EARLY_FILES = ("pyodide.asm.wasm.zst", "python_stdlib.zip.zst")


def hold_the_runtime(page: Page) -> list[Route]:
    """Hold the engine's largest file, so the engine stays loading for as long as the test needs."""
    held: list[Route] = []
    page.route("**/assets/pyodide/pyodide.asm.wasm.zst", lambda route: held.append(route))
    return held


def test_the_engines_first_view_keeps_the_question_element_it_did_not_change(page: Page, site_url: str) -> None:
    held = hold_the_runtime(page)
    # A link whose view is the first question, with nothing ignored: the engine's first view is
    # the pre-rendered question itself.
    page.goto(site_url + "guide/#&")
    wait_until(page, lambda: bool(held))
    prompt = page.evaluate_handle("() => document.querySelector('#decision-guide h2#guide-prompt')")
    form = page.evaluate_handle("() => document.querySelector('#decision-guide form[data-question]')")
    for route in held:
        route.continue_()
    page.unroute("**/assets/pyodide/pyodide.asm.wasm.zst")
    wait_ready(page)
    expect(guide(page)).to_have_attribute("data-views", "1")
    expect(guide(page)).to_have_attribute("data-state", "question")
    same = page.evaluate(
        """([prompt, form]) => prompt.isConnected && form.isConnected
             && prompt === document.querySelector('#decision-guide h2#guide-prompt')
             && form === document.querySelector('#decision-guide form[data-question]')""",
        [prompt, form],
    )
    assert same, "the engine's first view replaced the pre-rendered question it did not change"


@dataclass(frozen=True)
class FirstLoad:
    """What one plain first load of the guide showed, up to its engine's being ready."""

    #: The first contentful paint, from the page's navigation (ms).
    paint: float | None
    #: Every largest-contentful-paint candidate the page reported, from the start of the load (ms).
    contentful: list[float]
    #: When the runtime's two largest files and the worker's script were asked for, from the page's
    #: navigation (ms), by whoever asked (the page's resource timing does not see a worker's requests).
    asked_at: dict[str, float]
    #: The runtime files in the page's own resource timing.
    fetched_by_the_page: list[str]


@pytest.fixture(scope="module")
def first_load(browser: Browser, site_url: str) -> Iterator[FirstLoad]:
    """One first visit to the guide in a context of its own, shared by the tests that only read what a
    plain load did (each would otherwise start the engine in full for the same load)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.add_init_script(
        """window.__contentfulPaints = [];
           new PerformanceObserver((list) => {
             for (const entry of list.getEntries()) window.__contentfulPaints.push(entry.startTime);
           }).observe({ type: "largest-contentful-paint", buffered: true });"""
    )
    asked: dict[str, Request] = {}

    def note(request: Request) -> None:
        name = request.url.rsplit("/", 1)[-1]
        runtime_file = name in EARLY_FILES and "/assets/pyodide/" in request.url
        if runtime_file or request.url.endswith("/assets/guide/worker.mjs"):
            asked.setdefault(name, request)

    page.on("request", note)
    page.goto(site_url + "guide/")
    wait_ready(page)
    timings = page.evaluate(
        """() => {
          const [paint] = performance.getEntriesByName("first-contentful-paint");
          return { origin: performance.timeOrigin, paint: paint ? paint.startTime : null,
                   contentful: window.__contentfulPaints,
                   fetched: performance.getEntriesByType("resource").map((entry) => entry.name)
                     .filter((name) => name.includes("/assets/pyodide/")) };
        }"""
    )
    for request in asked.values():
        request.response()  # its timing is complete once it has answered
    asked_at = {name: request.timing["startTime"] - timings["origin"] for name, request in asked.items()}
    yield FirstLoad(timings["paint"], timings["contentful"], asked_at, timings["fetched"])
    context.close()


def test_the_early_downloads_start_once_the_content_is_painted(first_load: FirstLoad) -> None:
    assert first_load.paint is not None
    assert first_load.contentful, "the page reported no largest contentful paint"
    # The worker's script too: asked for earlier (a prefetch, say), it counts for the largest
    # contentful paint in Lighthouse's simulation, which was measured at +0.1 s on a phone.
    for name in (*EARLY_FILES, "worker.mjs"):
        assert name in first_load.asked_at, f"nobody asked for {name}"
        start = first_load.asked_at[name]
        assert start >= first_load.paint, f"{name} was asked for before the first contentful paint"
        later = [time for time in first_load.contentful if time > start]
        assert not later, f"a contentful paint came after {name} was asked for (at {later} ms)"


#: Material's script, at the end of the body: held, the page's own start-up (DOMContentLoaded) waits.
MATERIAL_SCRIPT = "**/assets/javascripts/bundle.*.min.js"


def test_the_worker_starts_before_the_pages_own_start_up(page: Page, site_url: str) -> None:
    # On a slow line the page's start-up (Material's script, then the page's own modules) waits for
    # its downloads; the runtime's must not wait with it, the line idle (waiting cost 4.5 s on the
    # benchmark's slow 4G, README "First paint").
    held: list[Route] = []
    page.route(MATERIAL_SCRIPT, lambda route: held.append(route))
    asked: list[Request] = []
    page.on(
        "request", lambda request: asked.append(request) if request.url.endswith("/assets/guide/worker.mjs") else None
    )
    page.goto(site_url + "guide/", wait_until="commit")
    wait_until(page, lambda: bool(held) and bool(asked))
    assert page.evaluate("document.readyState") == "loading", "Material's script was not held"
    for route in held:
        route.continue_()
    page.unroute(MATERIAL_SCRIPT)
    wait_ready(page)
    assert len(asked) == 1


def test_the_engines_wheel_is_asked_for_once_the_runtime_has_arrived(page: Page, site_url: str) -> None:
    # Python cannot start before the whole .wasm is there, and the wheel is needed only after that:
    # asked for earlier, it would take its share of a slow line from the .wasm.
    events: list[str] = []
    page.on("request", lambda request: events.append("asked " + request.url.rsplit("/", 1)[-1]))
    page.on("requestfinished", lambda request: events.append("arrived " + request.url.rsplit("/", 1)[-1]))
    held = hold_the_runtime(page)
    page.goto(site_url + "guide/")
    # Everything else the worker starts with arrives while the .wasm is held ...
    started = ("arrived pyodide-lock.json", "arrived python_stdlib.zip.zst")
    wait_until(page, lambda: bool(held) and all(event in events for event in started))
    assert not [event for event in events if event.endswith(".whl")], events
    for route in held:
        route.continue_()
    page.unroute("**/assets/pyodide/pyodide.asm.wasm.zst")
    wait_ready(page)
    # ... and the wheel is asked for once the .wasm has arrived.
    wheel = [index for index, event in enumerate(events) if event.startswith("asked ") and event.endswith(".whl")]
    assert len(wheel) == 1 and events.index("arrived pyodide.asm.wasm.zst") < wheel[0], events


def test_the_page_itself_fetches_none_of_the_runtime(first_load: FirstLoad) -> None:
    # A body fetched by the page and handed to the worker passes through the page's main thread
    # chunk by chunk: long tasks on a phone. The page's own resource timing holds no runtime file.
    assert first_load.fetched_by_the_page == []


def test_search_waits_for_the_engine_and_comes_at_once_when_opened(page: Page, site_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    held = hold_the_runtime(page)
    page.goto(site_url + "guide/", wait_until="load")
    expect(page.locator("html.js")).to_have_count(1)  # Material's bundle has run
    expect(guide(page)).to_have_attribute("data-state", "question")
    wait_until(page, lambda: bool(held))  # the engine is loading, and stays so
    assert not [url for url in asked if url.endswith("/search/search_index.json")]
    expect(page.locator("html")).to_have_attribute("data-search-index", "waiting")

    page.locator("input.md-search__input").click()
    expect(page.locator("html")).to_have_attribute("data-search-index", "released")
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=ENGINE_TIMEOUT_MS)
    page.keyboard.type("alliance")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert [url for url in asked if url.endswith("/search/search_index.json")]


def test_search_index_comes_once_the_engine_is_ready(page: Page, site_url: str) -> None:
    page.goto(site_url + "guide/")
    wait_ready(page)
    expect(page.locator("html")).to_have_attribute("data-search-index", "released")
    page.keyboard.press("/")
    # Material says so once its worker has built the index; then it answers what is typed, key by
    # key (it reads the query on key-up: a value filled in without keys is seen only at start-up).
    ready = page.locator(".md-search-result__meta")
    expect(ready).to_have_text("Type to start searching", timeout=ENGINE_TIMEOUT_MS)
    page.keyboard.type("alliance")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_search_index_waits_for_the_readers_pause_after_the_engine_is_ready(page: Page, site_url: str) -> None:
    # Answers given as soon as the engine is ready come first: the index is built in the reader's
    # first pause (a test-only hook makes that pause an hour long, so nothing here depends on timing).
    page.add_init_script(HOLD_SEARCH_INDEX)
    page.goto(site_url + "guide/")
    wait_ready(page)
    answer(page, "no")
    expect(guide(page)).to_have_attribute("data-state", "question")
    assert page.locator("html").get_attribute("data-search-index") == "waiting"
    # Opening search does not wait for the pause.
    page.keyboard.press("/")
    expect(page.locator("html")).to_have_attribute("data-search-index", "released")
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=ENGINE_TIMEOUT_MS)
