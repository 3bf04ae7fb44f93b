"""First paint (issue 20): the engine's pages against a plain Material page, cold, alternating.

Each run loads ``guide/``, ``guide/practice/`` and the plain page (``plain.py``) once each, cold
(a fresh context: empty cache, no service worker yet), in an order that rotates from run to run so
that no page always comes first after the previous one's teardown. The figure is the browser's
first-contentful-paint entry; the largest contentful paint as it stands at the load event (the
element and its time) is kept for information. Median over the runs; the target is the ratio of
each engine page's median to the plain page's.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from tools.bench.browser import new_context, read_bench
from tools.bench.common import ENGINE_TIMEOUT_MS, GUIDE_PATH, PRACTICE_PATH, progress
from tools.bench.figures import Paint
from tools.bench.plain import PLAIN_PAGE

#: The pages compared: the two that run the engine, and the plain Material page.
PAINT_PAGES = {"guide": GUIDE_PATH, "practice": PRACTICE_PATH, "plain": PLAIN_PAGE}
#: The goal of issue 20: an engine page's first contentful paint against the plain page's.
PAINT_RATIO = 1.10
#: Fewer runs than this and a median says little (issue 20 asks for at least 7).
MIN_PAINT_RUNS = 7

LCP_AT_LOAD = """() => new Promise((resolve) => {
  const read = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__bench)));
  if (document.readyState === "complete") read(); else addEventListener("load", read, { once: true });
})"""


def paint_load(browser: Browser, base: str, kind: str) -> Paint:
    """One cold load of a page: its first contentful paint, and its LCP as of the load event."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base + PAINT_PAGES[kind], wait_until="commit")
        page.wait_for_function("() => window.__bench && window.__bench.fcp !== null", timeout=ENGINE_TIMEOUT_MS)
        bench: dict[str, Any] = page.evaluate(LCP_AT_LOAD)
        return Paint(kind, bench["fcp"], bench["lcp"], bench["lcpTag"], read_bench(page)["responseEnd"])
    finally:
        context.close()


def measure_paint(browser: Browser, base: str, runs: int) -> list[Paint]:
    """`runs` cold loads of each page, alternating, the order rotating from run to run."""
    kinds = list(PAINT_PAGES)
    paints: list[Paint] = []
    for run in range(runs):
        shift = run % len(kinds)
        for kind in kinds[shift:] + kinds[:shift]:
            paints.append(paint_load(browser, base, kind))
        progress(f"first paint run {run + 1}/{runs} done")
    return paints
