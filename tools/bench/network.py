"""Network section (issue 15): cold loads under Chromium's network emulation, gzip on the wire.

Two profiles, each with its source:

- ``slow-4g``: Lighthouse's ``mobileSlow4G`` as Lighthouse applies it with DevTools throttling
  (core/config/constants.js: ``requestLatencyMs: 150 * 3.75``, ``downloadThroughputKbps:
  1.6 * 1024 * 0.9``, ``uploadThroughputKbps: 750 * 0.9``; core/lib/emulation.js turns kbps into
  bytes per second with ``* 1024 / 8``). The 150 ms RTT and 1638.4 kbps (1.6 * 1024) are the
  figures of Lighthouse's simulated throttling; request-level throttling adds the 3.75x latency
  and 0.9x throughput factors to approximate them. It is also Chrome DevTools' "Slow 4G".
- ``fast-4g``: Chrome DevTools' "Fast 4G" preset (devtools-frontend, front_end/core/sdk/
  NetworkManager.ts, ``Fast4GConditions``): 9 Mbps * 0.9 down, 1.5 Mbps * 0.9 up, 60 ms * 2.75.

Emulation is set on the page's target (``Network.emulateNetworkConditions``). In Chromium 156 that
also throttles the fetches of the page's dedicated workers (the bare runtime in a module worker
takes as long as on the main thread under the same profile), while the same command sent to a
worker's own target answers "Not supported". The workers' requests are not reported on the page's
session, so the bytes come from ``Target.setAutoAttach`` (non-flattened, the only mode Playwright's
CDP session can relay: ``Target.sendMessageToTarget``), which enables the Network domain in each
worker before it runs (``waitForDebuggerOnStart``). The server's own count of body bytes written is
reported beside it as a cross-check (it misses headers; CDP's figure includes them).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tools.bench.browser import engine_start, new_context, read_bench
from tools.bench.common import BARE_WORKER_PATH, GUIDE_PATH, progress
from tools.bench.figures import NetworkLoad
from tools.bench.site import wait_quiet
from tools.harness import RequestLog

#: A shared link to a result (parsed by src/decision_tree/fragment.py; a clean result, nothing ignored).
SHARED_LINK = GUIDE_PATH + "#risk=no&phase=ongoing&signs=missed-session,easy-explanation"
NETWORK_TIMEOUT_MS = 240_000
#: The goal of issue 15: the guide's shared-link result under slow 4G, against the bare runtime.
LINK_RATIO = 0.70


@dataclass(frozen=True)
class Profile:
    """Network conditions as Network.emulateNetworkConditions takes them (bytes per second, ms)."""

    name: str
    latency_ms: float
    download_bps: float
    upload_bps: float

    def conditions(self) -> dict[str, Any]:
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.download_bps,
            "uploadThroughput": self.upload_bps,
        }


SLOW_4G = Profile("slow-4g", 150 * 3.75, math.floor(1.6 * 1024 * 0.9 * 1024 / 8), math.floor(750 * 0.9 * 1024 / 8))
FAST_4G = Profile("fast-4g", 60 * 2.75, 9 * 1000 * 1000 / 8 * 0.9, 1.5 * 1000 * 1000 / 8 * 0.9)
PROFILES = (SLOW_4G, FAST_4G)


class WireCounter:
    """Bytes received (encodedDataLength) by a page and by the dedicated workers it starts."""

    def __init__(self, session: CDPSession) -> None:
        self.session = session
        self.page: dict[str, int] = {}
        self.workers: dict[tuple[str, str], int] = {}
        self.attach_errors: list[str] = []
        self.target_types: set[str] = set()
        session.on("Network.loadingFinished", self._page_finished)
        session.on("Target.attachedToTarget", self._attached)
        session.on("Target.receivedMessageFromTarget", self._worker_message)
        session.send("Network.enable")
        session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def _page_finished(self, event: dict[str, Any]) -> None:
        self.page[event["requestId"]] = int(event["encodedDataLength"])

    def _attached(self, event: dict[str, Any]) -> None:
        target = event["sessionId"]
        self.target_types.add(str(event["targetInfo"]["type"]))
        for number, method in enumerate(("Network.enable", "Runtime.runIfWaitingForDebugger")):
            message = json.dumps({"id": number + 1, "method": method, "params": {}})
            self.session.send("Target.sendMessageToTarget", {"sessionId": target, "message": message})

    def _worker_message(self, event: dict[str, Any]) -> None:
        message = json.loads(event["message"])
        if message.get("method") == "Network.loadingFinished":
            params = message["params"]
            self.workers[(event["sessionId"], params["requestId"])] = int(params["encodedDataLength"])
        elif "error" in message:
            self.attach_errors.append(str(message["error"]))

    def totals(self) -> tuple[int, int, int]:
        """All bytes, the workers' share, and the number of requests finished so far."""
        worker_bytes = sum(self.workers.values())
        return sum(self.page.values()) + worker_bytes, worker_bytes, len(self.page) + len(self.workers)


def wait_for(page: Page, condition: str) -> str | None:
    """Wait for a condition on window.__bench; returns why it was not met, or None.

    A failure the page shows does not end the wait: the guide's start-up timeout (15 s in
    engine.mjs) is not final, and a slow network can trip it before the engine comes up."""
    try:
        page.wait_for_function(f"() => window.__bench && ({condition})", timeout=NETWORK_TIMEOUT_MS, polling=100)
    except PlaywrightTimeoutError:
        failed = read_bench(page)["failed"]
        return f"not done within {NETWORK_TIMEOUT_MS / 1000:.0f} s" + (f" ({failed})" if failed else "")
    return None


def throttled_load(browser: Browser, base: str, log: RequestLog, profile: Profile, kind: str) -> NetworkLoad:
    """One cold load (fresh context) of the bare runtime or of the guide's shared link."""
    wait_quiet(log)
    log.clear()
    context = new_context(browser)
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        counter = WireCounter(session)
        session.send("Network.emulateNetworkConditions", profile.conditions())
        page.goto(base + (BARE_WORKER_PATH if kind == "bare" else SHARED_LINK), wait_until="commit")
        bare_done = "window.__bench.ready !== null || window.__bench.failed !== null"  # a bare failure is final
        failed = wait_for(page, bare_done if kind == "bare" else "window.__bench.result !== null")
        if kind == "bare" and not failed:
            failed = read_bench(page)["failed"]
        bench = read_bench(page)
        wire, worker_wire, requests = counter.totals()
        load = NetworkLoad(profile.name, kind, bench["ready"], bench["result"], wire, worker_wire, requests)
        load.server_bytes = sum(hit.body_bytes for hit in log.hits())
        load.duplicates = sorted({hit.path for hit in log.hits() if [h.path for h in log.hits()].count(hit.path) > 1})
        load.worker_types = sorted(counter.target_types)
        load.engine_start = engine_start(page) if kind != "bare" else None
        load.failed = failed or ("; ".join(counter.attach_errors) or None)
        load.error_shown = None if bench["failed"] is None else str(bench["failed"])
        return load
    finally:
        context.close()


def measure_network(browser: Browser, base: str, log: RequestLog, runs: int) -> list[NetworkLoad]:
    """N cold loads of the bare runtime and of the guide's shared link under each profile, interleaved."""
    loads: list[NetworkLoad] = []
    for profile in PROFILES:
        for run in range(runs):
            started = time.monotonic()
            for kind in ("bare", "guide-link"):
                loads.append(throttled_load(browser, base, log, profile, kind))
                if loads[-1].failed:
                    progress(f"{profile.name} load of {kind} failed: {loads[-1].failed}")
            progress(f"{profile.name} run {run + 1}/{runs} done ({time.monotonic() - started:.0f} s)")
    return loads
