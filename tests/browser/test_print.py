"""Printing (issue 24, point 6): the handout's honest page count, no addresses after links, a result's header.

Chromium prints each page to an A4 PDF (Playwright's ``page.pdf``); its pages are counted from
the PDF's page objects.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import guide, visit, wait_ready
from tools.harness import ROOT

#: A safety result with the patient wanting to stop: the longest kind of result, focus on its title.
SAFETY_RESULT = "risk=yes&phase=ongoing&signs=wants-to-end"
NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven"]


def pdf_pages(page: Page) -> int:
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def edition() -> str:
    """mkdocs.yml's extra.edition in the words a printed result uses: 'Edition 2.0 of 26 November 2026'."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    version = re.search(r'^\s+version: "([^"]+)"', config, re.MULTILINE)
    day = re.search(r'^\s+date: "(\d{4})-(\d{2})-(\d{2})"', config, re.MULTILINE)
    assert version and day, "mkdocs.yml: extra.edition has a version and a date"
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]  # fmt: skip
    return f"Edition {version[1]} of {int(day[3])} {months[int(day[2]) - 1]} {day[1]}"


@pytest.mark.engine_tab
def test_the_handout_prints_on_as_many_pages_as_it_says(page: Page, site_url: str) -> None:
    visit(page, site_url + "handout/")
    page.emulate_media(media="print")
    pages = pdf_pages(page)
    intro = page.locator(".md-content__inner > p").first.inner_text()
    said = re.search(r"about (\w+) A4 pages", intro)
    assert said, f"the handout says how many pages it prints on: {intro}"
    # "About": the count may move by one as the tree grows; beyond that, docs/handout.md must say the new one.
    stated = NUMBERS.index(said[1])
    assert abs(pages - stated) <= 1, f"the handout prints on {pages} A4 pages; docs/handout.md says {said[0]}"
    assert pages <= 6, f"the handout prints on {pages} A4 pages"
    # The one-page sheet is the pocket card, and the handout says so.
    expect(page.locator(".md-content__inner > p").first.locator("a[href*='pocket-card']")).to_have_count(1)


@pytest.mark.engine_tab
def test_no_address_prints_after_a_link(page: Page, site_url: str) -> None:
    for path in ["handout/", "managing/secondary/", "references/", "pocket-card/", ""]:
        visit(page, site_url + path)
        page.emulate_media(media="print")
        written = page.locator(".md-content a[href]").evaluate_all(
            """links => links.filter(a => {
                 const after = getComputedStyle(a, '::after').content;
                 return after.includes(a.getAttribute('href')) || after.includes('http');
               }).map(a => a.getAttribute('href'))"""
        )
        assert not written, f"{path or 'home'}: addresses printed after {written[:5]}"
    # A link to another site prints its address as its own text.
    visit(page, site_url + "references/")
    external = page.locator(".md-content a[href^='https://doi.org/']")
    assert external.count() >= 3
    for link in external.all():
        assert link.inner_text().strip() == link.get_attribute("href")


@pytest.mark.engine_tab
def test_a_printed_result_says_what_it_is_and_prints_no_focus_ring(page: Page, site_url: str) -> None:
    visit(page, site_url + "guide/#" + SAFETY_RESULT)
    wait_ready(page)
    expect(guide(page)).to_have_attribute("data-views", re.compile(r"^[1-9]\d*$"))
    title = page.locator("#guide-result-title")
    expect(title).to_be_focused()  # the guide moves focus to the result's title, as on every view
    ring = "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"

    def no_ring(element: Locator) -> bool:
        style, width, shadow = element.evaluate(ring)
        return bool((style == "none" or width == "0px") and shadow == "none")

    header = page.locator(".guide-print-header")
    expect(header).to_be_hidden()  # on screen the page says what it is
    page.emulate_media(media="print")
    expect(header).to_be_visible()
    expect(header).to_contain_text("The rupture guide")
    expect(header).to_contain_text("Decision guide summary")
    expect(header).to_contain_text(re.compile(r"Printed \d{1,2} [A-Z][a-z]+ \d{4}\."))
    said = header.locator(".guide-print-header__edition").evaluate("el => getComputedStyle(el, '::before').content")
    assert edition() in said, said
    # The header prints first, above the safety step.
    above = header.evaluate(
        "el => el.getBoundingClientRect().bottom <= document.querySelector('.guide-safety').getBoundingClientRect().top"
    )
    assert above, "the header prints above the result"
    summary = page.locator(".guide-answers-summary")
    expect(summary).to_be_visible()
    label = summary.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"What you reported"', label
    assert no_ring(title), "a focus ring prints around the result's title"

    # A keyboard user's focus ring, on the next link: visible on screen, never printed.
    page.emulate_media(media="screen")
    page.keyboard.press("Tab")
    focused = page.locator("#decision-guide :focus-visible")
    expect(focused).to_have_count(1)
    assert not no_ring(focused), "on screen the focus is visible"
    page.emulate_media(media="print")
    assert no_ring(focused), "a focus ring prints"
