"""Prepare for supervision (issue 23, point 5), in Chromium: every result links to guide/consult/ with its
answers; the page shows the card and the note the engine renders; it stores and sends nothing of what is
typed; it prints on one A4 page; it is accessible at 360 and 1280 px, light and dark; and it explains a
link without answers, and an engine that cannot start."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.helpers import (
    HOLD_SEARCH_INDEX,
    STORAGE_PROBE,
    as_seen_on,
    axe_violations,
    settle,
    visit,
    wait_copy_ready,
    wait_engine,
    wait_ready,
)
from tests.support.browser import ENGINE_TIMEOUT_MS

WISH_TO_END = "risk=yes&phase=ongoing&signs=wants-to-end&told-by=message"
#: The longest card: a risk, many signs, follow-ups, and two notes besides the consultation's.
BUSY = (
    "risk=yes&phase=ongoing&signs=withdrawal,regression,missed-session,wants-to-end,task-complaint,"
    "explicit-blame,online-review,clinician-reaction,clinician-lapse&after-difficult=unsure&told-by=message"
    "&still-attending=yes"
)
#: What a clinician might type, recognisable wherever it could leak.
TYPED = "XYZZY-consult-private-7431"


def consult(page: Page) -> Locator:
    return page.locator("#consult")


def open_card(page: Page, site_url: str, fragment: str) -> None:
    visit(page, f"{site_url}guide/consult/#{fragment}")
    wait_engine(page, "#consult")
    expect(page.locator("#consult")).to_have_attribute("data-state", "card", timeout=ENGINE_TIMEOUT_MS)


def fill_every_blank(page: Page) -> int:
    boxes = page.locator("#consult-card textarea")
    for index in range(boxes.count()):
        boxes.nth(index).fill(f"{TYPED} {index}")
    return boxes.count()


def pdf_pages(page: Page) -> int:
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.engine_tab
@pytest.mark.parametrize(
    "fragment",
    [
        WISH_TO_END,
        "risk=no&phase=ongoing&signs=dropout",
        "risk=no&phase=start&signs=online-review&still-attending=yes",
        "risk=no&phase=early&signs=none",
    ],
)
def test_a_result_opens_its_card_with_the_same_answers(page: Page, site_url: str, fragment: str) -> None:
    visit(page, f"{site_url}guide/#{fragment}")
    wait_ready(page)
    expect(page.locator("#decision-guide")).to_have_attribute("data-state", "result")
    link = page.locator(".guide-result .guide-consult-link a")
    expect(link).to_have_text("Prepare for supervision")
    link.click()
    expect(page).to_have_url(f"{site_url}guide/consult/#{fragment}")
    expect(consult(page)).to_have_attribute("data-state", "card", timeout=ENGINE_TIMEOUT_MS)
    card = page.locator("#consult-card")
    expect(card.locator(".consult-situation")).to_be_visible()
    expect(card.locator("textarea")).to_have_count(6 if "risk=yes" in fragment else 5)
    for blank in ("said", "felt", "my-part", "unsure", "need"):
        expect(card.locator(f"label[for=consult-{blank}]")).to_be_visible()
    expect(card.locator(".consult-reminder")).to_contain_text("Identify no one")
    notes = page.locator("#note-template .consult-note")
    expect(notes.last).to_have_attribute("data-note", "consultation")
    expected = {"wants-to-end": "wish-to-end", "dropout": "dropout-contacts", "online-review": "online-review"}
    wanted = next((note for sign, note in expected.items() if sign in fragment), "alliance-check")
    expect(page.locator(f"#note-template [data-note={wanted}]")).to_be_visible()


@pytest.mark.engine_tab
def test_a_risk_comes_first_and_the_steps_are_named(page: Page, site_url: str) -> None:
    open_card(page, site_url, WISH_TO_END)
    view = page.locator(".consult-view")
    expect(view.locator(".consult-risk")).to_contain_text("Do not wait for a supervision slot")
    assert view.inner_html().index("consult-risk") < view.inner_html().index('id="consult-card"')
    expect(page.locator(".consult-situation")).to_contain_text("Put safety first")
    first_line = page.locator("#note-template [data-note=wish-to-end] li").first
    expect(first_line).to_contain_text("Risk: assessed on")
    expect(page.locator("#note-template")).not_to_contain_text("Closing letter")


@pytest.mark.engine_tab
@pytest.mark.parametrize(("fragment", "state"), [("", "no-answers"), ("risk=no", "unfinished")])
def test_a_link_without_a_result_explains_and_leads_to_the_guide(
    page: Page, site_url: str, fragment: str, state: str
) -> None:
    visit(page, f"{site_url}guide/consult/" + (f"#{fragment}" if fragment else ""))
    expect(consult(page)).to_have_attribute("data-state", state, timeout=ENGINE_TIMEOUT_MS)
    expect(page.locator("#consult-card")).to_have_count(0)
    link = page.locator(".consult-empty a")
    link.click()
    expect(page).to_have_url(f"{site_url}guide/" + (f"#{fragment}" if fragment else ""))


def test_an_engine_that_cannot_start_is_explained(page: Page, site_url: str) -> None:
    page.route("**/pyodide.asm.wasm.zst", lambda route: route.abort())
    page.goto(f"{site_url}guide/consult/#{WISH_TO_END}")
    expect(consult(page)).to_have_attribute("data-state", "error", timeout=ENGINE_TIMEOUT_MS)
    error = page.locator("[data-consult-error]")
    expect(error).to_contain_text("could not be prepared")
    expect(error.locator("a")).to_have_attribute("href", "../../practice/supervision/#bringing-a-rupture")
    expect(page.locator("[data-consult-loading]")).to_be_hidden()


def test_what_is_typed_is_never_stored_or_sent(browser: Browser, site_url: str) -> None:
    """With the service worker active, as in a reader's browser: typing, leaving a blank and printing make
    no request at all, and nothing lands in any storage, a cookie, the address or the offline copy."""
    context = browser.new_context()
    requests: list[str] = []

    def record(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        body = request.post_data or ""  # type: ignore[attr-defined]
        requests.append(f"{request.method} {url} {body}")  # type: ignore[attr-defined]

    context.on("request", record)
    # Material's search index (the site's own) loads at the reader's first pause, which can fall
    # while the blanks are filled: held here.
    context.add_init_script(HOLD_SEARCH_INDEX)
    page = context.new_page()
    page.goto(f"{site_url}guide/consult/#{WISH_TO_END}")
    wait_engine(page, "#consult")
    expect(page.locator("#consult")).to_have_attribute("data-state", "card", timeout=ENGINE_TIMEOUT_MS)
    expect(page.locator("#consult")).to_have_attribute("data-platform", "emscripten")
    # The offline copy, made at the reader's first pause once the engine is ready (this page runs it),
    # is complete before anything is typed: what follows is the typing's own traffic, and there is none.
    wait_copy_ready(page)
    page.wait_for_load_state("networkidle")
    before = len(requests)
    assert fill_every_blank(page) == 6
    page.keyboard.press("Tab")
    page.emulate_media(media="print")
    expect(page.locator(".consult-blank__print").first).to_have_text(f"{TYPED} 0")
    page.emulate_media(media="screen")
    assert requests[before:] == []
    assert not any(TYPED in line for line in requests)
    assert all(urlparse(line.split(" ")[1]).netloc == urlparse(site_url).netloc for line in requests)
    assert page.evaluate(STORAGE_PROBE) == {"local": [], "session": [], "databases": []}
    assert TYPED not in page.url and context.cookies() == []
    cached = page.evaluate(
        """async (typed) => {
            const found = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    if (request.url.includes(typed)) found.push(request.url);
                }
            }
            return found;
        }""",
        TYPED,
    )
    assert cached == []
    # Reloading forgets it: nothing was kept anywhere to bring it back.
    page.reload()
    wait_engine(page, "#consult")
    expect(page.locator("#consult")).to_have_attribute("data-state", "card", timeout=ENGINE_TIMEOUT_MS)
    assert page.locator("#consult-said").input_value() == ""
    context.close()


@pytest.mark.engine_tab
@pytest.mark.parametrize("typed", [False, True], ids=["blank", "typed"])
@pytest.mark.parametrize("fragment", [WISH_TO_END, BUSY, "risk=no&phase=ongoing&signs=dropout"])
def test_the_card_and_note_print_on_one_a4_page(page: Page, site_url: str, fragment: str, typed: bool) -> None:
    open_card(page, site_url, fragment)
    if typed:
        fill_every_blank(page)
    page.emulate_media(media="print")
    expect(page.locator("#consult-card")).to_be_visible()
    expect(page.locator("#note-template")).to_be_visible()
    expect(page.locator("#consult-said")).to_be_hidden()
    twin = page.locator("[data-blank=said] .consult-blank__print")
    expect(twin).to_be_visible()
    expect(twin).to_have_text(f"{TYPED} {1 if 'risk=yes' in fragment else 0}" if typed else "")
    # An empty blank keeps room to write by hand: at least its lines' height.
    assert (twin.bounding_box() or {"height": 0})["height"] > 30
    expect(page.locator("#prepare-for-supervision")).to_be_hidden()
    assert pdf_pages(page) == 1


@pytest.mark.engine_tab
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_page_is_accessible(page: Page, site_url: str, scheme: str, width: int) -> None:
    as_seen_on(page, scheme, width)
    open_card(page, site_url, BUSY)
    settle(page)
    assert axe_violations(page) == []
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    visit(page, f"{site_url}guide/consult/")
    expect(consult(page)).to_have_attribute("data-state", "no-answers", timeout=ENGINE_TIMEOUT_MS)
    settle(page)
    assert axe_violations(page) == []


@pytest.mark.engine_tab
def test_the_blanks_are_reached_and_filled_by_keyboard(page: Page, site_url: str) -> None:
    open_card(page, site_url, "risk=no&phase=ongoing&signs=missed-session&after-difficult=yes")
    page.locator(".consult-back a").focus()
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
        page.keyboard.type("typed")
    assert order == ["consult-said", "consult-felt", "consult-my-part", "consult-unsure", "consult-need"]
    expect(page.locator("#consult-need")).to_have_value("typed")


@pytest.mark.engine_tab
def test_the_guide_result_link_does_not_print(page: Page, site_url: str) -> None:
    visit(page, f"{site_url}guide/#{WISH_TO_END}")
    wait_ready(page)
    expect(page.locator(".guide-consult-link")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".guide-consult-link")).to_be_hidden()
