"""Role cards in a browser (issue 22, point 5): printed, every card starts a page of its own and only the
patient's pages hold what the clinician does not know; on screen the patient's card stays folded until
the person playing the patient opens it, from the keyboard too, and axe finds nothing in light or dark, at
360 or 1280 px.

Chromium prints the page to an A4 PDF (Playwright's ``page.pdf``); poppler's ``pdftotext`` reads the
text of each page.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import as_seen_on, axe_violations, settle, visit

CARDS = "role-cards/"
TITLES = {"patient": "Patient's card", "clinician": "Clinician's card", "observer": "Observer's card"}


def flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def pdf_page_texts(page: Page, tmp_path: Path) -> list[str]:
    """The printed page's text, one string per A4 page."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "pdftotext is needed: tools/setup --browser installs Debian's poppler-utils"
    pdf = tmp_path / "role-cards.pdf"
    page.pdf(format="A4", path=str(pdf))
    run = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [flat(each) for each in run.stdout.split("\f")[:-1]]


@pytest.mark.engine_tab
def test_each_card_prints_on_a_page_of_its_own(page: Page, site_url: str, tmp_path: Path) -> None:
    visit(page, site_url + CARDS)
    cards = page.locator(".role-card")
    expect(cards.first).to_be_attached()
    ids = cards.evaluate_all("cards => cards.map(card => card.id)")
    assert len(ids) % 3 == 0 and len(ids) >= 30, f"{len(ids)} role cards"
    # Read from the DOM: the layers are folded on screen, so they have no rendered text yet.
    hidden = [flat(t) for t in page.locator(".role-card__hidden").evaluate_all("all => all.map(e => e.textContent)")]
    hidden = [t.removeprefix("What the clinician does not know.").strip() for t in hidden]
    assert len(hidden) == len(ids) // 3
    page.emulate_media(media="print")
    pages = pdf_page_texts(page, tmp_path)
    # The page's title and how to use the cards, then one page per card, in order.
    assert len(pages) == 1 + len(ids), f"{len(ids)} cards print on {len(pages)} A4 pages"
    assert "Role cards" in pages[0] and not any(title in pages[0] for title in TITLES.values())
    for number, (card_id, text) in enumerate(zip(ids, pages[1:], strict=True), start=2):
        role = card_id.rsplit("-", 1)[1]
        assert text.startswith(TITLES[role]), f"page {number} ({card_id}) starts {text[:60]!r}"
        others = [title for other, title in TITLES.items() if other != role]
        assert not any(title in text for title in others), f"page {number} ({card_id}) holds another card"
        play = (number - 2) // 3
        if role == "patient":
            assert hidden[play][:60] in text, f"page {number}: the patient's card prints without its hidden layer"
        else:
            assert all(hidden), "a hidden layer has no text"
            for layer in hidden:
                assert layer[:60] not in text, f"page {number} ({card_id}) prints a patient's hidden layer"


@pytest.mark.engine_tab
def test_on_screen_the_patients_card_stays_folded_until_opened(page: Page, site_url: str) -> None:
    visit(page, site_url + CARDS + "#cards-busy")
    patient = page.locator("#cards-busy-patient")
    layer = patient.locator(".role-card__hidden")
    expect(patient.locator("summary")).to_contain_text("for the person playing the patient")
    expect(layer).to_be_hidden()
    expect(page.locator("#cards-busy-clinician")).to_be_visible()
    patient.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(layer).to_be_visible()
    page.keyboard.press("Enter")
    expect(layer).to_be_hidden()


@pytest.mark.engine_tab
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_cards_pass_axe_folded_and_open(page: Page, site_url: str, scheme: str, width: int) -> None:
    as_seen_on(page, scheme, width)
    visit(page, site_url + CARDS)
    expect(page.locator("#cards-busy-patient")).to_be_attached()
    settle(page)
    assert axe_violations(page) == [], f"folded ({scheme}, {width} px)"
    page.locator("#cards-busy-patient summary").click()
    expect(page.locator("#cards-busy-patient .role-card__hidden")).to_be_visible()
    settle(page)
    assert axe_violations(page) == [], f"the patient's card open ({scheme}, {width} px)"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
