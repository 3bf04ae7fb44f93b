"""A first visit (issue 24, points 8 and 10): the home page leads on a phone, its levels table fits,
and a missing address offers a way on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    yield context.new_page()
    context.close()


def top_in_page(page: Page, selector: str) -> tuple[float, float]:
    """The element's top and bottom from the top of the page (not of the window), in CSS pixels."""
    box = page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY]; }"
    )
    return float(box[0]), float(box[1])


def test_the_home_page_says_what_it_is_and_leads_to_the_guide_on_the_first_screen(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    lead = phone.locator(".md-content .home-lead")
    expect(lead).to_be_visible()
    expect(lead).to_contain_text("trainers")  # for whom
    expect(lead).to_contain_text("decision guide")  # what it is
    button = phone.locator(".md-content a.md-button[href*='guide/']").first
    expect(button).to_be_visible()
    assert top_in_page(phone, ".md-content .home-lead")[1] <= PHONE["height"]
    assert top_in_page(phone, ".md-content a.md-button[href*='guide/']")[1] <= PHONE["height"], "the guide's button"
    # The safety link, within the first two screens.
    safety = ".md-content a[href*='scope/#safety-first']"
    expect(phone.locator(safety).first).to_be_visible()
    assert top_in_page(phone, safety)[1] <= 2 * PHONE["height"], "the safety link"


def test_the_levels_table_fits_a_phone(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    table = phone.locator(".md-content table:has(a[href*='managing/primary/'])")
    expect(table).to_be_visible()
    # Nothing is cut off: the table is no wider than its scrolling wrapper, and the page no wider than the phone.
    widths = table.evaluate(
        "t => [t.scrollWidth, (t.closest('.md-typeset__scrollwrap') || t.parentElement).clientWidth]"
    )
    assert widths[0] <= widths[1], f"the levels table is {widths[0]} px wide in {widths[1]} px"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for link in table.locator("a").all():
        assert link.evaluate("a => a.getBoundingClientRect().right") <= PHONE["width"], link.inner_text()


def test_a_missing_page_offers_a_way_on(page: Page, site_url: str) -> None:
    page.goto(site_url + "404.html")  # what a static host serves at any address it does not have
    expect(page.locator(".md-content h1")).to_have_text("This page is not here")
    ways = page.locator(".md-content .not-found-ways a")
    expect(ways).to_have_count(3)
    hrefs = ways.evaluate_all("links => links.map(a => a.href)")
    assert [h.removeprefix(site_url) for h in hrefs] == ["guide/", "scope/#safety-first", ""], hrefs
    for href in hrefs:
        reached = page.request.get(href.partition("#")[0])
        assert reached.status == 200, href
    ways.nth(1).click()
    expect(page.locator("#safety-first")).to_be_visible()


#: The mask (icon) Material gives a note of a type, read from a probe note of that type on the page.
ICON_OF_TYPE = """kind => {
  const probe = document.createElement('details');
  probe.className = kind;
  probe.innerHTML = '<summary>probe</summary>';
  document.querySelector('.md-content .md-typeset, .md-content__inner').append(probe);
  const icon = getComputedStyle(probe.querySelector('summary'), '::before').maskImage;
  probe.remove();
  return icon;
}"""
ICON = "el => getComputedStyle(el, '::before').maskImage"


def test_the_notes_wear_icons_that_match_their_meaning(page: Page, site_url: str) -> None:
    """Not Material's pencil (a note to edit): "Before you start" is information, "Why" answers a question."""
    page.goto(site_url + "guide/#risk=no&phase=ongoing&signs=missed-session")
    before = page.locator(".md-content details:has(> summary:text('Before you start')) > summary")
    expect(before).to_be_visible()
    pencil, info, question = (page.evaluate(ICON_OF_TYPE, kind) for kind in ["note", "info", "question"])
    assert len({pencil, info, question}) == 3, "the probes tell the icons apart"
    assert before.evaluate(ICON) == info
    why = page.locator("details.guide-why > summary")
    expect(why).to_be_visible(timeout=60_000)  # once the engine has shown the result
    assert why.evaluate(ICON) == question


def test_the_references_page_shows_a_link_not_a_file_name(page: Page, site_url: str) -> None:
    page.goto(site_url + "references/")
    intro = page.locator(".md-content__inner > p").first
    assert ".md" not in intro.inner_text(), intro.inner_text()  # was "references.md#fluckiger-2018"
    example = intro.locator("a[href$='#fluckiger-2018']")
    expect(example).to_have_count(1)
    example.click()
    expect(page.locator("#fluckiger-2018")).to_be_in_viewport()
