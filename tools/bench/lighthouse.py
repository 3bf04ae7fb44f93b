"""Lighthouse (issue 20): the engine's pages and the plain Material page, desktop and mobile presets.

Lighthouse is the benchmark's own pinned npm package (``tools/bench/node_modules/lighthouse``, see
tools/bench/package.json; ``tools/setup --bench`` installs it, ``make test`` does not), run with
Node.js against the system Chromium (``CHROME_PATH``, headless, no sandbox) on the benchmark's own
server, with gzip as static hosts send it. It needs no network beyond 127.0.0.1. Only the
performance category runs; each run is a fresh Chromium profile, so a cold load. The ``mobile``
preset is Lighthouse's default (a mid-range phone, simulated slow 4G and a 4x slower processor);
``desktop`` is ``--preset=desktop``. Lighthouse's figures are simulated from the trace of an
unthrottled load (its "Lantern" model): a request that ends before the largest contentful paint
counts as needed for it. Runs alternate between pages and presets; medians per page and preset. The
plain page runs with the mobile preset only, the one its figures are compared under (desktop has a
fixed target), which keeps ``make bench`` under 20 minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tools.bench.browser import chromium_path
from tools.bench.common import progress
from tools.bench.figures import LighthouseRun
from tools.bench.paint import PAINT_PAGES
from tools.harness import CHROMIUM_ARGS, ROOT

LIGHTHOUSE = ROOT / "tools" / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
PRESETS = ("desktop", "mobile")
#: The goals of issue 20, for guide/ and guide/practice/.
DESKTOP_SCORE = 0.95
MOBILE_SCORE_MARGIN = 0.03
MOBILE_LCP_RATIO = 1.2
RUN_TIMEOUT_S = 180


def lighthouse_version() -> str:
    package = LIGHTHOUSE.parent.parent / "package.json"
    if not package.exists():
        return ""
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def audit(report: dict[str, Any], name: str) -> float | None:
    value = report["audits"].get(name, {}).get("numericValue")
    return None if value is None else float(value)


def lcp_element(report: dict[str, Any]) -> str | None:
    """The selector of the element Lighthouse names as the largest contentful paint."""
    details = report["audits"].get("largest-contentful-paint-element", {}).get("details", {})
    for table in details.get("items", []):
        for item in table.get("items", []):
            node = item.get("node")
            if node:
                return str(node.get("selector") or node.get("snippet"))
    return None


def run_lighthouse(url: str, kind: str, preset: str) -> LighthouseRun:
    """One Lighthouse run; a failure is recorded, not raised."""
    flags = " ".join(["--headless=new", "--no-sandbox", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory(prefix="rupture-lighthouse-") as tmp:
        output = Path(tmp) / "report.json"
        command = [
            "node", str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
            f"--output-path={output}", "--quiet", f"--chrome-flags={flags}", "--no-enable-error-reporting",
            *(["--preset=desktop"] if preset == "desktop" else []),
        ]  # fmt: skip
        env = {**os.environ, "CHROME_PATH": chromium_path(), "HOME": tmp, "XDG_CONFIG_HOME": tmp}
        try:
            run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return LighthouseRun(kind, preset, None, failed=f"no report within {RUN_TIMEOUT_S} s")
        if run.returncode != 0 or not output.exists():
            return LighthouseRun(kind, preset, None, failed=(run.stderr.strip() or "no report")[-300:])
        report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    score = report["categories"]["performance"]["score"]
    problem = report.get("runtimeError", {}).get("message")
    return LighthouseRun(
        kind,
        preset,
        None if score is None else float(score),
        fcp_ms=audit(report, "first-contentful-paint"),
        lcp_ms=audit(report, "largest-contentful-paint"),
        tbt_ms=audit(report, "total-blocking-time"),
        cls=audit(report, "cumulative-layout-shift"),
        speed_index_ms=audit(report, "speed-index"),
        lcp_element=lcp_element(report),
        failed=None if problem is None else str(problem),
    )


def measure_lighthouse(base: str, runs: int) -> list[LighthouseRun]:
    """`runs` Lighthouse runs of each page with each preset, alternating pages within each run."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is missing ({LIGHTHOUSE}): run `tools/setup --bench`")
    results: list[LighthouseRun] = []
    for run in range(runs):
        for preset in PRESETS:
            for kind, path in PAINT_PAGES.items():
                if kind == "plain" and preset == "desktop":
                    continue
                results.append(run_lighthouse(base + path, kind, preset))
                if results[-1].failed:
                    progress(f"lighthouse {preset} on {path} failed: {results[-1].failed}")
        progress(f"lighthouse run {run + 1}/{runs} done")
    return results
