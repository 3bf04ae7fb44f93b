"""Benchmark the rupture guide's built site in headless Chromium.

What it measures (``--only`` picks sections; all run by default). The first four are over N cold
runs (a fresh browser context, so an empty HTTP cache) and N warm runs (one context per page,
primed once, then reloaded):

1. ``loads``: **First question visible** on ``guide/``: the pre-rendered ``form[data-question]``
   as soon as it is laid out and painted, from navigation start. An init script
   polls with ``requestAnimationFrame`` and a PerformanceObserver records
   first-contentful-paint; the figure is the later of the two (a form found in
   the first frame is visible at first paint, not before).
   **Engine ready**: when ``#decision-guide`` gets ``data-platform`` (a
   MutationObserver installed by an init script records ``performance.now()``),
   against two baselines written into the built site, which load Pyodide and nothing
   else, from their own copy of the npm package's files as published (``bench-bare/pyodide/``,
   so that trimming the site's runtime shows as a gain): ``bench-bare/`` (``loadPyodide`` in a
   module Web Worker, like the guide) and ``bench-bare/main-thread.html`` (on the main
   thread). Both set ``document.body.dataset.ready``. The ratio guide / bare
   worker is the figure with a target. A third page, ``bench-bare/engine.html``,
   runs the guide's own ``worker.mjs`` (Pyodide, the wheel, the import) with no
   page around it, which splits the guide's overhead into the engine's and the page's.
   Also the **Largest Contentful Paint** of the largest content page (the largest built
   ``index.html``, leaving out ``guide/`` itself and the handout).
2. ``clicks``: **Click to next view** once the engine is ready: one ``page.evaluate`` per
   click, timed inside the page from just before ``button.click()`` until the
   next form or ``section.guide-result`` is in the DOM (a MutationObserver), so
   Playwright's round trips are not counted. It walks the questions with varied
   answers and "Start over" after each result; the target is on answer clicks.
   Each click waits, as a reader reads, until the last view is drawn and the page is idle
   (``READ_FIRST``). The same walk with each click sent the moment the last view is in the
   DOM is shown for information: there the last view's own rendering runs during the click.
3. ``bytes``: **Bytes** requested by ``guide/`` (until the engine is ready and the network
   is quiet) and by a content page (``managing/secondary/``), as logged by the
   server (so a worker's requests count too): raw sizes of the files sent, and
   their gzip size at level 6 computed from the files on disk, against the five
   Pyodide runtime files as published. The content page must request nothing under
   ``assets/pyodide/``.
4. ``glance``: the words a reader sees of each result on the page of all pathways.
5. ``network`` (issue 15): cold loads under Chromium's network emulation, "slow 4G"
   (Lighthouse's) and "fast 4G" (Chrome DevTools'), from a second server that sends gzip as
   static hosts do: the bare runtime ready, the guide's engine ready and a shared link's
   result shown (engine-rendered), the bytes received (CDP, workers included), and the ratio
   shared-link result / bare runtime on slow 4G. Median of ``--network-runs`` (default 3; a
   slow-4G load takes about half a minute). Details in ``network.py``.
6. ``visits`` (issue 14): the engine ready on a first visit of ``guide/`` and on a repeat
   visit in the same context (after the first has finished, and its service worker's offline
   copy is complete if there is one), the ratio repeat / first, and the start path the page
   reports (``data-engine-start``). No network emulation. Details in ``visits.py``.
7. ``paint`` (issue 20): first contentful paint of ``guide/`` and ``guide/practice/`` against a
   plain Material page built by the benchmark from one of the project's pages (``plain.py``):
   ``--paint-runs`` cold loads of each (default 9), alternating. Details in ``paint.py``.
8. ``lighthouse`` (issue 20): Lighthouse, the pinned npm development dependency, on the same three
   pages with its desktop and mobile presets, ``--lighthouse-runs`` times each (default 5), served
   with gzip. Details in ``lighthouse.py``. Not part of ``make test``.

The site is built with ``mkdocs build --strict`` into a temporary folder (that
is the build time reported), or copied from ``--site DIR``, and served on
127.0.0.1 by a threaded ``http.server`` with the right MIME types and
``Cache-Control: max-age=600`` (what GitHub Pages sends); plain files, except for the network
section's gzip. Chromium is the system one (``tools/find-chromium``), launched like the browser
tests do.

Run it from the project's root (``make bench`` does the same)::

    .venv/bin/python tools/bench/benchmark.py [--runs 5] [--clicks 50] [--network-runs 3]
        [--paint-runs 9] [--lighthouse-runs 5] [--only network,visits] [--site DIR] [--json FILE]

It takes about a quarter of an hour with the defaults; everything it starts or writes is
stopped or removed at the end. The exit status is 0 whatever the results: this
is a measurement, not a test (pytest does not collect it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the shared tools

from tools.bench.baselines import write_baselines
from tools.bench.browser import chromium_path
from tools.bench.common import CONTENT_PATH, GUIDE_PATH, load_average, progress
from tools.bench.figures import Figures
from tools.bench.lighthouse import lighthouse_version, measure_lighthouse
from tools.bench.network import measure_network
from tools.bench.pageloads import measure_clicks, measure_lcp, measure_loads
from tools.bench.paint import MIN_PAINT_RUNS, measure_paint
from tools.bench.plain import write_plain_site
from tools.bench.report import report
from tools.bench.site import build_site, copy_site, largest_content_page, serve, url_path
from tools.bench.transfer import measure_transfer, runtime_sizes
from tools.bench.visits import measure_visits
from tools.glance import distribution, visible_words
from tools.harness import CHROMIUM_ARGS

SECTIONS = ("loads", "clicks", "bytes", "glance", "network", "visits", "paint", "lighthouse")


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


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="cold and warm runs of each page, and visit pairs (5)")
    parser.add_argument("--clicks", type=int, default=50, help="answer clicks to time (default 50)")
    parser.add_argument("--network-runs", type=int, default=3, help="cold loads per page and profile (default 3)")
    paint_help = f"cold loads per page for first paint (default 9, at least {MIN_PAINT_RUNS} for a verdict)"
    parser.add_argument("--paint-runs", type=int, default=9, help=paint_help)
    parser.add_argument("--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page and preset (5)")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections to run, comma-separated (default: {','.join(SECTIONS)})"
    )
    parser.add_argument("--site", type=Path, help="an already built site to use instead of building one")
    parser.add_argument("--json", type=Path, help="also save every figure to this JSON file")
    args = parser.parse_args(argv)
    if min(args.runs, args.clicks, args.network_runs, args.paint_runs, args.lighthouse_runs) < 1:
        parser.error("--runs, --clicks, --network-runs, --paint-runs and --lighthouse-runs must be at least 1")
    args.sections = [name.strip() for name in args.only.split(",") if name.strip()]
    if unknown := sorted(set(args.sections) - set(SECTIONS)):
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose among {', '.join(SECTIONS)}")
    return args


def measure(browser: Browser, site_dir: Path, args: argparse.Namespace) -> Figures:
    """Run the chosen measurements against the served site."""
    figures = Figures(runs=args.runs, build_seconds=None, browser_version=browser.version, load_before=load_average())
    figures.sections = args.sections
    with serve(site_dir) as (base, log):
        if "loads" in args.sections:
            figures.loads = measure_loads(browser, base, args.runs)
            largest = largest_content_page(site_dir)
            figures.lcp_page, figures.lcp_page_bytes = url_path(site_dir, largest), largest.stat().st_size
            progress(f"largest contentful paint of {figures.lcp_page}")
            lcp_loads, figures.lcp_element = measure_lcp(browser, base, figures.lcp_page, args.runs)
            figures.loads += lcp_loads
        if "clicks" in args.sections:
            progress("timing clicks")
            figures.clicks, figures.click_problems = measure_clicks(browser, base, args.clicks)
            figures.clicks_back_to_back, problems = measure_clicks(browser, base, args.clicks, read_first=False)
            figures.click_problems += problems
        if "bytes" in args.sections:
            progress("counting bytes")
            figures.guide_transfer = measure_transfer(browser, base, log, site_dir, GUIDE_PATH, engine=True)
            figures.content_transfer = measure_transfer(browser, base, log, site_dir, CONTENT_PATH, engine=False)
            figures.runtime_raw_bytes, figures.runtime_gzip_bytes = runtime_sizes(site_dir)
        if "visits" in args.sections:
            progress("first and repeat visits")
            figures.visits, figures.visit_notes = measure_visits(browser, base, log, args.runs)
        if "paint" in args.sections:
            progress(f"first paint of the engine's pages and a plain Material page, {args.paint_runs} cold runs")
            figures.paints = measure_paint(browser, base, args.paint_runs)
    if "network" in args.sections:
        with serve(site_dir, compress=True) as (base, log):
            progress(f"network emulation, {args.network_runs} cold runs per profile (about 1 min per slow-4G run)")
            figures.network_runs = args.network_runs
            figures.network = measure_network(browser, base, log, args.network_runs)
    if "lighthouse" in args.sections:
        with serve(site_dir, compress=True) as (base, _):
            figures.lighthouse_version = lighthouse_version()
            progress(f"Lighthouse {figures.lighthouse_version}, {args.lighthouse_runs} runs per page and preset")
            figures.lighthouse = measure_lighthouse(base, args.lighthouse_runs)
    if "glance" in args.sections:
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
        if {"paint", "lighthouse"} & set(args.sections):
            progress("building the plain Material page")
            write_plain_site(site_dir)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            try:
                figures = measure(browser, site_dir, args)
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
