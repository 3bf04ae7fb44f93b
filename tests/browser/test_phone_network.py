"""The first visit over a phone network: the guide shows a real download progress that a reader can
answer beside; other pages fetch the engine's runtime in the background only once the guide has
been used in this browser or the reader asked for the offline copy, and never when the browser
asks to save data.

Network conditions are Chromium's own emulation (the DevTools protocol), which also holds back
the engine worker's downloads."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.helpers import guide, wait_copy_ready, wait_engine, wait_until
from tools.harness import RequestLog, served

#: Lighthouse's "slow 4G": 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up (in bytes per second).
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 / 8, "uploadThroughput": 768_000 / 8}

#: Every figure of the engine's progress bar, in order (an init script, before any page script).
RECORD_PROGRESS = """
window.__progress = [];
window.addEventListener('decision-guide:status', (event) => {
  const progress = event.detail.progress;
  if (progress) window.__progress.push([progress.loaded, progress.total]);
});
"""


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    yield context
    context.close()


def runtime_files(site: Path) -> set[str]:
    sizes = json.loads((site / "assets/pyodide/runtime.json").read_text(encoding="utf-8"))["files"]
    return {f"/assets/pyodide/{name}" for name in sizes}


def assert_served(page: Page, log: RequestLog, files: set[str]) -> None:
    """The server sent every file of `files`. It records a file once its last byte is written, which
    can come a moment after the page's copy already holds it: wait for the record, frame by frame."""
    with contextlib.suppress(AssertionError):  # said below, with what the server did send
        wait_until(page, lambda: files <= set(log.paths()))
    assert files <= set(log.paths()), log.paths()


def test_under_slow_4g_the_progress_bar_rises_with_the_bytes_and_answering_goes_on(
    site: Path, context: BrowserContext
) -> None:
    with served(site, compress=True) as (base, _):
        page = context.new_page()
        page.add_init_script(RECORD_PROGRESS)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(base + "guide/")
        bar = page.locator(".guide-loading progress")
        expect(bar).to_be_visible()
        expect(page.locator(".guide-loading__progress")).to_have_attribute("aria-live", "polite")
        expect(guide(page)).not_to_have_attribute("aria-busy", "true")  # the question stays usable

        wait_until(page, lambda: len(page.evaluate("window.__progress")) >= 3)
        answer = page.locator(".guide-view button[name=answer][value=no]")
        answer.click()  # answering never waits for the engine
        expect(page.locator(".guide-loading__text")).to_contain_text("Your answer is saved")
        wait_until(page, lambda: len(page.evaluate("window.__progress")) >= 6)

        figures = page.evaluate("window.__progress")
        loaded = [figure[0] for figure in figures]
        totals = {figure[1] for figure in figures}
        assert loaded == sorted(loaded) and loaded[-1] > loaded[0], figures
        sizes = json.loads((site / "assets/pyodide/runtime.json").read_text(encoding="utf-8"))["files"]
        assert totals == {sum(sizes.values())}
        value = float(bar.get_attribute("value") or 0)
        assert 0 < value < 100 and bar.get_attribute("max") == "100"
        assert "downloaded" in (bar.get_attribute("aria-valuetext") or "")


def offline_files(paths: list[str]) -> list[str]:
    return [path for path in paths if path.startswith("/assets/pyodide/") or path == "/sw.js"]


def test_a_content_page_downloads_nothing_until_the_guide_is_used(site: Path, context: BrowserContext) -> None:
    """No unasked download (issue 24, point 9): reading a page fetches no runtime and no service worker;
    once the guide has been used in this browser, an idle content page completes the offline copy."""
    with served(site) as (base, log):
        page = context.new_page()
        page.goto(base + "managing/secondary/")
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "not-asked")
        page.wait_for_load_state("load")
        assert "/managing/secondary/" in log.paths()
        assert not offline_files(log.paths()), log.paths()

        page.goto(base + "guide/")  # the reader uses the guide: its page starts at once and makes the copy
        wait_engine(page, timeout_ms=120_000)
        wait_copy_ready(page)
        assert_served(page, log, runtime_files(site))

        later = context.new_page()  # a later visit to a content page completes the same copy
        later.goto(base + "glossary/")
        wait_copy_ready(later)


def test_the_scope_pages_button_makes_the_copy_when_asked(site: Path, context: BrowserContext) -> None:
    with served(site) as (base, log):
        page = context.new_page()
        page.goto(base + "scope/#offline-copy")
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "not-asked")
        panel = page.locator("#offline-copy-panel")
        expect(panel.locator("[data-offline-status]")).to_contain_text("once you use the decision guide")
        expect(panel.get_by_role("button", name="Remove the offline copy")).to_be_hidden()
        assert not offline_files(log.paths()), log.paths()
        panel.get_by_role("button", name="Keep an offline copy").click()
        wait_copy_ready(page)
        assert_served(page, log, runtime_files(site))
        expect(panel.get_by_role("button", name="Remove the offline copy")).to_be_visible()


@pytest.mark.parametrize(
    "connection",
    [{"saveData": True, "effectiveType": "4g"}, {"saveData": False, "effectiveType": "2g"}],
    ids=["save-data", "2g"],
)
def test_when_the_browser_asks_to_save_data_nothing_is_fetched_in_advance(
    site: Path, context: BrowserContext, connection: dict[str, object]
) -> None:
    with served(site) as (base, log):
        page = context.new_page()
        page.add_init_script(
            f"Object.defineProperty(Navigator.prototype, 'connection', {{get: () => ({json.dumps(connection)})}});"
        )
        page.goto(base + "managing/secondary/")
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "save-data")
        page.wait_for_load_state("load")
        paths = log.paths()
        assert "/managing/secondary/" in paths
        assert not [path for path in paths if path.startswith("/assets/pyodide/") or path == "/sw.js"], paths
