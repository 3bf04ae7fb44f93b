"""Timed page loads: cold and warm loads against the baselines, clicks, and a content page's LCP."""

from __future__ import annotations

import random
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from tools.bench.browser import cold_load, new_context, read_bench, to_load, wait_ready
from tools.bench.common import (
    ENGINE_TIMEOUT_MS,
    GUIDE_PATH,
    KIND_PATHS,
    Kind,
    progress,
)
from tools.bench.figures import Click, Load
from tools.bench.scripts import CLICK_SCRIPT, READ_FIRST


def report_failure(load: Load) -> None:
    if load.failed:
        progress(f"{load.mode} load of {load.kind} failed: {load.failed}")


def measure_loads(browser: Browser, base: str, runs: int) -> list[Load]:
    """N cold and N warm loads of the guide and both baselines, interleaved so that drift hits all alike."""
    kinds: tuple[Kind, ...] = ("guide", "bare-worker", "bare-main", "bare-engine", "guide-search-now")
    loads: list[Load] = []
    for run in range(runs):
        for kind in kinds:
            loads.append(cold_load(browser, base, kind))
            report_failure(loads[-1])
        progress(f"cold run {run + 1}/{runs} done")
    contexts: dict[Kind, tuple[BrowserContext, Page]] = {}
    try:
        for kind in kinds:
            context = new_context(browser)
            page = context.new_page()
            contexts[kind] = (context, page)
            page.goto(base + KIND_PATHS[kind], wait_until="commit")
            if failed := wait_ready(page, kind):  # primes the cache; not counted
                progress(f"priming {KIND_PATHS[kind]} failed ({failed}); the warm runs go on")
        for run in range(runs):
            for kind in kinds:
                page = contexts[kind][1]
                page.reload(wait_until="commit")
                failed = wait_ready(page, kind)
                loads.append(to_load(kind, "warm", read_bench(page), failed))
                report_failure(loads[-1])
            progress(f"warm run {run + 1}/{runs} done")
    finally:
        for context, _ in contexts.values():
            context.close()
    return loads


def open_ready_guide(context: BrowserContext, base: str, attempts: int = 3) -> Page | None:
    """A page of the guide whose engine is ready, or None after `attempts` failed starts."""
    for attempt in range(1, attempts + 1):
        page = context.new_page()
        page.goto(base + GUIDE_PATH, wait_until="commit")
        failed = wait_ready(page, "guide")
        if not failed:
            return page
        progress(f"the guide's engine did not start for the clicks (attempt {attempt}/{attempts}): {failed}")
        page.close()
    return None


def measure_clicks(
    browser: Browser, base: str, answers: int, *, read_first: bool = True, seed: int = 20261126
) -> tuple[list[Click], list[str]]:
    """Click through the guide until `answers` answer clicks are timed ("Start over" clicks come on top).
    With `read_first`, each click waits until the last view is drawn and the page is idle (READ_FIRST);
    without, it comes as soon as the last view is in the DOM.

    Returns the clicks and the problems met (a click the guide did not answer reopens the page)."""
    rng = random.Random(seed)
    clicks: list[Click] = []
    problems: list[str] = []
    context = new_context(browser)
    try:
        page = open_ready_guide(context, base)
        while page is not None and sum(1 for c in clicks if c.kind != "restart") < answers and len(problems) < 3:
            if read_first:
                page.evaluate(READ_FIRST)
            sample: dict[str, Any] = page.evaluate(CLICK_SCRIPT, rng.randrange(1 << 16))
            if sample["kind"] in ("stuck", "timeout"):
                problems.append(f"the guide did not answer a click: {sample}")
                page.close()
                page = open_ready_guide(context, base)
                continue
            clicks.append(Click(sample["kind"], sample["question"], sample["dom"], sample["frame"]))
        if page is None:
            problems.append("the guide's engine did not start, so no click could be timed")
    finally:
        context.close()
    return clicks, problems


def measure_lcp(browser: Browser, base: str, path: str, runs: int) -> tuple[list[Load], str | None]:
    """LCP of one content page over N cold loads and N warm reloads; also returns the LCP element."""
    loads: list[Load] = []
    element: str | None = None

    def settle(page: Page) -> dict[str, Any]:
        page.wait_for_function("() => window.__bench && window.__bench.lcp !== null", timeout=ENGINE_TIMEOUT_MS)
        page.wait_for_timeout(500)  # later, larger candidates
        return read_bench(page)

    for _ in range(runs):
        context = new_context(browser)
        try:
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            bench = settle(page)
            element = bench["lcpTag"]
            loads.append(Load("content", "cold", None, None, bench["fcp"], bench["lcp"]))
        finally:
            context.close()
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base + path, wait_until="load")
        settle(page)
        for _ in range(runs):
            page.reload(wait_until="load")
            bench = settle(page)
            loads.append(Load("content", "warm", None, None, bench["fcp"], bench["lcp"]))
    finally:
        context.close()
    return loads, element

