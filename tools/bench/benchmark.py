"""Benchmark the rupture guide's built site in headless Chromium.

What it measures, each over N cold runs (a fresh browser context, so an empty
HTTP cache) and N warm runs (one context per page, primed once, then reloaded):

1. **First question visible** on ``guide/``: the pre-rendered ``form[data-question]``
   as soon as it is laid out and painted, from navigation start. An init script
   polls with ``requestAnimationFrame`` and a PerformanceObserver records
   first-contentful-paint; the figure is the later of the two (a form found in
   the first frame is visible at first paint, not before).
2. **Engine ready**: when ``#decision-guide`` gets ``data-platform`` (a
   MutationObserver installed by an init script records ``performance.now()``),
   against two baselines written into the built site, which load the same
   Pyodide files and nothing else: ``bench-bare/`` (``loadPyodide`` in a module
   Web Worker, like the guide) and ``bench-bare/main-thread.html`` (on the main
   thread). Both set ``document.body.dataset.ready``. The ratio guide / bare
   worker is the figure with a target. A third page, ``bench-bare/engine.html``,
   runs the guide's own ``worker.mjs`` (Pyodide, the wheel, the import) with no
   page around it, which splits the guide's overhead into the engine's and the page's.
3. **Click to next view** once the engine is ready: one ``page.evaluate`` per
   click, timed inside the page from just before ``button.click()`` until the
   next form or ``section.guide-result`` is in the DOM (a MutationObserver), so
   Playwright's round trips are not counted. It walks the questions with varied
   answers and "Start over" after each result; the target is on answer clicks.
4. **Bytes** requested by ``guide/`` (until the engine is ready and the network
   is quiet) and by a content page (``managing/secondary/``), as logged by the
   server (so a worker's requests count too): raw sizes of the files sent, and
   their gzip size at level 6 computed from the files on disk, against the five
   Pyodide runtime files alone. The content page must request nothing under
   ``assets/pyodide/``.
5. **Largest Contentful Paint** of the largest content page (the largest built
   ``index.html``, leaving out ``guide/`` itself and the handout).

The site is built with ``mkdocs build --strict`` into a temporary folder (that
is the build time reported), or copied from ``--site DIR``, and served on
127.0.0.1 by a threaded ``http.server`` with the right MIME types and
``Cache-Control: max-age=600`` (what GitHub Pages sends). Chromium is the system
one (``tools/find-chromium``), launched like the browser tests do.

Run it from the project's root (``make bench`` does the same)::

    .venv/bin/python tools/bench/benchmark.py [--runs 5] [--clicks 50] [--site DIR] [--json FILE]

It takes a few minutes with the defaults; everything it starts or writes is
stopped or removed at the end. The exit status is 0 whatever the results: this
is a measurement, not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the shared tools

from tools.glance import distribution, visible_words
from tools.harness import CHROMIUM_ARGS, Hit, RequestLog, find_chromium, mkdocs_build, start_server

#: The five files that make up the Pyodide runtime the guide ships (the wheel is the project's own).
PYODIDE_DIR = "assets/pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
GUIDE_PATH = "guide/"
CONTENT_PATH = "managing/secondary/"
BARE_WORKER_PATH = "bench-bare/"
BARE_MAIN_PATH = "bench-bare/main-thread.html"
BARE_ENGINE_PATH = "bench-bare/engine.html"
#: Pages left out when looking for the largest content page.
NOT_CONTENT = ("guide/index.html", "handout/index.html", "bench-bare/index.html")

# Targets.
FIRST_QUESTION_MS = 300.0
READY_RATIO = 1.10
CLICK_P95_MS = 16.0
BYTES_RATIO = 1.05

ENGINE_TIMEOUT_MS = 60_000
CLICK_TIMEOUT_MS = 10_000
QUIET_SECONDS = 1.0

Kind = Literal["guide", "bare-worker", "bare-main", "bare-engine"]
KIND_PATHS: dict[Kind, str] = {
    "guide": GUIDE_PATH,
    "bare-worker": BARE_WORKER_PATH,
    "bare-main": BARE_MAIN_PATH,
    "bare-engine": BARE_ENGINE_PATH,
}

# --------------------------------------------------------------------------- in-page scripts

#: Installed before any page script: records when the first question is visible, when the
#: engine (or a baseline) is ready, first-contentful-paint and largest-contentful-paint.
INIT_SCRIPT = """
(() => {
  if (window.top !== window) return;
  const bench = (window.__bench = {
    question: null, questionPaint: null, ready: null, failed: null, worker: null, workerReady: null,
    fcp: null, lcp: null, lcpTag: null,
  });
  const NativeWorker = window.Worker;
  if (NativeWorker) {
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        if (bench.worker === null) bench.worker = performance.now();
        super(...args);
        // The engine's own "ready" message: seen even when the page has already given up on it.
        this.addEventListener("message", ({ data }) => {
          if (bench.workerReady === null && (data === "ready" || (data && data.type === "ready"))) {
            bench.workerReady = performance.now();
          }
        });
      }
    };
  }
  const visible = (el) => (el.checkVisibility ? el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
                                              : el.getClientRects().length > 0);
  const poll = () => {
    const form = document.querySelector("#decision-guide form[data-question]");
    if (form && visible(form)) bench.question = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  // Element Timing: mark the first question's prompt as the parser inserts it, so that the
  // browser reports when its text is painted.
  const marker = new MutationObserver(() => {
    const prompt = document.querySelector("#decision-guide form[data-question] .guide-prompt");
    if (prompt) { prompt.setAttribute("elementtiming", "first-question"); marker.disconnect(); }
  });
  marker.observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.identifier !== "first-question" || bench.questionPaint !== null) continue;
        bench.questionPaint = entry.renderTime || entry.loadTime;
      }
    }).observe({ type: "element", buffered: true });
  } catch (error) { /* not supported: left null */ }
  new MutationObserver(() => {
    if (bench.ready !== null) return;
    if (document.querySelector("#decision-guide[data-platform]") || (document.body && document.body.dataset.ready)) {
      bench.ready = performance.now();
    }
    if (document.body && document.body.dataset.failed) bench.failed = document.body.dataset.failed;
    const errorBox = document.querySelector("#decision-guide[data-state=error] [data-guide-error]");
    if (errorBox) bench.failed = errorBox.textContent.trim() || "the guide shows its error box";
  }).observe(document, { subtree: true, attributes: true,
                         attributeFilter: ["data-platform", "data-ready", "data-failed", "data-state"] });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") bench.fcp = entry.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (error) { /* not supported: left null */ }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.lcp = entry.startTime;
        const el = entry.element;
        if (el) bench.lcpTag = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                               + (el.className ? "." + String(el.className).split(" ").join(".") : "");
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch (error) { /* not supported: left null */ }
})();
"""

#: One click on the guide, timed in the page. Takes a random integer that picks the answer.
CLICK_SCRIPT = """
async (pick) => {
  const view = document.querySelector("#decision-guide .guide-view");
  const old = view.querySelector("form[data-question], section.guide-result");
  if (!old) return { kind: "stuck", state: document.querySelector("#decision-guide").dataset.state };
  let button, kind, question = null;
  if (old.matches("section.guide-result")) {
    button = old.querySelector('button[data-goto=""]');
    kind = "restart";
  } else if (old.dataset.kind === "single") {
    const answers = [...old.querySelectorAll("button.guide-answer[name=answer]")];
    button = answers[pick % answers.length];
    kind = "single";
    question = old.dataset.question;
  } else {
    const boxes = [...old.querySelectorAll("input[type=checkbox][name=answer]")];
    question = old.dataset.question;
    if (pick % 3 === 0 || boxes.length === 0) {
      button = old.querySelector("button[value=none]");
      kind = "none";
    } else {
      boxes[pick % boxes.length].checked = true;
      if (pick % 2 === 0) boxes[(pick >> 3) % boxes.length].checked = true;
      button = old.querySelector("button[data-submit=selected]");
      kind = "multi";
    }
  }
  if (!button) return { kind: "stuck", state: "no button for " + kind };
  return await new Promise((resolve) => {
    let start = 0;
    const timer = setTimeout(() => { observer.disconnect(); resolve({ kind: "timeout", question }); }, %(timeout)d);
    const observer = new MutationObserver(() => {
      const next = view.querySelector("form[data-question], section.guide-result");
      if (!next || next === old) return;
      const dom = performance.now() - start;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve({ kind, question, dom, frame: performance.now() - start }));
    });
    observer.observe(view, { childList: true, subtree: true });
    start = performance.now();
    button.click();
  });
}
""".replace("%(timeout)d", str(CLICK_TIMEOUT_MS))

BARE_WORKER_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide in a module worker</title>
<script type="module">
  const worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  worker.addEventListener("message", ({ data }) => {
    if (data === "ready" || data.type === "ready") document.body.dataset.ready = "1";
    else document.body.dataset.failed = String(data.message || data);
  });
  worker.addEventListener("error", (event) => { document.body.dataset.failed = event.message || "worker error"; });
</script></head>
<body><p>Baseline: Pyodide only, in a module Web Worker.</p></body></html>
"""

BARE_WORKER_MJS = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";

loadPyodide({ indexURL: new URL("../assets/pyodide/", location).href }).then(
  () => postMessage("ready"),
  (error) => postMessage(`failed: ${error}`),
);
"""

#: The guide's own engine (its worker.mjs: Pyodide, the wheel, the import) on a bare page: splits
#: the guide's overhead over the bare worker into the engine's work and the page's.
BARE_ENGINE_HTML = BARE_WORKER_HTML.replace("./worker.mjs", "../assets/guide/worker.mjs").replace(
    "Pyodide only, in a module Web Worker", "the guide's worker.mjs"
)

BARE_MAIN_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide on the main thread</title>
<script type="module">
  import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
  loadPyodide({ indexURL: new URL("../assets/pyodide/", location).href }).then(
    () => { document.body.dataset.ready = "1"; },
    (error) => { document.body.dataset.failed = String(error); },
  );
</script></head>
<body><p>Baseline: Pyodide only, on the main thread.</p></body></html>
"""

# --------------------------------------------------------------------------- figures


@dataclass
class Load:
    """One page load's timings, in ms from navigation start (None when not applicable)."""

    kind: str
    mode: str
    question_ms: float | None
    ready_ms: float | None
    fcp_ms: float | None
    lcp_ms: float | None = None
    worker_ms: float | None = None
    worker_ready_ms: float | None = None
    failed: str | None = None
    question_frame_ms: float | None = None
    question_paint_ms: float | None = None
    response_end_ms: float | None = None
    dom_content_loaded_ms: float | None = None


@dataclass
class Click:
    """One click on the guide, timed in the page."""

    kind: str
    question: str | None
    dom_ms: float
    frame_ms: float


@dataclass
class Transfer:
    """What one page load requested, as logged by the server."""

    path: str
    requests: int
    raw_bytes: int
    gzip_bytes: int
    pyodide_requests: list[str]
    pyodide_bytes: int
    duplicates: list[str]
    files: list[str]
    engine_failed: str | None = None


@dataclass
class Figures:
    """Everything measured; saved as-is with --json."""

    runs: int
    build_seconds: float | None
    loads: list[Load] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    click_problems: list[str] = field(default_factory=list)
    guide_transfer: Transfer | None = None
    content_transfer: Transfer | None = None
    runtime_raw_bytes: int = 0
    runtime_gzip_bytes: int = 0
    lcp_page: str = ""
    lcp_page_bytes: int = 0
    lcp_element: str | None = None
    browser_version: str = ""
    load_before: str = ""
    load_after: str = ""
    glance: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- site


def build_site(site_dir: Path) -> float:
    """Build the project with `mkdocs build --strict` into site_dir; returns the seconds it took."""
    started = time.perf_counter()
    run = mkdocs_build(site_dir)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{run.stderr[-4000:]}")
    return elapsed


def copy_site(source: Path, site_dir: Path) -> None:
    """Copy an already built site, so that the baselines never land in someone's folder."""
    if not (source / GUIDE_PATH / "index.html").exists():
        raise SystemExit(f"{source} does not look like a built site: no {GUIDE_PATH}index.html")
    shutil.copytree(source, site_dir)


def write_baselines(site_dir: Path) -> None:
    """Write the bare Pyodide pages (worker and main thread), which use the site's own runtime files."""
    bare = site_dir / "bench-bare"
    bare.mkdir(exist_ok=True)
    (bare / "index.html").write_text(BARE_WORKER_HTML, encoding="utf-8")
    (bare / "worker.mjs").write_text(BARE_WORKER_MJS, encoding="utf-8")
    (bare / "main-thread.html").write_text(BARE_MAIN_HTML, encoding="utf-8")
    (bare / "engine.html").write_text(BARE_ENGINE_HTML, encoding="utf-8")


def largest_content_page(site_dir: Path) -> Path:
    """The largest built index.html, leaving out the guide itself, the handout and the baselines."""
    pages = [page for page in site_dir.rglob("index.html") if page.relative_to(site_dir).as_posix() not in NOT_CONTENT]
    return max(pages, key=lambda page: page.stat().st_size)


def url_path(site_dir: Path, page: Path) -> str:
    """The address of a built page relative to the site root ('managing/secondary/')."""
    relative = page.relative_to(site_dir).as_posix()
    return relative.removesuffix("index.html")


# --------------------------------------------------------------------------- server


@contextmanager
def serve(site_dir: Path) -> Iterator[tuple[str, RequestLog]]:
    """Serve site_dir on 127.0.0.1 (the tests' static host, with browser caching allowed); yields URL and log."""
    server, base, log = start_server(site_dir, cache_control="max-age=600")
    try:
        yield base, log
    finally:
        server.shutdown()
        server.server_close()


def wait_quiet(log: RequestLog, quiet: float = QUIET_SECONDS, limit: float = 20.0) -> None:
    """Wait until no request is in flight and none has started for `quiet` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        idle = log.idle_for()
        if idle is not None and idle >= quiet:
            return
        time.sleep(0.05)


# --------------------------------------------------------------------------- browser


def chromium_path() -> str:
    """The system Chromium, found the way the browser tests find it."""
    found = find_chromium()
    if found is None:
        raise SystemExit("no Chromium found: run `tools/setup --browser`, or set CHROMIUM=/path/to/chrome")
    return found


def new_context(browser: Browser) -> BrowserContext:
    """A fresh context (empty cache) with the measuring init script."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
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
    if kind == "guide":
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


def report_failure(load: Load) -> None:
    if load.failed:
        progress(f"{load.mode} load of {load.kind} failed: {load.failed}")


def measure_loads(browser: Browser, base: str, runs: int) -> list[Load]:
    """N cold and N warm loads of the guide and both baselines, interleaved so that drift hits all alike."""
    kinds: tuple[Kind, ...] = ("guide", "bare-worker", "bare-main", "bare-engine")
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


def measure_clicks(browser: Browser, base: str, answers: int, seed: int = 20261126) -> tuple[list[Click], list[str]]:
    """Click through the guide until `answers` answer clicks are timed ("Start over" clicks come on top).

    Returns the clicks and the problems met (a click the guide did not answer reopens the page)."""
    rng = random.Random(seed)
    clicks: list[Click] = []
    problems: list[str] = []
    context = new_context(browser)
    try:
        page = open_ready_guide(context, base)
        while page is not None and sum(1 for c in clicks if c.kind != "restart") < answers and len(problems) < 3:
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


# --------------------------------------------------------------------------- bytes


@functools.cache
def file_sizes(path: Path) -> tuple[int, int]:
    """Raw size and gzip -6 size of a file on disk."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def disk_file(site_dir: Path, request_path: str) -> Path | None:
    """The file a request path maps to, as http.server would serve it."""
    path = unquote(urlsplit(request_path).path).lstrip("/")
    target = site_dir / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def transfer(site_dir: Path, path: str, hits: Sequence[Hit]) -> Transfer:
    """Sum what one page load requested: raw body bytes and gzip -6 sizes of the same files."""
    raw = gz = pyodide_bytes = 0
    files: list[str] = []
    pyodide: list[str] = []
    for hit in hits:
        on_disk = disk_file(site_dir, hit.path)
        if hit.status != 200 or on_disk is None:
            continue
        name = urlsplit(hit.path).path
        raw += hit.body_bytes
        gz += file_sizes(on_disk)[1]
        files.append(name)
        if name.startswith(f"/{PYODIDE_DIR}/"):
            pyodide.append(name)
            pyodide_bytes += hit.body_bytes
    duplicates = sorted({name for name in files if files.count(name) > 1})
    return Transfer(path, len(hits), raw, gz, pyodide, pyodide_bytes, duplicates, files)


def measure_transfer(browser: Browser, base: str, log: RequestLog, site_dir: Path, path: str, engine: bool) -> Transfer:
    """Load one page cold and add up what the server sent for it."""
    wait_quiet(log)
    log.clear()
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base + path, wait_until="load")
        failed = wait_ready(page, "guide") if engine else None
        wait_quiet(log)
        result = transfer(site_dir, path, log.hits())
        result.engine_failed = failed
        return result
    finally:
        context.close()


def runtime_sizes(site_dir: Path) -> tuple[int, int]:
    """Raw and gzip -6 size of the five Pyodide runtime files."""
    sizes = [file_sizes(site_dir / PYODIDE_DIR / name) for name in RUNTIME_FILES]
    return sum(raw for raw, _ in sizes), sum(gz for _, gz in sizes)


# --------------------------------------------------------------------------- report


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def p95(values: Sequence[float]) -> float:
    """95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def failure_count(loads: Sequence[Load], kind: str, mode: str) -> tuple[int, int]:
    """How many loads of a kind failed, out of how many."""
    chosen = [load for load in loads if load.kind == kind and load.mode == mode]
    return sum(1 for load in chosen if load.failed), len(chosen)


def pick(loads: Sequence[Load], kind: str, mode: str, attribute: str) -> float | None:
    return median([getattr(load, attribute) for load in loads if load.kind == kind and load.mode == mode])


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def size(value: int) -> str:
    return f"{value / 1_000_000:.2f} MB" if value >= 100_000 else f"{value / 1000:.1f} kB"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "PASS" if ok else "MISS"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def times(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(rows: Sequence[Sequence[str]]) -> str:
    """A plain text table; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def timing_rows(figures: Figures) -> list[list[str]]:
    """Page-load figures: first question, engine ready against the baselines, LCP of a content page."""

    def both(kind: str, attribute: str) -> tuple[float | None, float | None]:
        return pick(figures.loads, kind, "cold", attribute), pick(figures.loads, kind, "warm", attribute)

    question, fcp, lcp = both("guide", "question_ms"), both("guide", "fcp_ms"), both("content", "lcp_ms")
    guide, bare, main_thread = both("guide", "ready_ms"), both("bare-worker", "ready_ms"), both("bare-main", "ready_ms")
    engine_alone = both("bare-engine", "ready_ms")
    ratios = ratio(guide[0], bare[0]), ratio(guide[1], bare[1])
    engine_share = ratio(engine_alone[0], bare[0]), ratio(engine_alone[1], bare[1])
    page_share = ratio(guide[0], engine_alone[0]), ratio(guide[1], engine_alone[1])
    question_ok = None if question[0] is None else question[0] <= FIRST_QUESTION_MS
    failures = [failure_count(figures.loads, "guide", mode) for mode in ("cold", "warm")]
    engine_message = both("guide", "worker_ready_ms")
    ratio_ok = None if None in ratios else all(r is not None and r <= READY_RATIO for r in ratios)
    return [
        ["Metric (median of runs)", "Cold", "Warm", "Target", "Result"],
        ["First question visible (guide/)", *map(ms, question), f"≤ {FIRST_QUESTION_MS:.0f} ms cold",
         verdict(question_ok)],
        ["  first contentful paint (guide/)", *map(ms, fcp), "", ""],
        ["  first frame with the question laid out", *map(ms, both("guide", "question_frame_ms")), "", ""],
        ["Engine ready: guide/ (data-platform)", *map(ms, guide), "", ""],
        ["  engine's own 'ready' message", *map(ms, engine_message), "", ""],
        ["  loads where the guide gave up", *(f"{k}/{n}" for k, n in failures), "0 cold and warm",
         verdict(not any(k for k, _ in failures))],
        ["  worker created (guide/)", *map(ms, both("guide", "worker_ms")), "", ""],
        ["Ready: bare Pyodide, module worker", *map(ms, bare), "", ""],
        ["  worker created (bare)", *map(ms, both("bare-worker", "worker_ms")), "", ""],
        ["Ready: the guide's worker.mjs, bare page", *map(ms, engine_alone), "", ""],
        ["Ready: bare Pyodide, main thread", *map(ms, main_thread), "", ""],
        ["Engine ready ratio guide / bare worker", *map(times, ratios), f"≤ {READY_RATIO:.2f} cold and warm",
         verdict(ratio_ok)],
        ["  engine's share: guide's worker, bare page / bare", *map(times, engine_share), "(information)", ""],
        ["  page's share: guide / guide's worker, bare page", *map(times, page_share), "(information)", ""],
        [f"LCP of {figures.lcp_page} ({size(figures.lcp_page_bytes)})", *map(ms, lcp), "(information)", ""],
    ]  # fmt: skip


def click_rows(figures: Figures) -> list[list[str]]:
    """Click latency: answers (with the target), and "Start over" for information."""
    rows = [["Click to next view (engine ready)", "Median", "p95", "Max", "Target", "Result"]]
    answers = [c for c in figures.clicks if c.kind != "restart"]
    restarts = [c for c in figures.clicks if c.kind == "restart"]

    def spread(values: Sequence[float]) -> list[str]:
        return [ms(statistics.median(values)), ms(p95(values)), ms(max(values))]

    if answers:
        dom = [c.dom_ms for c in answers]
        rows += [
            [f"Answer → next form/result in DOM ({len(dom)})", *spread(dom), f"p95 ≤ {CLICK_P95_MS:.0f} ms",
             verdict(p95(dom) <= CLICK_P95_MS)],
            ["  same, until the next animation frame", *spread([c.frame_ms for c in answers]), "(information)", ""],
        ]  # fmt: skip
    if restarts:
        dom = [c.dom_ms for c in restarts]
        rows.append([f"Start over → first question in DOM ({len(dom)})", *spread(dom), "(information)", ""])
    return rows


def bytes_rows(figures: Figures) -> list[list[str]]:
    """Bytes of the guide and of a content page against the Pyodide runtime alone."""
    runtime_raw, runtime_gz = figures.runtime_raw_bytes, figures.runtime_gzip_bytes
    rows = [
        ["Bytes (one cold load)", "Requests", "Raw", "gzip -6", "Target", "Result"],
        [f"Pyodide runtime alone ({len(RUNTIME_FILES)} files)", "", size(runtime_raw), size(runtime_gz), "", ""],
    ]
    guide, content = figures.guide_transfer, figures.content_transfer
    if guide:
        raw_ratio, gz_ratio = guide.raw_bytes / runtime_raw, guide.gzip_bytes / runtime_gz
        rows += [
            [f"{guide.path} until engine ready", str(guide.requests), size(guide.raw_bytes), size(guide.gzip_bytes),
             "", ""],
            ["  guide / runtime", "", times(raw_ratio, 3), times(gz_ratio, 3), f"≤ {BYTES_RATIO:.2f} (both)",
             verdict(raw_ratio <= BYTES_RATIO and gz_ratio <= BYTES_RATIO)],
        ]  # fmt: skip
    if content:
        pyodide = content.pyodide_requests
        rows += [
            [f"{content.path} (content page)", str(content.requests), size(content.raw_bytes),
             size(content.gzip_bytes), "", ""],
            [f"  of which under {PYODIDE_DIR}/", str(len(pyodide)), size(content.pyodide_bytes), "", "0 bytes",
             verdict(not pyodide)],
        ]  # fmt: skip
    return rows


def measure_glance(site_dir: Path) -> dict[str, float]:
    """Words a reader sees of each result on the pathways page, disclosures closed, as the guide renders it."""
    from decision_tree import api, load_tree, render

    html = (site_dir / "guide" / "pathways" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'class="guide-link" href="[^"#]*#([^"]+)"', html)
    fragments = dict.fromkeys(unquote(html_unescape(m)) for m in links)
    tree = load_tree()
    views = [api.view(tree, f) for f in fragments]
    if any(view["state"] != "result" or view["ignored"] for view in views):
        raise SystemExit("measure_glance: a link of the pathways page does not open a clean result")
    counts = [len(visible_words(render.view_html(view, "../"))) for view in views]
    return distribution(counts) if counts else {}


def glance_rows(figures: Figures) -> list[list[str]]:
    g = figures.glance
    if not g:
        return [["Result at a glance", "", "", "", "no outcomes found", ""]]
    return [
        ["Result at a glance: visible words", "min", "median", "p90 / max", "target", ""],
        [f"  over {int(g['outcomes'])} outcomes of the pathways page", f"{g['min']:.0f}", f"{g['median']:.0f}",
         f"{g['p90']:.0f} / {g['max']:.0f}", "median <= 200, max <= 300",
         verdict(g["median"] <= 200 and g["max"] <= 300)],
    ]  # fmt: skip


def report(figures: Figures, clicks: int) -> str:
    """The whole printed report."""
    built = f"{figures.build_seconds:.1f} s" if figures.build_seconds is not None else "not run (--site given)"
    head = [
        "",
        f"The rupture guide: benchmark ({figures.runs} cold + {figures.runs} warm runs, {clicks} answer clicks)",
        f"Chromium {figures.browser_version}, {os.cpu_count()} CPUs, load average {figures.load_before} before"
        f" and {figures.load_after} after",
        f"mkdocs build --strict: {built}",
        "",
        "",
    ]
    notes = [f"problem: {message}" for message in figures.click_problems]
    cpus = os.cpu_count() or 1
    busiest = max((float(v) for v in (figures.load_before, figures.load_after) if v not in ("", "n/a")), default=0.0)
    if busiest > cpus:
        notes.append(
            f"warning: load average {busiest:.1f} on {cpus} CPUs: other work competed for the CPU, so the"
            " timings are noisy and pessimistic; compare runs made on an idle machine"
        )
    failures = sorted({f"{load.kind} ({load.mode}): {load.failed}" for load in figures.loads if load.failed})
    notes += [f"failed load: {failure}" for failure in failures]
    for transferred in (figures.guide_transfer, figures.content_transfer):
        if transferred and transferred.engine_failed:
            notes.append(f"note: the engine failed while counting the bytes of {transferred.path}")
        if transferred and transferred.duplicates:
            notes.append(f"note: {transferred.path} requested some files more than once: {transferred.duplicates}")
    if figures.lcp_element:
        notes.append(f"note: the LCP element of {figures.lcp_page} is <{figures.lcp_element}>")
    blocks = [
        table(timing_rows(figures)),
        table(click_rows(figures)),
        table(bytes_rows(figures)),
        table(glance_rows(figures)),
    ]
    return "\n".join(head) + "\n\n".join(blocks) + ("\n\n" + "\n".join(notes) if notes else "") + "\n"


def load_average() -> str:
    """The 1-minute load average: other work on the machine skews every timing."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="cold and warm runs of each page (default 5)")
    parser.add_argument("--clicks", type=int, default=50, help="answer clicks to time (default 50)")
    parser.add_argument("--site", type=Path, help="an already built site to use instead of building one")
    parser.add_argument("--json", type=Path, help="also save every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.clicks < 1:
        parser.error("--runs and --clicks must be at least 1")
    return args


def measure(browser: Browser, base: str, log: RequestLog, site_dir: Path, args: argparse.Namespace) -> Figures:
    """Run every measurement against the served site."""
    figures = Figures(runs=args.runs, build_seconds=None, browser_version=browser.version, load_before=load_average())
    figures.loads = measure_loads(browser, base, args.runs)
    progress("timing clicks")
    figures.clicks, figures.click_problems = measure_clicks(browser, base, args.clicks)
    progress("counting bytes")
    figures.guide_transfer = measure_transfer(browser, base, log, site_dir, GUIDE_PATH, engine=True)
    figures.content_transfer = measure_transfer(browser, base, log, site_dir, CONTENT_PATH, engine=False)
    figures.runtime_raw_bytes, figures.runtime_gzip_bytes = runtime_sizes(site_dir)
    largest = largest_content_page(site_dir)
    figures.lcp_page, figures.lcp_page_bytes = url_path(site_dir, largest), largest.stat().st_size
    progress(f"largest contentful paint of {figures.lcp_page}")
    lcp_loads, figures.lcp_element = measure_lcp(browser, base, figures.lcp_page, args.runs)
    figures.loads += lcp_loads
    figures.glance = measure_glance(site_dir)
    figures.load_after = load_average()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rupture-bench-") as tmp:
        site_dir = Path(tmp) / "site"
        build_seconds = None
        if args.site:
            copy_site(args.site.resolve(), site_dir)
        else:
            progress("building the site with mkdocs build --strict")
            build_seconds = build_site(site_dir)
        write_baselines(site_dir)
        with serve(site_dir) as (base, log), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            try:
                figures = measure(browser, base, log, site_dir, args)
            finally:
                browser.close()
        figures.build_seconds = build_seconds
    print(report(figures, args.clicks))
    if args.json:
        args.json.write_text(json.dumps(asdict(figures), indent=2) + "\n", encoding="utf-8")
        progress(f"figures saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
