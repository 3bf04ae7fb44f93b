"""For trainers, in a browser: the observer checklist prints on one A4 page with its columns to fill in,
reads as a list on a phone, and the learning objectives stay folded out of a clinician's way."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.helpers import click_a_link_in_sight, visit
from tests.support.browser import ENGINE_TIMEOUT_MS
from tests.support.sections import OBJECTIVES

CHECKLIST = "observer-checklist/"
PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.mark.engine_tab
def test_the_checklist_prints_on_one_a4_page_with_its_columns(page: Page, site_url: str, tmp_path: Path) -> None:
    visit(page, site_url + CHECKLIST)
    page.emulate_media(media="print")
    expect(page.locator(".md-content h1")).to_be_visible()
    expect(page.locator("aside.scope-note")).to_be_visible()
    for table in page.locator(".observer-checklist table").all():
        expect(table.locator("th", has_text="Not seen")).to_be_visible()
        expect(table.locator("th", has_text="Notes")).to_be_visible()
    expect(page.locator(".observer-checklist .checklist-fields")).to_be_visible()
    expect(page.locator("#check-own-part-turn")).to_be_visible()
    expect(page.locator("#checklist-debrief")).to_be_visible()
    pdf = page.pdf(format="A4", path=str(tmp_path / "observer-checklist.pdf"))
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the observer checklist prints on {pages} A4 pages"


@pytest.mark.engine_tab
def test_the_checklist_reads_as_a_list_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    visit(page, site_url + CHECKLIST)
    expect(page.locator("#check-rationale")).to_be_visible()
    # The empty columns are for paper: on a phone the items take the whole width, nothing scrolls sideways.
    expect(page.locator(".observer-checklist th", has_text="Not seen").first).to_be_hidden()
    expect(page.locator(".observer-checklist td:nth-child(2)").first).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    width = page.locator(".observer-checklist td").first.evaluate("cell => cell.getBoundingClientRect().width")
    assert width > PHONE["width"] * 0.8, f"an item is {width:.0f} px wide on a {PHONE['width']} px screen"


@pytest.mark.engine_tab
@pytest.mark.parametrize("path", sorted(OBJECTIVES))
def test_learning_objectives_are_folded_at_the_top_on_a_phone(page: Page, site_url: str, path: str) -> None:
    page.set_viewport_size(PHONE)
    visit(page, site_url + path)
    block = page.locator(f"details#{OBJECTIVES[path]}")
    summary = block.locator("summary")
    expect(summary).to_be_visible()
    expect(block.locator("li").first).to_be_hidden()
    # Folded, the objectives leave the page's own text on the first screen.
    first = page.locator(f"details#{OBJECTIVES[path]} ~ :is(p, h2)").first
    expect(first).to_be_in_viewport()
    summary.focus()
    page.keyboard.press("Enter")
    expect(block.locator("li").first).to_be_visible()


@pytest.mark.engine_tab
def test_a_link_to_the_objectives_shows_them(page: Page, site_url: str) -> None:
    visit(page, site_url + "teaching/")
    click_a_link_in_sight(page, page.locator("a[href$='recognising/#recognising-objectives']").first)
    expect(page).to_have_url(site_url + "recognising/#recognising-objectives")
    expect(page.locator("details#recognising-objectives summary")).to_be_in_viewport()


@pytest.mark.engine_tab
def test_a_practice_link_on_the_trainers_page_opens_its_case(page: Page, site_url: str) -> None:
    visit(page, site_url + "teaching/")
    page.locator("#scenario-links ~ .md-typeset__scrollwrap a[href$='#case=no-reply']").click()
    expect(page).to_have_url(site_url + "guide/practice/#case=no-reply")
    # The shared case shows once the engine has started (a cold start takes seconds).
    expect(page.locator("form.practice-case[data-case=no-reply]")).to_be_visible(timeout=ENGINE_TIMEOUT_MS)
