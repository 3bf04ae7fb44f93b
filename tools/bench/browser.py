"""Chromium for the benchmark: a fresh measuring context, and waiting for the engine or a baseline."""

from __future__ import annotations

from typing import Any, Literal

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tools.bench.common import (
    ENGINE_TIMEOUT_MS,
    KIND_PATHS,
    Kind,
)
from tools.bench.figures import Load
from tools.bench.scripts import INIT_SCRIPT
from tools.harness import find_chromium


def chromium_path() -> str:
    """The system Chromium, found the way the browser tests find it."""
    found = find_chromium()
    if found is None:
        raise SystemExit("no Chromium found: run `tools/setup --browser`, or set CHROMIUM=/path/to/chrome")
    return found


def new_context(browser: Browser, *, service_workers: Literal["allow", "block"] = "allow") -> BrowserContext:
    """A fresh context (empty cache) with the measuring init script."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers=service_workers)
    context.add_init_script(INIT_SCRIPT)
    return context


def read_bench(page: Page) -> dict[str, Any]:
    """The init script's records, plus two navigation timings."""
    value: dict[str, Any] = page.evaluate(
        """() => {
          const [nav] = performance.getEntriesByType("navigation");
          return { ...window.__bench, responseEnd: nav ? nav.responseEnd : null,
                   domContentLoaded: nav && nav.domContentLoadedEventStart ? nav.domContentLoadedEventStart : null };
        }"""
    )
    return value


def wait_ready(page: Page, kind: Kind) -> str | None:
    """Wait until the engine or baseline is ready (on the guide, also until the first question was
    seen); returns why it failed, or None. After the guide gives up, waits for the engine's own message."""
    bench = "window.__bench"
    settled = f"{bench}.ready !== null || ({bench}.failed !== null && {bench}.workerReady !== null)"
    if kind.startswith("guide"):
        settled = f"({settled}) && {bench}.question !== null && {bench}.fcp !== null"
    try:
        page.wait_for_function(f"() => {bench} && {settled}", timeout=ENGINE_TIMEOUT_MS, polling=100)
    except PlaywrightTimeoutError:
        return str(read_bench(page)["failed"] or f"not ready within {ENGINE_TIMEOUT_MS / 1000:.0f} s")
    failed = read_bench(page)["failed"]
    return None if failed is None else str(failed)


def to_load(kind: Kind, mode: str, bench: dict[str, Any], failed: str | None) -> Load:
    """Turn the page's records into a Load.

    The first question is visible when its prompt is painted (Element Timing); where that
    is not reported, at the later of first paint and the first frame that had it laid out.
    """
    seen, fcp, painted = bench["question"], bench["fcp"], bench["questionPaint"]
    question = painted
    if question is None and seen is not None and fcp is not None:
        question = max(seen, fcp)
    return Load(
        kind=kind,
        mode=mode,
        question_ms=question,
        ready_ms=bench["ready"],
        fcp_ms=fcp,
        worker_ms=bench["worker"],
        worker_ready_ms=bench["workerReady"],
        failed=failed,
        question_frame_ms=seen,
        question_paint_ms=painted,
        response_end_ms=bench["responseEnd"],
        dom_content_loaded_ms=bench["domContentLoaded"],
    )


def cold_load(browser: Browser, base: str, kind: Kind) -> Load:
    """Open a page in a fresh context and measure it."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base + KIND_PATHS[kind], wait_until="commit")
        failed = wait_ready(page, kind)
        return to_load(kind, "cold", read_bench(page), failed)
    finally:
        context.close()



def engine_start(page: Page) -> str | None:
    """Which start path the guide's engine took ("snapshot" or "full"), once it is ready; None
    while the page does not say (``data-engine-start`` on ``#decision-guide``)."""
    value = page.evaluate("() => document.querySelector('#decision-guide')?.dataset.engineStart ?? null")
    return None if value is None else str(value)
