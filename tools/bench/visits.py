"""First and repeat visit (issue 14): the engine ready on a first visit of guide/ and on a return.

Each run opens ``guide/`` in a fresh context (empty cache, no service worker) and waits for the
engine (``data-platform`` on ``#decision-guide``), then lets the visit finish: the offline copy
settled (``data-offline-copy`` on ``<html>``: made in the reader's first pause, so the network can
be quiet for a while before it starts), the engine's snapshot saved, no request for a while, and,
if the service worker claims the page, the page controlled. Then it navigates to ``guide/`` again in
the same tab and times the engine once more. No network emulation: like the engine-ready section,
this is the CPU's share, which a service worker and a memory snapshot are meant to cut.
``data-engine-start`` on ``#decision-guide`` ("snapshot" or "full") says which start path ran;
a page without it is reported as "n/a". Without a service worker the repeat visit still benefits
from the HTTP cache (the server sends ``Cache-Control: max-age=600``).

Playwright's contexts are off the record: there, V8's code caches for the wasm module and for
``pyodide.asm.mjs`` are written but not read back in a new renderer process, so the repeat
figure leaves out what they would save in a reader's ordinary profile (measured in Chromium 156
with a persistent profile: a worker then reuses both, like the main thread).
"""

from __future__ import annotations

import contextlib
from typing import Any

from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tools.bench.browser import engine_start, new_context, read_bench, wait_ready
from tools.bench.common import GUIDE_PATH, progress
from tools.bench.figures import Visit
from tools.bench.site import wait_quiet
from tools.harness import RequestLog

#: The goal of issue 14: a repeat visit's engine ready against the first visit's.
REPEAT_RATIO = 0.35
OFFLINE_TIMEOUT_MS = 120_000
#: How long to give a registered service worker to take control of the first page (clients.claim).
CLAIM_TIMEOUT_MS = 5_000

SERVICE_WORKER_STATE = """async () => {
  const sw = navigator.serviceWorker;
  const registration = sw ? await sw.getRegistration() : undefined;
  return { registered: Boolean(registration), controlled: Boolean(sw && sw.controller),
           offlineReady: document.documentElement.dataset.offlineReady ?? null };
}"""


def service_worker_state(page: Page) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(SERVICE_WORKER_STATE)
    return state


#: The offline copy's states (``data-offline-copy``, guide/js/offline-state.mjs) that end a first
#: visit's work: made, failed, or not to be made in this browser.
OFFLINE_COPY_SETTLED = """() => ["ready", "failed", "off", "save-data", "unsupported"]
  .includes(document.documentElement.dataset.offlineCopy)"""
#: The engine's memory snapshot is in Cache Storage (guide/js/snapshot-store.mjs, CACHE_PREFIX).
SNAPSHOT_SAVED = """async () => {
  for (const name of await caches.keys())
    if (name.startsWith("rupture-guide-snapshot-") && (await (await caches.open(name)).keys()).length) return true;
  return false;
}"""
#: How long to give the engine to save its snapshot in its first quiet moment.
SNAPSHOT_TIMEOUT_MS = 30_000


def let_first_visit_finish(page: Page, log: RequestLog) -> tuple[dict[str, Any], str | None]:
    """Wait for the offline copy to settle (made in the reader's first pause after the engine is
    ready, so the network alone can be quiet before it starts), for the engine's snapshot, and for
    the network to be quiet; returns the service worker's state and a note when one did not get there."""
    notes = []
    try:
        page.wait_for_function(OFFLINE_COPY_SETTLED, timeout=OFFLINE_TIMEOUT_MS, polling=100)
    except PlaywrightTimeoutError:
        notes.append(f"the offline copy did not settle within {OFFLINE_TIMEOUT_MS / 1000:.0f} s")
    try:
        page.wait_for_function(SNAPSHOT_SAVED, timeout=SNAPSHOT_TIMEOUT_MS, polling=100)
    except PlaywrightTimeoutError:
        notes.append(f"no engine snapshot was saved within {SNAPSHOT_TIMEOUT_MS / 1000:.0f} s")
    wait_quiet(log, limit=60.0)
    state = service_worker_state(page)
    note = "; ".join(notes) or None
    if not state["registered"]:
        return state, note
    # A worker that does not claim open pages controls the next navigation instead.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=CLAIM_TIMEOUT_MS)
    wait_quiet(log, limit=60.0)
    return service_worker_state(page), note


def visit_pair(browser: Browser, base: str, log: RequestLog) -> tuple[Visit, str | None]:
    """A first visit and a repeat visit in one fresh context."""
    wait_quiet(log)
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base + GUIDE_PATH, wait_until="commit")
        failed = wait_ready(page, "guide")
        visit = Visit(first_ms=read_bench(page)["ready"], first_start=engine_start(page), failed=failed)
        if failed:
            return visit, None
        state, note = let_first_visit_finish(page, log)
        visit.service_worker, visit.offline_ready = bool(state["registered"]), state["offlineReady"]
        page.goto(base + GUIDE_PATH, wait_until="commit")
        visit.failed = wait_ready(page, "guide")
        visit.repeat_ms, visit.repeat_start = read_bench(page)["ready"], engine_start(page)
        visit.controlled = bool(service_worker_state(page)["controlled"])
        return visit, note
    finally:
        context.close()


def measure_visits(browser: Browser, base: str, log: RequestLog, runs: int) -> tuple[list[Visit], list[str]]:
    """N pairs of first and repeat visits; also the notes met on the way."""
    visits: list[Visit] = []
    notes: list[str] = []
    for run in range(runs):
        visit, note = visit_pair(browser, base, log)
        visits.append(visit)
        if note:
            notes.append(note)
        if visit.failed:
            progress(f"visit {run + 1} failed: {visit.failed}")
        progress(f"visits run {run + 1}/{runs} done")
    return visits, notes
