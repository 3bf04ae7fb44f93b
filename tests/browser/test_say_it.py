"""Say it in the browser (issue 22, points 2 to 4 and 6): the page contract and the flow (statement,
reveal, self-rating), the rating choosing the next level through the page's table, a statement's
own link, nothing stored or sent, the page without JavaScript and without the engine, the pair
sheet's page count, the keyboard, and axe at 360 and 1280 px in light and dark."""

from __future__ import annotations

import math
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, expect
from sitegen.paths import SAY_IT_PATH
from sitegen.say_it import SayIt, load_say_it

from decision_tree.model import Tree
from tests.browser.helpers import STORAGE_PROBE, as_seen_on, axe_violations, settle, visit

PATH = "guide/practice/say-it/"
#: Recognisable, so that finding it anywhere it should not be is unambiguous.
SECRET = "zebra-orchid-4711 I hear how angry you are"
#: Two columns of 7.5-point text hold at least this many characters of cards per A4 page (about
#: 4,000 measured); fewer would mean pages half empty.
CHARS_PER_PAGE = 3600


@pytest.fixture(scope="module")
def data(tree: Tree) -> SayIt:
    return load_say_it(SAY_IT_PATH, tree)


def root(page: Page) -> Any:
    return page.locator("#say-it")


def current(page: Page) -> Any:
    return page.locator("#say-it .say-it-card[data-current]")


def open_page(page: Page, site_url: str, fragment: str = "") -> None:
    visit(page, site_url + PATH + fragment)
    expect(root(page)).to_have_attribute("data-live", "true")


def rate_and_go_on(page: Page, rating: str) -> None:
    current(page).locator("[data-action=reveal]").click()
    current(page).locator(f"input[name=difficulty][value={rating}]").check()
    current(page).locator("[data-action=next]").click()


# Its own context: it watches every request, and a warm cache would answer some unseen.
@pytest.mark.fresh_context
def test_a_statement_then_its_criteria_models_and_rating(page: Page, site_url: str, data: SayIt) -> None:
    engine: list[str] = []
    page.on("request", lambda request: engine.append(request.url) if "pyodide" in request.url else None)
    open_page(page, site_url)
    first = data.by_level("beginner")[0]
    expect(root(page)).to_have_attribute("data-state", "statement")
    expect(root(page)).to_have_attribute("data-statement", first.id)
    expect(page.locator("#say-it .say-it-card:visible")).to_have_count(1)
    expect(current(page)).to_contain_text(first.says)
    expect(current(page).locator("input[name=criterion]").first).to_be_hidden()
    current(page).locator("textarea").fill(SECRET)
    current(page).locator("button[data-action=reveal]").click()
    expect(root(page)).to_have_attribute("data-state", "reveal")
    expect(current(page).locator("input[name=criterion]:visible")).to_have_count(len(first.criteria))
    expect(current(page).locator(".model-response:visible")).to_have_count(len(first.models))
    expect(current(page).locator("input[name=difficulty]:visible")).to_have_count(3)
    expect(current(page).locator(".say-it-dont")).to_contain_text(first.dont_say)
    expect(current(page).locator(".say-it-reference a")).to_be_visible()
    expect(current(page).locator("textarea")).to_have_value(SECRET)  # the answer stays beside the key
    expect(page.locator("#say-it [role=status]")).to_contain_text("criteria and model answers are shown")
    expect(current(page).locator(".say-it-reveal")).to_be_focused()
    current(page).locator("input[name=criterion]").first.check()  # ticked by the trainee, nothing scored
    expect(current(page).locator("input[name=criterion]:checked")).to_have_count(1)
    assert engine == [], "Say it runs without the engine"


@pytest.mark.engine_tab
@pytest.mark.parametrize(
    ("level", "rating", "expected"),
    [
        ("beginner", "too-easy", ("intermediate", 0)),
        ("beginner", "about-right", ("beginner", 1)),
        ("beginner", "too-hard", ("beginner", 1)),
        ("intermediate", "too-easy", ("advanced", 0)),
        ("intermediate", "too-hard", ("beginner", 0)),
        ("advanced", "too-hard", ("intermediate", 0)),
        ("advanced", "about-right", ("advanced", 1)),
    ],
)
def test_the_rating_chooses_the_next_level(
    page: Page, site_url: str, data: SayIt, level: str, rating: str, expected: tuple[str, int]
) -> None:
    start = data.by_level(level)[0].id
    open_page(page, site_url, f"#statement={start}")
    expect(root(page)).to_have_attribute("data-statement", start)
    rate_and_go_on(page, rating)
    want = data.by_level(expected[0])[expected[1]]
    expect(root(page)).to_have_attribute("data-statement", want.id)
    expect(root(page)).to_have_attribute("data-state", "statement")
    expect(current(page)).to_have_attribute("data-level", want.level)
    assert page.url.endswith(f"#statement={want.id}")
    expect(current(page).locator("textarea")).to_have_value("")  # each statement starts fresh
    expect(current(page).locator(".say-it-card__title")).to_be_focused()


@pytest.mark.engine_tab
def test_a_level_goes_on_in_order_and_starts_again_after_its_last(page: Page, site_url: str, data: SayIt) -> None:
    advanced = [s.id for s in data.by_level("advanced")]
    open_page(page, site_url, f"#statement={advanced[-2]}")
    rate_and_go_on(page, "about-right")
    expect(root(page)).to_have_attribute("data-statement", advanced[-1])
    rate_and_go_on(page, "too-easy")
    expect(root(page)).to_have_attribute("data-statement", advanced[0])


@pytest.mark.engine_tab
def test_going_on_without_a_rating_asks_for_one(page: Page, site_url: str, data: SayIt) -> None:
    open_page(page, site_url)
    current(page).locator("[data-action=reveal]").click()
    current(page).locator("[data-action=next]").click()
    expect(page.locator("#say-it [role=status]")).to_contain_text("Choose how hard it was first")
    expect(current(page).locator("input[name=difficulty]").first).to_be_focused()
    expect(root(page)).to_have_attribute("data-statement", data.by_level("beginner")[0].id)


@pytest.mark.engine_tab
def test_every_statement_has_a_link_of_its_own(page: Page, site_url: str, data: SayIt) -> None:
    chosen = data.by_level("advanced")[5]
    open_page(page, site_url, f"#statement={chosen.id}")
    expect(root(page)).to_have_attribute("data-statement", chosen.id)
    expect(current(page)).to_contain_text(chosen.says)
    expect(current(page)).to_be_in_viewport()
    # The index opens a statement too, by the card's own anchor.
    other = data.by_level("intermediate")[3]
    page.locator(".say-it-index > summary").click()
    page.locator(f'.say-it-index [data-statement="{other.id}"] a').click()
    expect(root(page)).to_have_attribute("data-statement", other.id)
    expect(page.locator(f'.say-it-index [data-statement="{other.id}"] a')).to_have_attribute("aria-current", "true")
    # A link to no statement opens the first one (shown afresh: a change of fragment alone keeps the page).
    open_page(page, site_url, "#statement=no-such-statement")
    expect(root(page)).to_have_attribute("data-statement", data.by_level("beginner")[0].id)


def test_the_index_opens_a_statement_after_coming_through_the_sites_navigation(
    page: Page, site_url: str, data: SayIt
) -> None:
    """Once Material has shown a page by instant navigation, it sets the address of an in-page link
    itself and moves to the anchor with a popstate and no hashchange: the index once did nothing
    there, for a reader who came to Say it from another page of the site."""
    page.goto(site_url + "guide/practice/")
    page.locator("article a[href$='practice/say-it/']").first.click()
    expect(root(page)).to_have_attribute("data-live", "true")
    other = data.by_level("intermediate")[3]
    page.locator(".say-it-index > summary").click()
    page.locator(f'.say-it-index [data-statement="{other.id}"] a').click()
    expect(root(page)).to_have_attribute("data-statement", other.id)
    expect(status(page)).to_contain_text("Write your answer")


@pytest.mark.engine_tab
def test_it_mounts_after_instant_navigation(page: Page, site_url: str) -> None:
    visit(page, site_url + "guide/practice/")
    page.evaluate("() => { window.__samePage = true; }")
    page.locator("article a[href$='practice/say-it/']").first.click()  # instant navigation makes it absolute
    expect(root(page)).to_have_attribute("data-live", "true")
    assert page.evaluate("() => window.__samePage === true"), "Material's instant navigation swapped the page"
    current(page).locator("[data-action=reveal]").click()
    expect(root(page)).to_have_attribute("data-state", "reveal")


# Its own context: it watches every request, and a warm cache would answer some unseen.
@pytest.mark.fresh_context
def test_nothing_typed_is_stored_or_sent(page: Page, site_url: str) -> None:
    open_page(page, site_url)
    page.wait_for_load_state("networkidle")
    origin = site_url.rstrip("/")
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    current(page).locator("textarea").fill(SECRET)
    current(page).locator("[data-action=reveal]").click()
    current(page).locator("input[name=criterion]").first.check()
    current(page).locator("input[name=difficulty][value=too-easy]").check()
    current(page).locator("[data-action=next]").click()
    expect(root(page)).to_have_attribute("data-state", "statement")
    current(page).locator("textarea").fill(SECRET)
    # Chromium may ask for the favicon late; it carries nothing. Nothing else is asked for.
    asked = [r.url for r in sent if not r.url.endswith("/assets/images/favicon.png")]
    assert asked == [], "no request while typing, revealing or moving on"
    assert all(SECRET.split()[0] not in (r.url + (r.post_data or "")) for r in sent)
    stored = page.evaluate(STORAGE_PROBE)
    values = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])")
    assert "zebra-orchid" not in values and "zebra-orchid" not in str(stored)
    assert stored["local"] == [] and stored["session"] == [], stored
    assert all(r.url.startswith(origin) for r in sent)


def test_without_javascript_every_statement_shows_with_its_key(browser: Browser, site_url: str, data: SayIt) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PATH)
    expect(page.locator("#say-it .say-it-card:visible")).to_have_count(len(data.statements))
    expect(page.locator("#say-it textarea:visible")).to_have_count(0)
    expect(page.locator("#say-it [data-action]:visible")).to_have_count(0)
    card = page.locator(f"#statement-{data.statements[3].id}")
    card.locator("summary").click()
    expect(card.locator(".model-response:visible")).to_have_count(len(data.statements[3].models))
    expect(card.locator("input[name=criterion]:visible")).to_have_count(len(data.statements[3].criteria))
    context.close()


def pdf_pages(page: Page) -> int:
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_the_pair_sheet_prints_on_as_few_pages_as_its_content_needs(page: Page, site_url: str) -> None:
    open_page(page, site_url)
    page.emulate_media(media="print")
    whole = pdf_pages(page)
    cards_text = page.locator(".say-it-cards").inner_text()
    page.add_style_tag(content="@media print { .say-it-cards, .say-it-print-only { display: none !important; } }")
    patient = pdf_pages(page)
    # The patient's half is one sheet to hand over; the trainee's half starts on a page of its own.
    assert patient == 1, f"the statements for the patient print on {patient} pages"
    trainee = whole - patient
    needed = math.ceil(len(cards_text) / CHARS_PER_PAGE)
    assert 1 <= trainee <= needed, f"the criteria and models print on {trainee} pages; their text needs {needed}"
    assert whole <= 11, f"the pair sheet prints on {whole} A4 pages (10 when written)"
    expect(page.locator(".say-it-sheet")).to_be_visible()
    expect(page.locator(".say-it-index")).to_be_hidden()


@pytest.mark.engine_tab
def test_the_keyboard_reaches_and_reveals_everything(page: Page, site_url: str) -> None:
    open_page(page, site_url)
    current(page).locator("textarea").focus()
    page.keyboard.type("Thank you for telling me.")
    page.keyboard.press("Tab")
    expect(current(page).locator("[data-action=reveal]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(root(page)).to_have_attribute("data-state", "reveal")
    page.keyboard.press("Tab")  # the observer checklist's link, then the first criterion
    page.keyboard.press("Tab")
    box = current(page).locator("input[name=criterion]").first
    expect(box).to_be_focused()
    outline = box.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px"), f"focus is visible: {outline}"
    page.keyboard.press("Space")
    expect(box).to_be_checked()


@pytest.mark.engine_tab
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_both_states_pass_axe(page: Page, site_url: str, scheme: str, width: int) -> None:
    as_seen_on(page, scheme, width)
    open_page(page, site_url, "#statement=done-with-all-of-it")
    settle(page)
    assert axe_violations(page) == [], f"statement ({scheme}, {width} px)"
    current(page).locator("[data-action=reveal]").click()
    expect(root(page)).to_have_attribute("data-state", "reveal")
    settle(page)
    assert axe_violations(page) == [], f"reveal ({scheme}, {width} px)"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"


def status(page: Page) -> Any:
    return page.locator("#say-it [role=status][aria-live=polite]")


@pytest.mark.engine_tab
def test_every_state_is_announced(page: Page, site_url: str, data: SayIt) -> None:
    """Issue 22.6: a screen reader hears the statement a link opens, the reveal, and each next statement."""
    order = [s.id for level in ("beginner", "intermediate", "advanced") for s in data.by_level(level)]
    chosen = data.by_level("intermediate")[2]
    open_page(page, site_url, f"#statement={chosen.id}")
    expect(status(page)).to_have_text(f"Statement {order.index(chosen.id) + 1}, intermediate. Write your answer.")
    current(page).locator("[data-action=reveal]").click()
    expect(status(page)).to_contain_text("The criteria and model answers are shown")
    current(page).locator("input[name=difficulty][value=too-easy]").check()
    current(page).locator("[data-action=next]").click()
    following = data.by_level("advanced")[0]
    expect(status(page)).to_have_text(f"Statement {order.index(following.id) + 1}, advanced. Write your answer.")
    expect(current(page).locator(".say-it-card__title")).to_be_focused()


@pytest.mark.engine_tab
def test_a_whole_round_by_keyboard_alone(page: Page, site_url: str, data: SayIt) -> None:
    """Write, reveal, tick, rate and go on without a mouse; the next statement takes the focus."""
    open_page(page, site_url)

    def tab_to(selector: str) -> None:
        for _ in range(60):
            if current(page).locator(selector).first.evaluate("el => el === document.activeElement"):
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector}")

    current(page).locator("textarea").focus()
    page.keyboard.type("It sounds like last week left something behind. Can we look at it?")
    tab_to("[data-action=reveal]")
    page.keyboard.press("Enter")
    expect(root(page)).to_have_attribute("data-state", "reveal")
    tab_to("input[name=criterion]")
    page.keyboard.press("Space")
    expect(current(page).locator("input[name=criterion]").first).to_be_checked()
    tab_to("input[name=difficulty]")
    page.keyboard.press("ArrowDown")  # a radio group: arrows move and choose
    expect(current(page).locator("input[name=difficulty]:checked")).to_have_count(1)
    rating = current(page).locator("input[name=difficulty]:checked").get_attribute("value")
    tab_to("[data-action=next]")
    page.keyboard.press("Enter")
    first = data.by_level("beginner")[0]
    expect(root(page)).not_to_have_attribute("data-statement", first.id)
    expect(root(page)).to_have_attribute("data-state", "statement")
    expect(current(page).locator(".say-it-card__title")).to_be_focused()
    assert rating in ("about-right", "too-hard", "too-easy")


@pytest.mark.engine_tab
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_states_after_the_reveal_pass_axe(page: Page, site_url: str, data: SayIt, scheme: str, width: int) -> None:
    """Issue 22.6: the prompt for a rating, ticked and rated, the next statement, and the last of all."""
    as_seen_on(page, scheme, width)
    last = data.by_level("advanced")[-1]
    open_page(page, site_url, f"#statement={last.id}")
    current(page).locator("[data-action=reveal]").click()
    current(page).locator("[data-action=next]").click()
    expect(status(page)).to_contain_text("Choose how hard it was first")
    settle(page)
    assert axe_violations(page) == [], f"asked for a rating ({scheme}, {width} px)"
    current(page).locator("input[name=criterion]").first.check()
    current(page).locator("input[name=difficulty][value=about-right]").check()
    settle(page)
    assert axe_violations(page) == [], f"ticked and rated, the last statement ({scheme}, {width} px)"
    current(page).locator("[data-action=next]").click()
    expect(root(page)).to_have_attribute("data-statement", data.by_level("advanced")[0].id)  # the level starts again
    expect(root(page)).to_have_attribute("data-state", "statement")
    settle(page)
    assert axe_violations(page) == [], f"the next statement ({scheme}, {width} px)"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
