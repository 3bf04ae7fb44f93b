"""Practice mode (guide/practice/) in Chromium: a case shows before the engine, an answer gets
feedback that follows the page contract, shared links, next and restart, no request when
answering, keyboard only, axe in every state (light and dark) and a 360 px screen."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, Request, Route, ViewportSize, expect

from decision_tree import practice as engine_practice
from decision_tree import practice_data
from decision_tree.model import Tree
from tests.browser.helpers import (
    HOLD_SEARCH_INDEX,
    axe_violations,
    move_to_fragment,
    settle,
    visit,
    wait_engine,
    wait_until,
)
from tests.support.browser import ENGINE_TIMEOUT_MS

PAGE = "guide/practice/"


def root(page: Page) -> Any:
    return page.locator("#practice")


def cases(page: Page) -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads(root(page).get_attribute("data-cases") or "[]")
    return data


def wait_ready(page: Page) -> None:
    wait_engine(page, "#practice")


def answer_right(page: Page, tree: Tree) -> tuple[str, list[str]]:
    """Tick the engine's own answer for the case on screen; returns its level and steps."""
    case_id = page.locator("form.practice-case").get_attribute("data-case")
    case = next(c for c in cases(page) if c["id"] == case_id)
    result = engine_practice.case_result(tree, case["fragment"])
    steps = [item.intervention.id for item in result.steps]
    page.locator(f"input[name=level][value={result.level.id}]").check()
    for step in steps:
        page.locator(f"input[name=intervention][value={step}]").check()
    return result.level.id, steps


def submit(page: Page) -> None:
    page.locator("form.practice-case button[type=submit]").click()
    expect(root(page)).to_have_attribute("data-state", "feedback")


def no_violations(page: Page, where: str) -> None:
    settle(page)
    assert axe_violations(page) == [], where


def test_the_first_case_shows_and_can_be_answered_before_the_engine_is_ready(page: Page, site_url: str) -> None:
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    page.goto(site_url + PAGE)
    expect(root(page)).to_have_attribute("data-state", "case")
    assert len(cases(page)) >= 15
    form = page.locator("form.practice-case")
    expect(form).to_have_attribute("data-case", cases(page)[0]["id"])
    expect(form.locator("h2")).to_have_text(cases(page)[0]["title"])
    assert [form.locator("input[name=level]").nth(i).get_attribute("value") for i in range(3)] == [
        "primary", "secondary", "tertiary",
    ]  # fmt: skip
    assert form.locator("input[name=intervention]").count() >= 5
    assert root(page).get_attribute("data-platform") is None
    form.locator("input[name=level][value=secondary]").check()
    form.locator("button[type=submit]").click()
    expect(root(page)).to_have_attribute("data-state", "loading")
    wait_until(page, lambda: bool(held))  # the runtime is asked for, and held
    held[0].continue_()
    expect(root(page)).to_have_attribute("data-state", "feedback", timeout=ENGINE_TIMEOUT_MS)
    expect(page.locator("[data-score][data-level]")).to_have_attribute("data-level", "primary")


#: When the page created its engine's worker, against the end of its load event.
WORKER_CREATED = """
window.__workerCreatedAt = null;
const PageWorker = window.Worker;
window.Worker = class extends PageWorker {
  constructor(...args) {
    window.__workerCreatedAt ??= performance.now();
    super(...args);
  }
};"""


def test_the_engine_starts_once_the_page_has_loaded_not_with_its_first_paint(page: Page, site_url: str) -> None:
    """A case is read before it is answered: the engine's worker, started with the page, competed
    with the page's own start for a phone's processor (issue 20). It starts after the load now."""
    page.add_init_script(WORKER_CREATED)
    page.goto(site_url + PAGE)
    wait_ready(page)
    created = page.evaluate("window.__workerCreatedAt")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert created is not None and loaded > 0
    assert created >= loaded, (created, loaded)


def test_a_case_answered_before_practices_script_runs_is_answered_once_it_does(page: Page, site_url: str) -> None:
    # Hold practice.mjs, so the reader answers the pre-rendered case before anything listens to it.
    held: list[Route] = []
    page.route("**/assets/guide/practice.mjs", lambda route: held.append(route))
    page.goto(site_url + PAGE, wait_until="domcontentloaded")
    wait_until(page, lambda: bool(held))
    expect(root(page)).not_to_have_attribute("data-mounted", "true")
    form = page.locator("form.practice-case")
    form.locator("input[name=level][value=secondary]").check()
    form.locator("button[type=submit]").click()
    assert root(page).get_attribute("data-state") == "case"  # nothing has answered it yet
    for route in held:
        route.continue_()
    expect(root(page)).to_have_attribute("data-state", "feedback", timeout=ENGINE_TIMEOUT_MS)
    expect(page.locator("[data-score][data-level]")).to_have_attribute("data-level", "primary")


@pytest.mark.engine_tab
def test_feedback_follows_the_contract_and_takes_the_focus(page: Page, site_url: str, tree: Tree) -> None:
    visit(page, site_url + PAGE)
    wait_ready(page)
    level, steps = answer_right(page, tree)
    submit(page)
    result = page.locator("[data-score][data-level]")
    expect(result).to_have_attribute("data-score", "100")
    expect(result).to_have_attribute("data-level", level)
    hrefs = [link.get_attribute("href") or "" for link in result.locator("ol a").all()]
    assert [href.rsplit("#", 1)[-1] for href in hrefs] == steps
    expect(page.locator(".practice-feedback h2")).to_be_focused()
    expect(page.locator("#practice .guide-status")).to_contain_text("score 100 out of 100")
    # Every linked section exists: follow one.
    if hrefs:
        result.locator("ol a").first.click()
        expect(page.locator(f"[id='{steps[0]}']")).to_be_attached()


def test_a_shared_link_opens_its_case(page: Page, site_url: str) -> None:
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))  # the engine cannot start yet
    page.goto(site_url + PAGE + "#case=the-review")
    form = page.locator("form.practice-case[data-case=the-review]")
    expect(form).to_be_visible()  # at once: every case is rendered at build time
    expect(root(page)).not_to_have_attribute("data-platform", re.compile("."))
    expect(root(page)).to_have_attribute("data-state", "case")
    title = next(c["title"] for c in cases(page) if c["id"] == "the-review")
    expect(form.locator("h2")).to_have_text(title)
    expect(form.locator("h2")).to_be_focused()


@pytest.mark.engine_tab
def test_next_case_and_start_again(page: Page, site_url: str, tree: Tree) -> None:
    visit(page, site_url + PAGE)
    wait_ready(page)
    listed = [c["id"] for c in cases(page)]
    answer_right(page, tree)
    submit(page)
    page.locator("button[data-practice=next]").click()
    expect(page.locator(f"form.practice-case[data-case={listed[1]}]")).to_be_visible()
    expect(page.locator("form.practice-case h2")).to_be_focused()
    assert page.evaluate("location.hash") == f"#case={listed[1]}"
    page.locator("input[name=level][value=tertiary]").check()
    submit(page)
    expect(page.locator("[data-score]")).not_to_have_attribute("data-score", "100")
    page.locator("button[data-practice=restart]").click()
    expect(page.locator(f"form.practice-case[data-case={listed[0]}]")).to_be_visible()
    assert page.evaluate("location.hash") == f"#case={listed[0]}"
    # The last case offers no next one, only a fresh start.
    move_to_fragment(page, f"case={listed[-1]}")
    expect(page.locator(f"form.practice-case[data-case={listed[-1]}]")).to_be_visible()
    page.locator("input[name=level][value=primary]").check()
    submit(page)
    expect(page.locator("button[data-practice=next]")).to_have_count(0)
    expect(page.locator("button[data-practice=restart]")).to_be_visible()


# Its own context: it watches every request, and a warm cache would answer some unseen.
@pytest.mark.fresh_context
def test_answering_makes_no_request_and_stores_nothing(page: Page, site_url: str, tree: Tree) -> None:
    # Material's search index (the site's own, nothing of the answers in it) loads at the reader's
    # first pause, which a slow machine can take between two answers: held here.
    page.add_init_script(HOLD_SEARCH_INDEX)
    page.goto(site_url + PAGE)
    wait_ready(page)
    requests: list[str] = []

    def record(request: Request) -> None:
        # Chromium reads the site's icon on its own schedule (after the load, on a new address): not ours.
        if not request.url.endswith("/assets/images/favicon.png"):
            requests.append(request.url)

    page.on("request", record)
    answer_right(page, tree)
    submit(page)
    assert requests == []
    page.locator("button[data-practice=next]").click()
    expect(root(page)).to_have_attribute("data-state", "case")
    assert requests == []
    page.locator("input[name=level][value=primary]").check()
    submit(page)
    assert requests == []
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]


@pytest.mark.engine_tab
def test_keyboard_only(page: Page, site_url: str) -> None:
    visit(page, site_url + PAGE)
    wait_ready(page)

    def tab_to(selector: str) -> None:
        for _ in range(80):
            if page.evaluate(f"document.activeElement?.matches({json.dumps(selector)}) ?? false"):
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[name=level]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=level]").first).to_be_checked()
    tab_to("input[name=intervention]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=intervention]").first).to_be_checked()
    tab_to("form.practice-case button[type=submit]")
    page.keyboard.press("Enter")
    expect(root(page)).to_have_attribute("data-state", "feedback")
    expect(page.locator(".practice-feedback h2")).to_be_focused()
    tab_to("button[data-practice=next]")
    page.keyboard.press("Enter")
    expect(page.locator(f"form.practice-case[data-case={cases(page)[1]['id']}] h2")).to_be_focused()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_state_passes_axe(page: Page, site_url: str, scheme: str, tree: Tree) -> None:
    # The warm context blocks the service worker: page.route must see the runtime's requests.
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    page.goto(site_url + PAGE)
    expect(root(page)).to_have_attribute("data-state", "case")
    no_violations(page, f"case before the engine ({scheme})")
    page.locator("input[name=level][value=primary]").check()
    page.locator("form.practice-case button[type=submit]").click()
    expect(root(page)).to_have_attribute("data-state", "loading")
    no_violations(page, f"loading ({scheme})")
    wait_until(page, lambda: bool(held))  # the runtime is asked for, and held
    held[0].continue_()
    expect(root(page)).to_have_attribute("data-state", "feedback", timeout=ENGINE_TIMEOUT_MS)
    no_violations(page, f"feedback ({scheme})")
    page.locator("button[data-practice=next]").click()
    expect(page.locator("form.practice-case h2")).to_be_focused()
    answer_right(page, tree)
    no_violations(page, f"case with the engine, answered ({scheme})")
    failing = page.context.new_page()
    failing.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    failing.route("**/pyodide.asm.wasm.zst", lambda route: route.abort())
    failing.goto(site_url + PAGE)
    expect(root(failing)).to_have_attribute("data-state", "error", timeout=ENGINE_TIMEOUT_MS)
    expect(failing.locator("[data-practice-error] a")).to_be_focused()
    no_violations(failing, f"error ({scheme})")
    failing.close()


@pytest.mark.engine_tab
def test_fits_a_360_px_screen(page: Page, site_url: str, tree: Tree) -> None:
    page.set_viewport_size(ViewportSize(width=360, height=740))
    visit(page, site_url + PAGE)
    wait_ready(page)
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    answer_right(page, tree)
    submit(page)
    assert page.evaluate(overflow) <= 0


@pytest.mark.engine_tab
def test_a_risk_case_without_safety_fails_with_an_alert(page: Page, site_url: str) -> None:
    visit(page, site_url + PAGE + "#case=safety-at-assessment")
    wait_ready(page)
    expect(page.locator("form.practice-case[data-case=safety-at-assessment]")).to_be_visible()
    page.locator("input[name=level][value=primary]").check()
    page.locator("input[name=intervention][value=anticipate-ruptures]").check()
    submit(page)
    expect(page.locator(".practice-feedback [role=alert]")).to_contain_text("safety was left out")
    result = page.locator("[data-score][data-level]")
    expect(result).to_have_attribute("data-failed", "true")
    expect(result).to_have_attribute("data-score", "")
    expect(page.locator("#practice .guide-status")).to_contain_text("not passed")
    no_violations(page, "a failed risk case")


def test_the_mixed_order_is_fixed_and_kept_in_the_link(page: Page, site_url: str, tree: Tree) -> None:
    page.goto(site_url + PAGE)
    wait_ready(page)
    listed = [c["id"] for c in cases(page)]
    mixed = (root(page).get_attribute("data-mixed") or "").split()
    assert sorted(mixed) == sorted(listed) and mixed != listed
    button = page.locator("button[data-practice=order]")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"form.practice-case[data-case={mixed[0]}]")).to_be_visible()
    assert page.evaluate("location.hash") == f"#case={mixed[0]}&order=mixed"
    expect(page.locator("[data-practice-position]")).to_have_text("1")
    answer_right(page, tree)
    submit(page)
    expect(page.locator(".practice-feedback .practice-progress")).to_contain_text(f"Case 1 of {len(mixed)}")
    page.locator("button[data-practice=next]").click()
    expect(page.locator(f"form.practice-case[data-case={mixed[1]}]")).to_be_visible()
    expect(page.locator("[data-practice-position]")).to_have_text("2")
    # The same link, on a new page, opens the same case at the same place in the same order.
    again = page.context.new_page()
    try:
        again.goto(site_url + PAGE + f"#case={mixed[1]}&order=mixed")
        expect(again.locator(f"form.practice-case[data-case={mixed[1]}]")).to_be_visible(timeout=ENGINE_TIMEOUT_MS)
        expect(again.locator("[data-practice-position]")).to_have_text("2")
        expect(again.locator("button[data-practice=order]")).to_have_attribute("aria-pressed", "true")
    finally:
        again.close()


@pytest.mark.engine_tab
def test_a_set_ends_with_a_summary_made_in_python(page: Page, site_url: str, tree: Tree) -> None:
    visit(page, site_url + PAGE)
    wait_ready(page)
    listed = cases(page)
    move_to_fragment(page, f"case={listed[-2]['id']}")
    expect(page.locator(f"form.practice-case[data-case={listed[-2]['id']}]")).to_be_visible()
    answer_right(page, tree)
    submit(page)
    expect(page.locator("[data-score]")).to_have_attribute("data-score", "100")
    page.locator("button[data-practice=next]").click()
    last = listed[-1]
    expect(page.locator(f"form.practice-case[data-case={last['id']}]")).to_be_visible()
    page.locator("input[name=level][value=primary]").check()
    submit(page)
    low = engine_practice.feedback(tree, practice_data.key_for(last["id"]), last["fragment"], "primary", [])
    expect(page.locator("[data-score]")).to_have_attribute("data-score", str(low["score"]))
    page.locator("button[data-practice=summary]").click()
    expect(root(page)).to_have_attribute("data-state", "summary")
    totals = page.locator(".practice-totals")
    expect(totals).to_have_attribute("data-cases-done", "2")
    expect(totals).to_have_attribute("data-mean-score", str(round((100 + (low["score"] or 0)) / 2)))
    missed = [item["title"] for item in low["steps"] if item["mark"] == "missed"]
    expect(page.locator(".practice-summary .practice-items a").first).to_have_text(missed[0])
    expect(page.locator(".practice-summary h2")).to_be_focused()
    expect(page.locator("#practice .guide-status")).to_contain_text("2 of")
    no_violations(page, "the summary")
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    page.locator("button[data-practice=restart]").click()
    expect(page.locator(f"form.practice-case[data-case={listed[0]['id']}]")).to_be_visible()


@pytest.mark.engine_tab
@pytest.mark.parametrize("case_id", ["", "the-empty-chair"])
def test_on_a_phone_the_case_is_in_the_first_screen(page: Page, site_url: str, case_id: str) -> None:
    page.set_viewport_size(ViewportSize(width=360, height=740))
    visit(page, site_url + PAGE + (f"#case={case_id}" if case_id else ""))
    form = page.locator(f"form.practice-case[data-case={case_id}]" if case_id else "form.practice-case")
    expect(form).to_be_visible()
    expect(form.locator("h2")).to_be_in_viewport(ratio=1)
    expect(form.locator(".practice-vignette")).to_be_in_viewport(ratio=1)
