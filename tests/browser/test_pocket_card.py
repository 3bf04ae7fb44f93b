"""The pocket card prints on one page, A4 or US Letter, in Chromium; a page's citation copies with one click."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, PdfMargins, expect

from tests.browser.helpers import KEEP_COPY_TICKS, visit

#: Once a note comes in beside the citation's button, the boxes as the reader sees them then.
NOTE_LAYOUT = """new MutationObserver(() => {
  const entry = document.querySelector('.cite-this__entry');
  const note = entry?.querySelector('.copy-note');
  if (!note || window.citationLayout) return;
  const box = (element) => element.getBoundingClientRect().toJSON();
  window.citationLayout = {
    note: note.textContent, entry: box(entry), text: box(entry.querySelector('.cite-this__text')),
    noteTop: box(note).top, buttonBottom: box(entry.querySelector('button')).bottom,
  };
}).observe(document, { subtree: true, childList: true });"""
#: Stricter than a browser's default print margins (about 10 mm), so the card fits with room to spare.
MARGIN: PdfMargins = {"top": "15mm", "right": "15mm", "bottom": "15mm", "left": "15mm"}


@pytest.mark.engine_tab
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_pocket_card_prints_on_one_page(page: Page, site_url: str, paper: str) -> None:
    visit(page, site_url + "pocket-card/")
    page.emulate_media(media="print")
    card = page.locator(".pocket-card")
    expect(card).to_be_visible()
    # Everything the card holds prints: the safety rule, the three levels, every step.
    expect(card.locator(".pocket-card__safety")).to_be_visible()
    expect(card.locator(".pocket-card__level")).to_have_count(3)
    steps = card.locator(".pocket-card__step")
    assert steps.count() >= 10
    for index in range(steps.count()):
        expect(steps.nth(index)).to_be_visible()
    expect(page.locator(".page-edition")).to_be_visible()  # a printed card says which edition it is
    for margin in (None, MARGIN):
        pdf = page.pdf(format=paper, margin=margin) if margin else page.pdf(format=paper)
        assert pdf.startswith(b"%PDF")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages == 1, f"{paper}, margins {margin or 'default'}: {pages} pages"


def test_a_citation_copies_with_its_button(browser: Browser, site_url: str, site_address: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script(KEEP_COPY_TICKS)
    page.add_init_script(NOTE_LAYOUT)
    page.goto(site_url + "managing/secondary/")
    block = page.locator("aside.cite-this")
    button = block.get_by_role("button", name="Copy the citation")
    expect(button).to_be_visible()
    page.evaluate("navigator.clipboard.writeText('nothing yet')")
    button.click()
    expect(button).to_have_attribute("data-ticked", "true")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (block.locator(".cite-this__text").text_content() or "").strip()
    expect(page.locator("#copy-status[role=status]")).to_have_text("Citation copied")
    # The note beside the button takes a line of its own: the citation keeps its width, not one letter's.
    # (Measured as the note comes in, by NOTE_LAYOUT: the note itself goes after a few seconds.)
    layout = page.wait_for_function("() => window.citationLayout").json_value()
    assert layout["note"] == "Citation copied"
    assert layout["text"]["width"] > layout["entry"]["width"] / 2, layout
    assert layout["noteTop"] >= layout["buttonBottom"], layout
    assert copied.startswith("Secondary (nip in the bud). (")
    assert "). In The rupture guide (Edition " in copied, copied  # the italics are markup, not text
    assert copied.endswith(site_address + "managing/secondary/"), copied
    # In print the citation stays and its button goes.
    page.emulate_media(media="print")
    expect(block.locator(".cite-this__text")).to_be_visible()
    expect(button).to_be_hidden()
    context.close()
