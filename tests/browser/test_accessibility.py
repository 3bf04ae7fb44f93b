"""Accessibility with axe-core (WCAG 2.1 A and AA) on every page and in every state of the guide,
plus no console error, a language and a title on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.helpers import COLOUR_RULES, all_pages, axe_violations, guide, settle, visit, wait_ready, wait_until
from tests.browser.site_tour import SiteTour
from tests.support.browser import ENGINE_TIMEOUT_MS


def assert_no_violations(page: Page, where: str) -> None:
    # Let transitions finish (Material slides the header title on scroll): axe judges what stays on screen.
    settle(page)
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def test_every_page_passes_axe_without_console_errors_light_and_dark(site: Path, site_tour: SiteTour) -> None:
    """Each page, loaded once, judged in light, then its colours in dark: the page follows the system's
    setting as it changes, as it does when a phone switches at dusk (the shared tour: site_tour.py)."""
    assert [seen.path for seen in site_tour.visits] == all_pages(site)
    for seen in site_tour.visits:
        assert seen.lang == "en", seen.path
        assert seen.title, seen.path
        for scheme, violations in seen.axe.items():
            assert violations == [], f"{seen.path} ({scheme}): {violations}"
    assert set(site_tour.visits[0].axe) == {"light", "dark"}
    assert site_tour.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_guide_states_pass_axe(page: Page, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    page.goto(site_url + "guide/")
    expect(guide(page)).to_have_attribute("data-state", "question")
    assert_no_violations(page, "question before the engine")
    page.locator(".guide-view button[name=answer][value=yes]").click()
    expect(guide(page)).to_have_attribute("data-state", "loading")
    assert_no_violations(page, "loading")
    wait_until(page, lambda: bool(held))  # the runtime is asked for, and held
    held[0].continue_()
    wait_ready(page)
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    assert_no_violations(page, "question with a safety banner")
    page.goto(site_url + "guide/#risk=no&phase=early&in-session=withdrawal")
    expect(page.locator("form[data-question=attendance]")).to_be_visible()
    page.locator("form[data-question=attendance] input").first.check()
    assert_no_violations(page, "multiple choice")
    page.goto(site_url + "guide/#risk=yes&phase=ongoing&signs=explicit-blame,withdrawal&still-attending=no&bad=1")
    expect(guide(page)).to_have_attribute("data-state", "result")
    assert_no_violations(page, "result with safety banner and an ignored part")


def test_error_state_passes_axe(page: Page, site_url: str) -> None:
    page.route("**/pyodide.asm.wasm.zst", lambda route: route.abort())
    page.goto(site_url + "guide/")
    expect(guide(page)).to_have_attribute("data-state", "error", timeout=20_000)
    assert_no_violations(page, "error")


@pytest.mark.engine_tab
@pytest.mark.parametrize("path", ["", "guide/"])
def test_search_dialog_has_a_name(page: Page, site_url: str, path: str) -> None:
    """Lighthouse's aria-dialog-name: Material's search is a role="dialog" and needs a name."""
    visit(page, site_url + path)
    dialogs = page.locator("[role=dialog], dialog")
    assert dialogs.count() >= 1
    for index in range(dialogs.count()):
        name = dialogs.nth(index).evaluate(
            """element => element.getAttribute('aria-label')
                || (element.getAttribute('aria-labelledby') || '').split(' ')
                       .map(id => document.getElementById(id)?.textContent || '').join(' ')"""
        )
        assert name.strip(), dialogs.nth(index).evaluate("element => element.outerHTML.slice(0, 120)")
    expect(page.get_by_role("dialog", name="Search", include_hidden=True)).to_have_count(1)


#: A page with each kind of button: the home page's call to action, and the guide's own buttons.
BUTTONS = {
    "primary": ("", ".md-typeset .md-button--primary"),
    "secondary": (
        "guide/#risk=no&phase=ongoing&signs=missed-session,easy-explanation",
        ".md-typeset .md-button:not(.md-button--primary)",
    ),
}


@pytest.mark.engine_tab
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", BUTTONS)
def test_buttons_keep_their_contrast_when_focused_or_hovered(page: Page, site_url: str, scheme: str, kind: str) -> None:
    """axe judges only the state on screen, and Material recolours a button on focus and on
    hover: put the button in each state, and judge it there."""
    path, selector = BUTTONS[kind]
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    visit(page, site_url + path)
    button = page.locator(selector).locator("visible=true").first
    expect(button).to_be_visible(timeout=ENGINE_TIMEOUT_MS)
    button.evaluate("element => { element.dataset.probe = ''; }")
    for state in ["focus", "hover"]:
        page.mouse.move(0, 0)
        page.evaluate("() => document.activeElement?.blur()")
        if state == "focus":
            button.focus()
        else:
            button.hover()
        settle(page)
        violations = axe_violations(page, "document.querySelector('[data-probe]')")
        assert violations == [], f"{kind} button, {state} ({scheme}): {violations}"


def test_the_colour_rules_find_a_contrast_failure_in_dark(page: Page, site_url: str) -> None:
    """The tour judges the dark scheme by COLOUR_RULES alone: they must see a failure of contrast."""
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "glossary/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert axe_violations(page, rules=COLOUR_RULES) == []
    page.add_style_tag(content="[data-md-color-scheme=slate] .md-typeset p { color: #2e303e !important; }")
    assert "color-contrast" in [violation["id"] for violation in axe_violations(page, rules=COLOUR_RULES)]
