"""Smoke tests in Firefox, WebKit and the full Chromium: each browser started once, and a summary of which path ran.

The browsers are Debian's (``tools/setup --browser`` installs them); a missing one fails the
tests, never skips them. Starting and stopping them is in ``tools/other_engines.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator

import pytest
from marionette_driver.errors import MarionetteException  # type: ignore[import-untyped]
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Playwright
from selenium.common.exceptions import WebDriverException

from tests.other_engines.checks import PATH_RAN
from tools import other_engines
from tools.harness import CHROMIUM_ARGS, find_chromium
from tools.other_engines import ChromiumDriver, EngineDriver, FirefoxDriver, WebKitDriver

#: What the page looked like when a check failed: enough to tell a slow engine from a broken one.
PAGE_STATE = """
const guide = document.querySelector('#decision-guide');
return {
  url: location.href,
  guide: guide ? Object.assign({}, guide.dataset) : null,
  html: Object.assign({}, document.documentElement.dataset),
  serviceWorker: 'serviceWorker' in navigator ? Boolean(navigator.serviceWorker.controller) : 'unsupported',
  shown: ['[data-guide-error]:not([hidden])', '.guide-view', 'h1']
    .map(css => document.querySelector(css)?.innerText).find(Boolean)?.slice(0, 300) ?? '',
};
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/other_engines/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.other_engines)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which path each engine took (service worker, engine start), pass or fail."""
    lines = [
        f"{report.nodeid}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        if isinstance(report, pytest.TestReport) and report.when == "call"
        for key, value in report.user_properties
        if key == PATH_RAN
    ]
    if lines:
        terminalreporter.write_sep("-", "Firefox, WebKit and Chromium: paths that ran")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    driver = getattr(item, "funcargs", {}).get("engine")
    if report.failed and isinstance(driver, EngineDriver):
        try:
            state = json.dumps(driver.run(PAGE_STATE), indent=2, ensure_ascii=False)
        except (MarionetteException, WebDriverException, PlaywrightError, OSError) as error:
            faults = other_engines.kernel_faults()
            state = f"(the page could not be read: {error})" + "".join(
                f"\nkernel log (may predate this run): {line}" for line in faults
            )
        report.sections.append((f"{driver.name} {driver.version}: the page when it failed", state))
    return report


@pytest.fixture(scope="session")
def firefox() -> Iterator[FirefoxDriver]:
    if "firefox-esr" in other_engines.missing_packages():
        pytest.fail("no firefox-esr found: run `tools/setup --browser` (Debian: apt-get install firefox-esr)")
    with other_engines.firefox() as driver:
        yield driver


@pytest.fixture(scope="session")
def webkit() -> Iterator[WebKitDriver]:
    missing = {"webkit2gtk-driver", "xvfb"} & set(other_engines.missing_packages())
    if missing:
        pytest.fail(f"missing {', '.join(sorted(missing))}: run `tools/setup --browser` (Debian's packages)")
    with other_engines.webkit() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[ChromiumDriver]:
    """The full Chromium, as readers run it (the browser tests run in its headless shell)."""
    executable = find_chromium()
    if executable is None:
        pytest.fail("no Chromium found: run `tools/setup --browser`, or set CHROMIUM=/path/to/chrome")
    with other_engines.chromium(playwright, executable, CHROMIUM_ARGS) as driver:
        yield driver


@pytest.fixture(scope="session", params=["firefox", "webkit", "chromium"])
def engine(request: pytest.FixtureRequest) -> EngineDriver:
    """Each engine in turn: the same checks run in Firefox, in WebKit, then in the full Chromium."""
    driver: EngineDriver = request.getfixturevalue(request.param)
    return driver
