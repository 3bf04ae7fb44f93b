"""Reading the reference in a browser: search, print and PDF, a phone's width, dark mode, copying a phrasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.helpers import KEEP_COPY_TICKS, visit
from tools.stable_links import content_pages, page_path

PRINT_PAGE = "managing/secondary/"
COUNT_CLIPBOARD_WRITES = """() => {
  window.clipboardWrites = 0;
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) => { window.clipboardWrites += 1; return write(text); };
}"""
#: Put at the top of a module, holds its evaluation (and so every import of it) until the test opens it.
COPYING_GATE = "await new Promise((open) => { window.openCopyingGate = open; });\n"


def reading_pages(site: Path) -> list[str]:
    return [page_path(site, file).removeprefix("./") for file in content_pages(site)]


def test_search_finds_the_honeymoon_on_the_alliance_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type("honeymoon")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    expect(results.first).to_be_visible(timeout=15_000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("alliance/" in href for href in hrefs), hrefs


def test_search_opens_with_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + "alliance/")
    page.locator("body").press("/")
    expect(page.locator(".md-search__input")).to_be_focused()


@pytest.mark.engine_tab
def test_print_shows_the_content_and_the_scope_note_without_link_addresses(page: Page, site_url: str) -> None:
    visit(page, site_url + PRINT_PAGE)
    for selector in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]:
        expect(page.locator(selector).first).to_be_visible()  # on screen: the frame is there
    page.emulate_media(media="print")
    for selector in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("aside.scope-note")).to_be_visible()
    expect(page.locator(".md-content h1")).to_be_visible()
    # Links to other pages (Material's instant navigation makes their href absolute) print as their
    # words only: an address of the site helps no one on paper (tests/browser/test_print.py).
    links = page.locator(".md-content__inner p a[href*='/recognising/']")
    assert links.count() > 0
    href, after = links.first.evaluate("a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]")
    assert href not in after, (href, after)


@pytest.mark.engine_tab
def test_no_horizontal_scrolling_at_phone_width(page: Page, site: Path, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    too_wide: dict[str, int] = {}
    paths = reading_pages(site)
    assert len(paths) >= 15
    for path in paths:
        visit(page, site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[path or "./"] = width
    assert not too_wide, f"pages wider than a 360 px phone: {too_wide}"


@pytest.mark.engine_tab
def test_dark_mode_follows_the_system(page: Page, site_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    visit(page, site_url + "alliance/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.emulate_media(color_scheme="light")  # the setting changes while the page is open
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    visit(page, site_url + "managing/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.emulate_media(color_scheme="dark")
    visit(page, site_url + "managing/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_reference_phrasings_can_be_copied(browser: Browser, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script(KEEP_COPY_TICKS)
    page.goto(site_url + "managing/secondary/")
    phrasings = page.locator(".md-content .phrasings--reference li.phrasing")
    assert phrasings.count() >= 6
    second = phrasings.nth(1)
    button = second.locator("button.phrasing__copy")
    expect(button).to_have_accessible_name("Copy this phrasing")
    expected = second.locator(".phrasing__text").inner_text()
    page.evaluate("navigator.clipboard.writeText('nothing yet')")
    button.click()
    expect(button).to_have_attribute("data-ticked", "true")
    expect(page.locator("#copy-status[role=status]")).to_have_text("Phrasing copied")  # said to screen readers too
    assert page.evaluate("navigator.clipboard.readText()") == second.locator(".phrasing__text").text_content()
    assert expected.strip("“”") in page.evaluate("navigator.clipboard.readText()")
    expect(button).not_to_have_attribute("data-copied", "true")  # the tick is feedback for a moment, then goes
    # On the next reference page (reached by instant navigation), the same listener copies too.
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url("**/managing/tertiary/")
    expect(page.locator("h1#tertiary")).to_be_visible()  # the address changes before the content does
    other = page.locator(".md-content .phrasings--reference li.phrasing").first
    page.evaluate(COUNT_CLIPBOARD_WRITES)
    other.locator("button.phrasing__copy").click()
    expect(other.locator("button.phrasing__copy")).to_have_attribute("data-ticked", "true")
    assert page.evaluate("navigator.clipboard.readText()") == other.locator(".phrasing__text").text_content()
    assert page.evaluate("window.clipboardWrites") == 1, "one click, one copy: the listener is registered once"
    context.close()


def test_a_copy_click_before_the_copying_script_has_run_is_not_lost(browser: Browser, site_url: str) -> None:
    # copy.mjs arrives with a gate at its top that holds its evaluation until the test opens it: the
    # reader's click comes while the script is still on its way, waits for it, then copies.
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], service_workers="block")
    page = context.new_page()

    def gated(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=COPYING_GATE + response.text())

    page.route("**/copy.mjs", gated)
    page.add_init_script(KEEP_COPY_TICKS)
    page.goto(site_url + "managing/secondary/")
    page.wait_for_function("() => typeof window.openCopyingGate === 'function'")  # the script is held
    page.evaluate("navigator.clipboard.writeText('nothing yet')")
    page.evaluate(COUNT_CLIPBOARD_WRITES)
    phrasing = page.locator(".md-content .phrasings--reference li.phrasing").first
    phrasing.locator("button.phrasing__copy").click()
    assert page.evaluate("window.clipboardWrites") == 0
    page.evaluate("window.openCopyingGate()")
    expect(phrasing.locator("button.phrasing__copy")).to_have_attribute("data-ticked", "true")
    assert page.evaluate("window.clipboardWrites") == 1
    assert page.evaluate("navigator.clipboard.readText()") == phrasing.locator(".phrasing__text").text_content()
    context.close()
