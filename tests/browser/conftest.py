"""Browser tests: pytest-playwright driving the system's Chromium headless shell, or else its full Chromium
(never a downloaded browser; tools/find-chromium)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import open_engine_tab, reset_engine_tab
from tests.browser.site_tour import SiteTour, tour_the_site
from tools.harness import CHROMIUM_ARGS, find_chromium

# Playwright's 5 s default wait is short for a busy 2-core CI machine; a wait only ends early on
# the state it waits for, so a longer bound changes nothing but how long a failing test takes.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    chromium = find_chromium(headless_shell=True)  # the full one runs the smoke tests (tests/other_engines)
    if chromium is None:
        pytest.fail("no Chromium found: run `tools/setup --browser`, or set CHROMIUM=/path/to/chrome")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


#: The test modules that run with the service worker active, as in a reader's browser: the offline
#: copy's own tests, and those of privacy, security and hostile links. The others block it, since
#: each fresh context would download and store the whole runtime again, and page.route never sees
#: a request that a service worker answers.
WITH_SERVICE_WORKER = {"test_offline", "test_phone_network", "test_privacy", "test_security", "test_hostile_links"}


#: The test modules about a first visit: starting the engine, what it downloads and its failures.
#: Their tests, those of WITH_SERVICE_WORKER and those marked ``fresh_context`` get a context of
#: their own, as a reader's first visit; every other test that asks for ``page`` opens it in a
#: warm context shared by the run (below).
FIRST_VISIT = {"test_first_paint", "test_first_visit", "test_failures", "test_guide_runs_in_pyodide"}


def _module(request: pytest.FixtureRequest) -> str:
    return str(request.module.__name__.rsplit(".", 1)[-1])


def _wants_a_fresh_context(request: pytest.FixtureRequest) -> bool:
    marked = request.node.get_closest_marker("fresh_context") is not None
    return marked or _module(request) in WITH_SERVICE_WORKER | FIRST_VISIT


@pytest.fixture(scope="session")
def site_tour(browser: Browser, site: Path, site_url: str) -> SiteTour:
    """Every page loaded once, what the every-page sweeps judge recorded (site_tour.py)."""
    return tour_the_site(browser, site, site_url)


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    if _module(request) in WITH_SERVICE_WORKER:
        return browser_context_args
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def warm_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the tests that are not about a first visit, so that the engine starts warm
    in them: the browser's cache holds the runtime, and Cache Storage the memory snapshot the first
    start took, which a later page restores, as on a reader's second visit (worker.mjs). Each test
    still has a page of its own; nothing a test does to its page outlives it."""
    context = browser.new_context(service_workers="block")
    yield context
    context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest) -> BrowserContext:
    """pytest-playwright's context, fresh for a first visit; otherwise the warm one."""
    if _wants_a_fresh_context(request):
        return new_context()
    warm: BrowserContext = request.getfixturevalue("warm_context")
    return warm


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page of its own for each test, closed after it (in the warm context too); for a test marked
    ``engine_tab``, the run's engine tab (below)."""
    if request.node.get_closest_marker("engine_tab") is not None:
        yield from _the_engine_tab(request)
        return
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def clipboard_page(warm_context: BrowserContext) -> Iterator[Page]:
    """A page of its own in the warm context, which may read and write the clipboard for this test
    alone: its engine restores the snapshot there, where a context of its own started it in full."""
    warm_context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = warm_context.new_page()
    yield page
    page.close()
    warm_context.clear_permissions()


@pytest.fixture(scope="session")
def engine_tabs(warm_context: BrowserContext, site_url: str) -> Iterator[list[Page]]:
    """The run's engine tab, in a list so that a tab a test left unusable can be replaced."""
    tabs = [open_engine_tab(warm_context, site_url)]
    yield tabs
    tabs[-1].close()


def _the_engine_tab(request: pytest.FixtureRequest) -> Iterator[Page]:
    """A tab of the warm context whose engine is already running, for a test that is not about
    starting it (the engine's start has tests of its own: test_first_visit, test_first_paint,
    test_failures). Such a test is marked ``engine_tab`` and opens its pages with helpers.visit, as
    a reader follows a link: Material's instant navigation shows each page afresh, and the engine,
    which lives for the whole visit (engine.mjs), answers at once instead of restoring its snapshot
    in a new page, a second of CPU each time. What a test may change of the tab itself is undone
    after it (reset_engine_tab); what it may not do there (listeners, routes, init scripts, loads)
    test_structure.py checks. A test that needs those takes a page of its own."""
    tabs: list[Page] = request.getfixturevalue("engine_tabs")
    if tabs[-1].is_closed():
        tabs.append(open_engine_tab(request.getfixturevalue("warm_context"), request.getfixturevalue("site_url")))
    tab = tabs[-1]
    yield tab
    try:
        reset_engine_tab(tab)
    except PlaywrightError:  # a tab the test left unusable: the next test gets a new one
        tab.close()
