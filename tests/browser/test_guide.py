"""The interactive guide as a clinician uses it: instant first question, one question at a time,
the result with its reasons, shareable links, back and forward, print, phones, dark mode, keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from decision_tree import api, load_tree
from tests.browser.helpers import (
    KEEP_COPY_TICKS,
    answer,
    click_a_link_in_sight,
    guide,
    views,
    visit,
    wait_ready,
    wait_until,
)

TREE = load_tree()
SPEC_EXAMPLE = "risk=no&phase=ongoing&signs=missed-session,easy-explanation"


def open_guide(page: Page, site_url: str, fragment: str = "") -> None:
    """Open the guide in the engine tab, wait for the engine and, for a link, for the view the engine made of it."""
    visit(page, site_url + "guide/" + (f"#{fragment}" if fragment else ""))
    wait_ready(page)
    if fragment:  # the engine's first view replaces the pre-rendered question: wait for it, not a moment
        expect(guide(page)).to_have_attribute("data-views", re.compile(r"^[1-9]\d*$"))


def walk_to_secondary_result(page: Page) -> None:
    """Answer by IDs: no risk, ongoing, an easy explanation, a missed session, after a difficult session."""
    answer(page, "no")
    answer(page, "ongoing")
    answer(page, "easy-explanation")
    answer(page, "missed-session")
    answer(page, "none")
    answer(page, "none")
    answer(page, "yes")


# 1. Instant first question; answers kept while the engine loads; engine in a worker.


def test_first_question_shows_before_the_engine_and_answers_are_kept(page: Page, site_url: str) -> None:
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url + "guide/")
    expect(page.locator("form[data-question=risk] h2")).to_be_visible()
    expect(guide(page)).to_have_attribute("data-state", "question")
    expect(page.locator("[data-guide-loading]")).to_be_visible()
    assert guide(page).get_attribute("data-platform") is None
    page.locator("form[data-question=risk] button[name=answer][value=no]").click()
    expect(guide(page)).to_have_attribute("data-state", "loading")
    expect(page.locator("[data-guide-loading]")).to_contain_text("Your answer is saved")
    expect(guide(page)).to_have_attribute("aria-busy", "true")
    wait_until(page, lambda: bool(held))  # the runtime is asked for, and held
    assert len(held) == 1 and guide(page).get_attribute("data-platform") is None
    held[0].continue_()
    wait_ready(page)
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#risk=no$"))
    expect(page.locator("[data-guide-loading]")).to_be_hidden()
    assert any(url.endswith("/assets/guide/worker.mjs") for url in workers)
    assert page.evaluate("typeof window.loadPyodide") == "undefined"  # Python never runs on the main thread


# 2. One question at a time, Back, Start over, progress hint, multiple choice.


@pytest.mark.engine_tab
def test_one_question_at_a_time_with_back_start_over_and_progress(page: Page, site_url: str) -> None:
    open_guide(page, site_url)
    expect(page.locator(".guide-progress")).to_have_text("Question 1 of at most 10")
    answer(page, "no")
    answer(page, "early")
    expect(page.locator(".guide-view form")).to_have_count(1)
    expect(page.locator(".guide-progress")).to_have_text("Question 3 of at most 10")
    question = api.view(TREE, "risk=no&phase=early")["question"]
    assert question is not None and question["id"] == "in-session"
    expect(page.locator(".guide-view input[type=checkbox]")).to_have_count(len(question["answers"]))
    expect(page.locator(".guide-view button[value=none]")).to_have_text("None of these")
    before = views(page)
    page.get_by_role("button", name="Back", exact=True).click()
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    before = views(page)
    page.get_by_role("button", name="Start over").click()
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))
    expect(page.locator("form[data-question=risk]")).to_be_visible()
    assert page.evaluate("location.hash") == ""


@pytest.mark.engine_tab
def test_answer_targets_are_large(page: Page, site_url: str) -> None:
    open_guide(page, site_url, "risk=no&phase=start")
    for box in page.locator(".guide-view .guide-answer, .guide-view .guide-choice").all():
        size = box.bounding_box()
        assert size is not None and size["height"] >= 44, size


# 3. The result.


@pytest.mark.engine_tab
def test_result_names_the_level_lists_steps_and_explains_why(page: Page, site_url: str) -> None:
    open_guide(page, site_url)
    walk_to_secondary_result(page)
    result = page.locator("section.guide-result")
    expect(result).to_have_attribute("data-level", "secondary")
    expect(result.locator("h2")).to_have_text(re.compile("^Secondary management"))
    expect(result.locator(".guide-level-summary")).to_contain_text("respond now")
    steps = result.locator("ol.guide-interventions > li.guide-intervention")
    assert steps.first.get_attribute("data-intervention") == "investigate-changes"
    for number, step in enumerate(steps.all()):
        intervention = step.get_attribute("data-intervention")
        expect(step.locator("h4 a")).to_have_attribute("href", re.compile(f"#{intervention}$"))
        expect(step.locator(".guide-action")).to_be_visible()
        # At a glance: the step to take next shows its words, later steps their action; the rest
        # of each step waits behind its disclosure.
        expect(step.locator(".phrasings--lead li.phrasing")).to_have_count(1 if number == 0 else 0)
        if number == 0:
            expect(step.locator(".phrasings--lead li.phrasing button")).to_have_text("Copy")
        more = step.locator("details.guide-more")
        expect(more).not_to_have_attribute("open", "")
        expect(more.locator(".guide-how")).to_be_hidden()
    wonder = result.locator("li[data-intervention=wonder-aloud]")
    expect(wonder.locator(".guide-note")).to_contain_text("difficult session")
    keep = result.locator(".guide-keep-doing > li")
    expect(keep).to_have_count(3)
    assert [k.get_attribute("data-intervention") for k in keep.all()] == [
        "monitor-signs",
        "invite-feedback",
        "rupture-mindset",
    ]
    why = result.locator("details.guide-why")
    expect(why.locator("summary")).to_have_text("Why this recommendation")
    why.locator("summary").click()
    expect(why.locator("dd")).to_contain_text(["No current concern", "Established, ongoing treatment"])
    expect(why.locator(".guide-rationale")).to_contain_text("a missed session")


@pytest.mark.engine_tab
def test_a_step_opens_by_keyboard_with_how_phrasings_pitfalls_and_why(page: Page, site_url: str) -> None:
    open_guide(page, site_url, SPEC_EXAMPLE)
    step = page.locator("li[data-intervention=wonder-aloud]")
    summary = step.locator("details.guide-more summary")
    expect(summary).to_have_accessible_name(re.compile("Wonder aloud"))
    summary.focus()
    page.keyboard.press("Enter")
    more = step.locator("details.guide-more")
    expect(more).to_have_attribute("open", "")
    expect(more.locator(".guide-how")).to_be_visible()
    expect(more.locator(".guide-pitfalls li").first).to_be_visible()
    expect(more.locator(".guide-why-step")).to_contain_text("Why:")
    page.keyboard.press("Enter")
    expect(more.locator(".guide-how")).to_be_hidden()


@pytest.mark.engine_tab
def test_safety_banner_comes_first_when_risk_is_flagged(page: Page, site_url: str) -> None:
    open_guide(page, site_url, "risk=yes&phase=ongoing&signs=withdrawal")
    result = page.locator("section.guide-result")
    expect(result).to_have_attribute("data-safety", "true")
    first = result.locator(":scope > *").first
    expect(first).to_have_class(re.compile("guide-safety"))
    expect(first.locator(".guide-intervention").first).to_have_attribute("data-intervention", "safety-first")
    expect(result.locator("h2#guide-result-title")).to_have_text("Put safety first")
    expect(result.locator(".guide-level-then")).to_contain_text("Once safety is addressed: Secondary management")
    expect(result).not_to_contain_text("Nothing suggests")


@pytest.mark.engine_tab
def test_safety_banner_shows_on_every_question_after_a_risk(page: Page, site_url: str) -> None:
    open_guide(page, site_url)
    answer(page, "yes")
    expect(page.locator("form[data-question=phase] .guide-safety")).to_be_visible()


def test_copy_a_phrasing(clipboard_page: Page, site_url: str) -> None:
    page = clipboard_page
    page.add_init_script(KEEP_COPY_TICKS)
    open_guide(page, site_url, SPEC_EXAMPLE)
    step = page.locator("li[data-intervention=wonder-aloud]")
    step.locator("details.guide-more summary").click()  # a later step's words wait behind its disclosure
    phrasing = step.locator("li.phrasing").first
    phrasing.locator("button").click()
    expect(phrasing.locator("button")).to_have_attribute("data-ticked", "true")
    assert page.evaluate("navigator.clipboard.readText()") == phrasing.locator("q").inner_text()


def test_reference_link_and_back_to_the_same_result(page: Page, site_url: str) -> None:
    open_guide(page, site_url, SPEC_EXAMPLE)
    page.locator("li[data-intervention=wonder-aloud] h4 a").click()
    expect(page).to_have_url(re.compile(r"managing/secondary/#wonder-aloud$"))
    expect(page.locator("#wonder-aloud")).to_be_visible()
    page.go_back()
    expect(page.locator("section.guide-result")).to_have_attribute("data-level", "secondary")
    expect(page).to_have_url(re.compile(re.escape("#risk=no&phase=ongoing&signs=easy-explanation,missed-session")))


#: Counts the requests the page's scripts send the engine's worker.
COUNT_ENGINE_REQUESTS = """window.__engineRequests = 0;
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.request) window.__engineRequests += 1;
  return post.call(this, message, ...rest);
};"""


def test_a_steps_link_lands_on_its_section_when_the_guide_was_reached_through_the_site(
    page: Page, site_url: str
) -> None:
    """A reader who came to the guide through the site's navigation follows a step's link: Material
    changes the address first, then moves to the anchor with a popstate while the guide is still on
    screen. The guide once took that for its own: its view of "wonder-aloud" rewrote the new page's
    address without the anchor, and the page opened at its top instead of at the section."""
    page.add_init_script(COUNT_ENGINE_REQUESTS)
    page.goto(site_url)
    page.locator("a.md-nav__link[href$='/guide/']").first.click()
    expect(guide(page)).to_have_attribute("data-mounted", "true")
    wait_ready(page)
    walk_to_secondary_result(page)
    held: list[Route] = []
    page.route("**/managing/secondary/", lambda route: held.append(route))  # the guide stays on screen meanwhile
    page.evaluate(
        "addEventListener('popstate', () => { window.__movedToAnchor = location.href; })"
    )  # after the guide's
    asked = page.evaluate("window.__engineRequests")
    click_a_link_in_sight(page, page.locator("li[data-intervention=wonder-aloud] h4 a"))
    page.wait_for_function("window.__movedToAnchor !== undefined")
    assert page.evaluate("window.__engineRequests") == asked, "the guide answered a move that was not its own"
    wait_until(page, lambda: bool(held))
    held[0].continue_()
    expect(page.locator("#decision-guide")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"managing/secondary/#wonder-aloud$"))
    expect(page.locator("#wonder-aloud")).to_be_in_viewport()


# 4. Shareable state.


def test_fragment_follows_every_step_and_back_forward_work(page: Page, site_url: str) -> None:
    open_guide(page, site_url)
    answer(page, "no")
    expect(page).to_have_url(re.compile("#risk=no$"))
    answer(page, "start")
    expect(page).to_have_url(re.compile("#risk=no&phase=start$"))
    answer(page, "withdrawal")
    expect(page).to_have_url(re.compile("#risk=no&phase=start&in-session=withdrawal$"))
    page.go_back()
    expect(page.locator("form[data-question=in-session]")).to_be_visible()
    page.go_back()
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    page.go_forward()
    expect(page.locator("form[data-question=in-session]")).to_be_visible()
    page.reload()
    wait_ready(page)
    expect(page.locator("form[data-question=in-session]")).to_be_visible()
    expect(page.locator(".guide-progress")).to_have_text("Question 3 of at most 10")


def test_a_shared_link_opens_the_result_and_survives_reload(page: Page, site_url: str) -> None:
    open_guide(page, site_url, SPEC_EXAMPLE)
    expect(guide(page)).to_have_attribute("data-state", "result")
    expect(page.locator("section.guide-result")).to_have_attribute("data-level", "secondary")
    page.reload()
    wait_ready(page)
    expect(page.locator("section.guide-result")).to_have_attribute("data-level", "secondary")


@pytest.mark.engine_tab
def test_a_link_in_a_new_tab_shows_the_same_result(page: Page, browser: Browser, site_url: str) -> None:
    open_guide(page, site_url)
    walk_to_secondary_result(page)
    link = page.url
    elsewhere = browser.new_context(service_workers="block")  # another browser: nothing shared, a first visit
    second = elsewhere.new_page()
    second.goto(link)
    wait_ready(second)
    assert second.locator("section.guide-result").inner_text() == page.locator("section.guide-result").inner_text()
    elsewhere.close()


@pytest.mark.engine_tab
def test_unknown_parts_of_a_link_are_named_and_the_guide_carries_on(page: Page, site_url: str) -> None:
    open_guide(page, site_url, "risk=no&colour=blue&phase=ongoing&signs=dropout,crying")
    expect(guide(page)).to_have_attribute("data-state", "result")
    notice = page.locator("[data-guide-ignored]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("colour")
    expect(notice).to_contain_text("crying")
    expect(page.locator("section.guide-result")).to_have_attribute("data-level", "tertiary")


# 5. Print.


@pytest.mark.engine_tab
def test_printing_a_result_opens_every_disclosure_on_few_pages(page: Page, site_url: str, tmp_path: Path) -> None:
    open_guide(page, site_url, SPEC_EXAMPLE)
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-footer", ".guide-nav", ".phrasing__copy"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("section.guide-result h2")).to_be_visible()
    expect(page.locator("#decision-guide-page")).to_be_hidden()
    meta = page.locator(".guide-print-meta")
    expect(meta).to_be_visible()
    expect(meta).to_contain_text("never replaces")
    expect(page.locator(".guide-print-header")).to_contain_text(re.compile(r"Printed \S+"))  # test_print.py
    expect(meta).to_contain_text("guide/#risk=no")
    expect(page.locator(".guide-answers-summary")).to_be_visible()
    # In print, every disclosure is open, and a step prints what is used on paper: its action and
    # its words (how to, pitfalls and why stay on screen and on the reference pages).
    for step in page.locator("ol.guide-interventions > li.guide-intervention").all():
        expect(step.locator(".guide-action").first).to_be_visible()
        expect(step.locator("li.phrasing").first).to_be_visible()
        expect(step.locator(".guide-how")).to_be_hidden()
    pdf = page.pdf(path=str(tmp_path / "result.pdf"))
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2, f"the printed result takes {pages} pages"


@pytest.mark.engine_tab
def test_printing_opens_closed_disclosures_and_closes_them_after(page: Page, site_url: str) -> None:
    """The script's fallback for browsers without ::details-content: beforeprint opens every closed
    disclosure of the guide, afterprint closes those again and leaves the reader's own open."""
    open_guide(page, site_url, SPEC_EXAMPLE)
    disclosures = page.locator("#decision-guide details")
    closed = page.locator("#decision-guide details:not([open])")
    total = disclosures.count()
    assert total >= 3  # one per step, and why this recommendation
    expect(closed).to_have_count(total)
    mine = page.locator("li[data-intervention=wonder-aloud] details.guide-more")
    mine.locator("summary").click()
    expect(mine).to_have_attribute("open", "")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(closed).to_have_count(0)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(closed).to_have_count(total - 1)
    expect(mine).to_have_attribute("open", "")


# 6. Instant navigation, dark mode, phones.


@pytest.mark.engine_tab
def test_guide_works_after_instant_navigation_away_and_back(page: Page, site_url: str) -> None:
    open_guide(page, site_url)
    page.locator("a.md-nav__link[href$='/alliance/']").first.click()
    expect(page).to_have_url(re.compile("alliance/$"))  # the address changes before the content does:
    expect(page.locator("h1#alliance")).to_be_visible()  # wait for the new page itself
    page.locator("a.md-nav__link[href$='/guide/']").first.click()
    expect(page).to_have_url(re.compile("guide/$"))
    expect(page.locator("h1#decision-guide-page")).to_be_visible()
    wait_ready(page)
    answer(page, "no")
    expect(page.locator("form[data-question=phase]")).to_be_visible()


@pytest.mark.engine_tab
def test_dark_mode(page: Page, site_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    open_guide(page, site_url, SPEC_EXAMPLE)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    background = page.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor")
    text = page.evaluate("getComputedStyle(document.querySelector('.guide-result h2')).color")
    assert background != text


def test_phone_width(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_guide(page, site_url)
    expect(page.locator("form[data-question=risk]")).to_be_in_viewport()
    walk_to_secondary_result(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


# 7. Keyboard and screen readers.


@pytest.mark.engine_tab
def test_keyboard_only_walk_with_focus_and_announcements(page: Page, site_url: str) -> None:
    open_guide(page, site_url)
    page.locator("form[data-question=risk] button.guide-answer").first.focus()
    page.keyboard.press("Tab")
    expect(page.locator("form[data-question=risk] button[name=answer][value=no]")).to_be_focused()
    before = views(page)
    page.keyboard.press("Enter")
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))
    expect(page.locator("form[data-question=phase] h2")).to_be_focused()
    expect(page.locator(".guide-status")).to_have_text("Question 2 of at most 10: Where are you in the treatment?")
    for _ in range(3):
        page.keyboard.press("Tab")
    before = views(page)
    page.keyboard.press("Enter")
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))
    expect(page.locator("form[data-question=in-session] h2")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("form[data-question=in-session] input").first).to_be_checked()
