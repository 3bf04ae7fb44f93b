"""The walking skeleton in a real browser: the engine runs under Pyodide and answers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, Request, expect

from tests.browser.helpers import wait_ready, walk_to_result
from tests.support.serving import ServeFn


def answer_path_to_result(page: Page) -> None:
    """Missed a session and explained it away; unsure whether it followed a difficult session (by IDs)."""
    walk_to_result(
        page,
        {
            "risk": ["no"],
            "phase": ["ongoing"],
            "in-session": ["easy-explanation"],
            "attendance": ["missed-session"],
            "after-difficult": ["unsure"],
        },
    )


def test_guide_runs_the_engine_under_pyodide(page: Page, site_url: str) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    page.goto(site_url + "guide/")
    guide = page.locator("#decision-guide")
    expect(guide).to_have_attribute("data-state", "question")
    wait_ready(page)
    answer_path_to_result(page)
    expect(guide).to_have_attribute("data-state", "result")
    result = guide.locator("[data-level]")
    expect(result).to_have_attribute("data-level", "secondary")
    expect(result).to_have_attribute("data-safety", "false")
    hrefs = result.locator(".guide-intervention h4 a").evaluate_all("links => links.map(a => a.href)")
    assert any(h.endswith("#investigate-changes") for h in hrefs) and any(h.endswith("#wonder-aloud") for h in hrefs)
    loaded = [urlparse(r.url).path for r in requests]
    assert any(p.endswith("/assets/pyodide/pyodide.asm.wasm.zst") for p in loaded)
    assert any(p.endswith(".whl") and "decision_tree" in p for p in loaded)
    assert {urlparse(r.url).netloc for r in requests} == {urlparse(site_url).netloc}


def test_site_works_under_a_sub_path(page: Page, site: Path, serve: ServeFn) -> None:
    base = serve(site, prefix="/rupture-guide/")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "guide/#risk=no&phase=ongoing&signs=dropout")
    guide = page.locator("#decision-guide")
    wait_ready(page)
    expect(guide).to_have_attribute("data-state", "result")
    expect(guide.locator("[data-level]")).to_have_attribute("data-level", "tertiary")
    page.locator("li[data-intervention=reach-out] h4 a").click()
    expect(page).to_have_url(base + "managing/tertiary/#reach-out")
    assert all(urlparse(url).path.startswith("/rupture-guide/") for url in requests), [
        url for url in requests if not urlparse(url).path.startswith("/rupture-guide/")
    ]
