"""When the engine cannot start, the guide says so (each wait is bounded at 20 seconds), names what
failed in the console, and links to the page of all pathways. Without JavaScript, the same in a
<noscript>. A slow start is reported, then recovered from; the test shortens the engine's start-up
timeout through its test-only hook (see guide/js/engine.mjs) rather than waiting 15 seconds.
Each failure also reaches the page through the engine's one status event, in its one error shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.helpers import STORAGE_PROBE, guide, wait_ready, wait_until

WITHIN_MS = 20_000


def fulfil(status: int, content_type: str, body: bytes) -> Callable[[Route], None]:
    return lambda route: route.fulfill(status=status, content_type=content_type, body=body)


#: Keeps the detail of every "decision-guide:status" event (the engine's contract, guide/js/engine.mjs).
#: Every change of status the engine tells (progress reports while loading are left out).
RECORD_STATUSES = """window.__statuses = [];
window.addEventListener('decision-guide:status', (event) => {
  if (event.detail.status !== 'loading') window.__statuses.push(event.detail);
});"""


def statuses(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("window.__statuses")
    return found


def expect_clear_failure(page: Page, console: list[str], reason: re.Pattern[str], kind: str) -> None:
    expect(guide(page)).to_have_attribute("data-state", "error", timeout=WITHIN_MS)
    # Told through the one event, in the one shape: {status, platform, error: {kind, message, file?}}.
    told = statuses(page)
    assert told and told[-1]["status"] == "failed", told
    error = told[-1]["error"]
    assert error["kind"] == kind and set(error) <= {"kind", "message", "file"}, error
    assert reason.search(error["message"]), error
    box = page.locator("[data-guide-error]")
    expect(box).to_be_visible()
    expect(box).to_contain_text("could not start")
    link = box.get_by_role("link", name="Open all pathways")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", re.compile("pathways/$"))
    assert any(reason.search(line) for line in console), console
    # Failing is no reason to leak: nothing stored, no cookie, no request to another origin.
    assert page.evaluate(STORAGE_PROBE) == {"local": [], "session": [], "databases": []}
    assert page.context.cookies() == []
    link.click()
    expect(page).to_have_url(re.compile("guide/pathways/$"))


CASES: dict[str, tuple[str, Callable[[Path], Callable[[Route], None]], str, str]] = {
    "wasm blocked": (
        "**/pyodide.asm.wasm.zst",
        lambda site: lambda route: route.abort(),
        r"could not load pyodide.asm.wasm.zst",
        "load",
    ),
    "wasm damaged": (
        "**/pyodide.asm.wasm.zst",
        # The first bytes of the real file (a zstd frame's header), then bytes of nothing.
        lambda site: fulfil(
            200,
            "application/octet-stream",
            (site / "assets/pyodide/pyodide.asm.wasm.zst").read_bytes()[:64] + bytes(range(256)) * 64,
        ),
        r"pyodide.asm.wasm.zst is damaged",
        "corrupt",
    ),
    "zstd's decoder missing": (
        "**/zstd-decoder.wasm",
        lambda site: fulfil(404, "text/plain", b"not found"),
        r"could not load zstd-decoder.wasm",
        "load",
    ),
    "wheel missing": (
        "**/decision_tree-*.whl",
        lambda site: fulfil(404, "text/plain", b"not found"),
        r"could not load decision_tree-.*\.whl",
        "load",
    ),
    "worker crashing": (
        "**/assets/guide/worker.mjs",
        lambda site: fulfil(200, "text/javascript", b"throw new Error('worker exploded');"),
        r"stopped with an error",
        "worker",
    ),
    "worker script missing": (
        "**/assets/guide/worker.mjs",
        lambda site: fulfil(404, "text/plain", b""),
        r"stopped with an error",
        "worker",
    ),
    "lock file corrupt": (
        "**/pyodide-lock.json",
        lambda site: fulfil(200, "application/json", b"{ this is not json"),
        r"(?i)json|lock",
        "corrupt",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_engine_failure_is_explained(page: Page, site: Path, site_url: str, case: str) -> None:
    pattern, make_handler, reason, kind = CASES[case]
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.route(pattern, make_handler(site))
    page.add_init_script(RECORD_STATUSES)
    page.goto(site_url + "guide/")
    expect_clear_failure(page, console, re.compile(reason), kind)
    assert hosts == {urlsplit(site_url).netloc}


def test_answer_given_before_a_failure_still_ends_in_the_message(page: Page, site_url: str) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    held: list[Route] = []
    page.route("**/python_stdlib.zip.zst", lambda route: held.append(route))
    page.add_init_script(RECORD_STATUSES)
    page.goto(site_url + "guide/")
    page.locator(".guide-view button[name=answer][value=no]").click()
    expect(guide(page)).to_have_attribute("data-state", "loading")
    wait_until(page, lambda: bool(held))
    held[0].abort()
    expect_clear_failure(page, console, re.compile(r"could not load python_stdlib.zip.zst"), "load")
    assert statuses(page)[-1]["error"]["file"] == "python_stdlib.zip.zst"


def test_no_webassembly(page: Page, site_url: str) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script("delete window.WebAssembly")
    page.add_init_script(RECORD_STATUSES)
    page.goto(site_url + "guide/")
    expect_clear_failure(page, console, re.compile("does not support WebAssembly"), "unsupported")


def test_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "guide/")
    notice = page.locator("#decision-guide noscript + *, #decision-guide .guide-error").first
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("needs JavaScript")
    notice.get_by_role("link", name="page of all pathways").click()
    expect(page).to_have_url(re.compile("guide/pathways/$"))
    expect(page.locator("#outcome-secondary")).to_be_visible()
    context.close()


def test_a_slow_engine_is_reported_then_recovers(page: Page, site_url: str) -> None:
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    page.add_init_script("window.__decisionGuideEngineTimeoutMs = 500")  # the engine's test-only hook
    page.add_init_script(RECORD_STATUSES)
    page.goto(site_url + "guide/#risk=no&phase=start")
    expect(guide(page)).to_have_attribute("data-state", "error", timeout=WITHIN_MS)
    expect(page.locator("[data-guide-error]")).to_contain_text("no sign of progress within 0.5 seconds")
    wait_until(page, lambda: bool(held))  # the timeout may come before the runtime is even asked for
    held[0].continue_()
    wait_ready(page)
    expect(guide(page)).to_have_attribute("data-state", "question")
    expect(page.locator("[data-guide-error]")).to_be_hidden()
    expect(page.locator("form[data-question=in-session]")).to_be_visible()
    told = statuses(page)
    assert [(s["status"], (s["error"] or {}).get("kind")) for s in told] == [("failed", "timeout"), ("ready", None)]
    assert told[-1]["platform"] == "emscripten"


def test_a_host_that_mistypes_the_runtime_still_starts_the_guide(page: Page, site_url: str) -> None:
    # Streaming WebAssembly compilation takes only application/wasm, and Pyodide never settles on any
    # other type; the .wasm now comes packed and the worker gives it its type, so no host can get it wrong.
    typed: list[str] = []

    def as_octet_stream(route: Route) -> None:
        response = route.fetch()
        typed.append(route.request.url.rsplit("/", 1)[-1])
        headers = {**response.headers, "content-type": "application/octet-stream"}
        route.fulfill(response=response, headers=headers)

    page.route(re.compile(r".*/assets/pyodide/[^/]+\.(wasm|zst)$"), as_octet_stream)
    page.goto(site_url + "guide/#risk=no")
    wait_ready(page)
    assert {"pyodide.asm.wasm.zst", "python_stdlib.zip.zst", "zstd-decoder.wasm"} <= set(typed), typed
    expect(guide(page)).to_have_attribute("data-state", "question")
