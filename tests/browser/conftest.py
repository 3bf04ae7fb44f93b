"""Browser tests: pytest-playwright driving a system Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tools.harness import CHROMIUM_ARGS, find_chromium

#: How long the engine may take to start in a test (cold start is 3-5 s on this kind of machine).
ENGINE_TIMEOUT_MS = 60_000


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
