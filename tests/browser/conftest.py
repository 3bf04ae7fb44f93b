"""Browser tests: pytest-playwright driving a system Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

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
    chromium = find_chromium()
    if chromium is None:
        pytest.fail("no Chromium found: run `tools/setup --browser`, or set CHROMIUM=/path/to/chrome")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


#: The test modules that run with the service worker active, as in a reader's browser: the offline
#: copy's own tests, and those of privacy, security and hostile links. The others block it, since
#: each fresh context would download and store the whole runtime again, and page.route never sees
#: a request that a service worker answers.
WITH_SERVICE_WORKER = {"test_offline", "test_phone_network", "test_privacy", "test_security", "test_hostile_links"}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.module.__name__.rsplit(".", 1)[-1] in WITH_SERVICE_WORKER:
        return browser_context_args
    return {**browser_context_args, "service_workers": "block"}
