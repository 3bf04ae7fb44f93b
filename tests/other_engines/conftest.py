"""Smoke tests in Firefox and WebKit: one driven browser per test module, and a summary of which path ran.

The browsers are Debian's (``tools/setup --browser`` installs them); a missing one fails the
tests, never skips them. Starting and stopping them is in ``tools/other_engines.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.other_engines.checks import PATH_RAN
from tools import other_engines
from tools.other_engines import FirefoxDriver, WebKitDriver


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
        terminalreporter.write_sep("-", "Firefox and WebKit: paths that ran")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="module")
def firefox() -> Iterator[FirefoxDriver]:
    if "firefox-esr" in other_engines.missing_packages():
        pytest.fail("no firefox-esr found: run `tools/setup --browser` (Debian: apt-get install firefox-esr)")
    with other_engines.firefox() as driver:
        yield driver


@pytest.fixture(scope="module")
def webkit() -> Iterator[WebKitDriver]:
    missing = {"webkit2gtk-driver", "xvfb"} & set(other_engines.missing_packages())
    if missing:
        pytest.fail(f"missing {', '.join(sorted(missing))}: run `tools/setup --browser` (Debian's packages)")
    with other_engines.webkit() as driver:
        yield driver
