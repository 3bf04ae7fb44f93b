"""What a reader sees first: on a phone (360 × 740) and on a laptop (1280 × 800), the guide's first
answer is on the first screen, and a result (answered, or opened from a shared link) shows its
heading in view, below Material's sticky header, with the focus on it. A plain visit never has its
focus moved, nor a link whose reader has already moved it elsewhere."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.helpers import guide, settle, visit, wait_ready, wait_until, walk_to_result
from tests.support.browser import ENGINE_TIMEOUT_MS

SIZES = {"360x740": {"width": 360, "height": 740}, "1280x800": {"width": 1280, "height": 800}}
LINKS = {
    "risk": "risk=yes&phase=ongoing&signs=explicit-blame",
    "no-risk": "risk=no&phase=ongoing&signs=missed-session,easy-explanation",
}
IN_VIEW = """element => {
    const header = document.querySelector('.md-header');
    const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    const box = element.getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, visibleFrom: top, visibleTo: window.innerHeight,
            inView: box.height > 0 && box.top >= top - 0.5 && box.bottom <= window.innerHeight + 0.5};
}"""


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, page: Page) -> Page:
    """The test's page (the engine tab: tests/browser/conftest.py) at one of the sizes."""
    page.set_viewport_size(SIZES[request.param])  # type: ignore[arg-type]
    return page


def assert_in_view(element: Locator, what: str) -> None:
    where: dict[str, Any] = element.evaluate(IN_VIEW)
    assert where["inView"], f"{what} is not in view: {where}"


def result_heading(page: Page) -> Locator:
    # From a shared link the result waits for the engine to start: allow a start's time.
    expect(guide(page)).to_have_attribute("data-state", "result", timeout=ENGINE_TIMEOUT_MS)
    return page.locator(".guide-view h2[tabindex]").first


def assert_heading_in_view_with_focus(page: Page) -> None:
    heading = result_heading(page)
    expect(heading).to_be_focused()  # focused in the frame that draws the result, scrolled with it
    assert_in_view(heading, "the result heading")


@pytest.mark.engine_tab
def test_first_answer_is_on_the_first_screen(sized: Page, site_url: str) -> None:
    page = sized
    visit(page, site_url + "guide/")
    first = page.locator(".guide-view button[name=answer]").first
    expect(first).to_be_visible()
    assert_in_view(first, "the first answer")
    wait_ready(page)
    assert_in_view(first, "the first answer, once the engine is ready")
    # A plain visit leaves the focus and the scroll alone.
    assert page.evaluate("document.activeElement === document.body")
    assert page.evaluate("window.scrollY") == 0
    # The scope note stays on the page, after the guide rather than above it; the note before the
    # guide is folded, and says the same when opened.
    scope = page.locator("aside.scope-note")
    expect(scope).to_be_visible()
    expect(scope).to_contain_text("never")
    assert scope.evaluate(
        "(note, guide) => note.getBoundingClientRect().top >= guide.getBoundingClientRect().bottom",
        guide(page).element_handle(),
    )
    before = page.locator("details.info")
    expect(before).not_to_have_attribute("open", "")
    before.locator("summary").click()
    expect(before).to_contain_text("never replaces it")


@pytest.mark.engine_tab
def test_result_heading_in_view_after_the_last_answer(sized: Page, site_url: str) -> None:
    page = sized
    visit(page, site_url + "guide/")
    wait_ready(page)
    walk_to_result(page, {"risk": ["no"], "phase": ["ongoing"], "in-session": ["withdrawal"]})
    assert_heading_in_view_with_focus(page)
    settle(page)
    assert_heading_in_view_with_focus(page)


@pytest.mark.engine_tab
def test_risk_result_heading_in_view_after_the_last_answer(sized: Page, site_url: str) -> None:
    page = sized
    visit(page, site_url + "guide/")
    wait_ready(page)
    walk_to_result(page, {"risk": ["yes"], "phase": ["ongoing"], "about-us": ["explicit-blame"]})
    expect(page.locator("section.guide-result")).to_have_attribute("data-safety", "true")
    assert_heading_in_view_with_focus(page)


@pytest.mark.engine_tab
@pytest.mark.parametrize("link", sorted(LINKS))
def test_result_heading_in_view_from_a_shared_link(sized: Page, site_url: str, link: str) -> None:
    page = sized
    visit(page, site_url + "guide/#" + LINKS[link])
    assert_heading_in_view_with_focus(page)
    settle(page)
    assert_heading_in_view_with_focus(page)


def test_a_link_does_not_take_the_focus_the_reader_moved(sized: Page, site_url: str) -> None:
    page = sized
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    page.goto(site_url + "guide/#" + LINKS["risk"])
    summary = page.locator("details.info summary")
    summary.focus()
    expect(summary).to_be_focused()
    expect(guide(page)).to_have_attribute("data-state", "loading")
    wait_until(page, lambda: bool(held))
    held[0].continue_()
    result_heading(page)
    settle(page)  # past the frame in which the guide would have moved the focus
    expect(summary).to_be_focused()
