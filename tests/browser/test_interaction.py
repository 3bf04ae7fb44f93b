"""Issue 24, the guide's interaction: nothing a clinician enters is lost or misread.

A question of several choices has one way on that keeps them all; Back and "Change" keep the
later answers; a shared link shows what it holds in words while the engine starts, never the
first question; focus is visible on every choice; Material's "Back to top" pill never covers what
the guide has just scrolled to; a copy says so on screen, and warns of blanks left to fill in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, Route, expect

from decision_tree import api, load_tree
from tests.browser.helpers import (
    STORAGE_PROBE,
    answer,
    guide,
    make_the_first_in_page_navigation,
    settle,
    views,
    visit,
    wait_ready,
    wait_until,
    walk_to_result,
)
from tests.support.browser import ENGINE_TIMEOUT_MS

TREE = load_tree()


def open_guide(page: Page, site_url: str, fragment: str = "") -> None:
    visit(page, site_url + "guide/" + (f"#{fragment}" if fragment else ""))
    wait_ready(page)
    if fragment:
        expect(guide(page)).to_have_attribute("data-views", re.compile(r"^[1-9]\d*$"))


def link(page: Page) -> dict[str, list[str]]:
    """The answers in the address, by key."""
    pairs = [part.partition("=") for part in str(page.evaluate("location.hash")).lstrip("#").split("&") if part]
    return {key: [v for v in values.split(",") if v and v != "none"] for key, _, values in pairs}


def link_of(page: Page) -> str:
    return str(page.evaluate("location.hash")).lstrip("#")


def press(page: Page, selector: str) -> None:
    """Press a button of the guide and wait for the view it leads to."""
    before = views(page)
    page.locator(selector).click()
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))


# 1. No choice is ever lost.


@pytest.mark.engine_tab
def test_the_walk_of_the_issue_keeps_the_chosen_option(page: Page, site_url: str) -> None:
    """At risk, ongoing, nothing in session; at attendance only the option "They have said they
    want to stop…" chosen, nothing ticked: the one way on keeps it, and the result is tertiary,
    with safety first."""
    open_guide(page, site_url)
    answer(page, "yes")
    answer(page, "ongoing")
    answer(page, "none")
    form = page.locator("form[data-question=attendance]")
    none = form.locator("button[name=answer][value=none]")
    go_on = form.locator("button[data-submit=selected]")
    expect(none).to_be_enabled()
    expect(go_on).to_have_text("Continue")
    form.locator("input[type=radio][value=wants-to-end]").check()
    expect(none).to_be_disabled()
    expect(form.locator("[data-none-hint]")).to_be_visible()
    expect(go_on).to_have_text("Continue with 1 chosen")
    form.locator("input[type=checkbox][value=missed-session]").check()
    expect(go_on).to_have_text("Continue with 2 chosen")
    form.locator("input[type=checkbox][value=missed-session]").uncheck()
    expect(form.locator("button[type=submit]")).to_have_count(2)  # one way on, and "None of these"
    press(page, "form[data-question=attendance] button[data-submit=selected]")
    assert link(page)["attendance"] == ["wants-to-end"]
    walk_to_result(page, {})
    result = page.locator("section.guide-result")
    expect(result).to_have_attribute("data-level", "tertiary")
    expect(result).to_have_attribute("data-safety", "true")
    expect(result.locator(":scope > *").first).to_have_class(re.compile("guide-safety"))
    assert "wants-to-end" in link(page)["signs"]
    recap = page.locator(".guide-recap")
    expect(recap).to_contain_text("You noted: a concern about harm")
    expect(recap).to_contain_text("established, ongoing treatment")
    label = next(a["answers"][0] for a in api.view(TREE, link_of(page))["answers"] if a["question"] == "attendance")
    expect(recap).to_contain_text(re.compile(f"{re.escape(label[1:])}|{re.escape(TREE.signs['wants-to-end'].short)}"))


@pytest.mark.engine_tab
def test_none_of_these_comes_back_once_nothing_is_chosen(page: Page, site_url: str) -> None:
    open_guide(page, site_url, "risk=no&phase=ongoing&in-session=none")
    form = page.locator("form[data-question=attendance]")
    none = form.locator("button[name=answer][value=none]")
    form.locator("input[type=radio][value=dropout]").check()
    expect(none).to_be_disabled()
    form.locator("input[type=radio][value=none]").check()
    expect(none).to_be_enabled()
    expect(form.locator("[data-none-hint]")).to_be_hidden()
    press(page, "form[data-question=attendance] button[name=answer][value=none]")
    assert link(page)["attendance"] == []


@pytest.mark.engine_tab
@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_choice_made_reaches_the_link(page: Page, site_url: str, data: Any) -> None:
    """Random walks through the page, with a Back now and then, on one page: after each answer the
    address holds every choice made at that question, and the result's address all of them."""
    if guide(page).and_(page.locator("[data-walked]")).count() == 0:  # the first walk: open the guide
        open_guide(page, site_url)
        guide(page).evaluate("root => { root.dataset.walked = 'true'; }")
    elif guide(page).get_attribute("data-state") == "result":
        press(page, ".guide-nav button[data-goto='']")
    chosen: dict[str, list[str]] = {}
    backs = 0
    for _ in range(20):
        if guide(page).get_attribute("data-state") == "result":
            break
        form = page.locator(".guide-view form[data-question]")
        question = form.get_attribute("data-question") or ""
        if chosen and backs < 2 and data.draw(st.integers(0, 5), label="back?") == 0:
            backs += 1
            chosen.popitem()
            press(page, ".guide-nav button[data-change]")
            continue
        if form.get_attribute("data-kind") == "single":
            values = [b.get_attribute("value") or "" for b in form.locator("button[name=answer]").all()]
            value = data.draw(st.sampled_from(values), label=question)
            press(page, f".guide-view button[name=answer][value='{value}']")
            chosen[question] = [value]
        else:
            boxes = [b.get_attribute("value") or "" for b in form.locator("input[type=checkbox]").all()]
            ticks = data.draw(st.lists(st.sampled_from(boxes), unique=True, max_size=3), label=question)
            for box in boxes:  # a box seen again may be ticked already: set each one as drawn
                form.locator(f"input[type=checkbox][value='{box}']").set_checked(box in ticks)
            options = []
            for group in form.locator("[data-group]").all():
                radios = [r.get_attribute("value") or "" for r in group.locator("input[type=radio]").all()]
                option = data.draw(st.sampled_from(radios), label=f"{question} option")
                group.locator(f"input[type=radio][value='{option}']").check()
                options += [option] if option != "none" else []
            picked = ticks + options
            by_none = not picked and data.draw(st.booleans(), label="none of these?")
            press(page, ".guide-view button[value=none]" if by_none else ".guide-view button[data-submit=selected]")
            chosen[question] = picked
        held = link(page)
        assert set(chosen[question]) <= set(held.get(question, []) + held.get("signs", [])), (question, held)
    expect(guide(page)).to_have_attribute("data-state", "result")
    held = link(page)
    for question, values in chosen.items():
        if TREE.questions[question].sets == "signs":
            assert set(values) <= set(held["signs"]), (question, values, held)
        else:
            assert held[question] == values, (question, values, held)


# 2. Back keeps the later answers.


def test_back_shows_the_answers_given_and_keeps_the_later_ones(page: Page, site_url: str) -> None:
    open_guide(page, site_url, "risk=no")
    # Back is the first move within the page, which re-renders it (instant navigation): made before.
    make_the_first_in_page_navigation(page, "decision-guide", "risk=no&phase=ongoing")
    expect(guide(page)).to_have_attribute("data-views", "1")  # the new guide's first view: the link's
    answer(page, "withdrawal")
    answer(page, "missed-session", "wants-to-end")
    answer(page, "explicit-blame")
    expect(page.locator("form[data-question=own-reaction]")).to_be_visible()
    page.go_back()
    expect(page.locator("form[data-question=about-us] input[value=explicit-blame]")).to_be_checked()
    page.go_back()
    attendance = page.locator("form[data-question=attendance]")
    expect(attendance.locator("input[value=missed-session]")).to_be_checked()
    expect(attendance.locator("input[type=radio][value=wants-to-end]")).to_be_checked()
    expect(attendance.locator("button[data-submit=selected]")).to_have_text("Continue with 2 chosen")
    # The guide's own Back, then the same answer: each later question shows its answer still chosen.
    press(page, ".guide-nav button[data-change=in-session]")
    expect(page.locator("form[data-question=in-session] input[value=withdrawal]")).to_be_checked()
    press(page, ".guide-nav button[data-change=phase]")
    chosen = page.locator("form[data-question=phase] button[data-chosen]")
    expect(chosen).to_have_attribute("value", "ongoing")
    expect(chosen).to_contain_text("Your earlier answer")
    press(page, "form[data-question=phase] button[value=early]")
    expect(page.locator("form[data-question=in-session] input[value=withdrawal]")).to_be_checked()
    press(page, "form[data-question=in-session] button[data-submit=selected]")
    expect(page.locator("form[data-question=attendance] input[value=missed-session]")).to_be_checked()
    # Kept in the page and its history entries only: nothing is stored.
    stored = page.evaluate(STORAGE_PROBE)
    assert "withdrawal" not in str(stored) and "missed-session" not in str(stored)
    assert "missed-session" not in str(page.evaluate("JSON.stringify({...localStorage, ...sessionStorage})"))


def test_a_fragment_typed_in_the_address_is_shown_and_announced_once(page: Page, site_url: str) -> None:
    """Chromium, under Material's instant navigation, tells the page of a typed fragment twice: the
    guide works it out and announces it once. Each view is counted and each announcement kept, and
    the second address's view comes after any view the first one caused (the engine answers in
    order), so a doubled view would show in the counts once the second is on screen."""
    open_guide(page, site_url, "risk=no")
    make_the_first_in_page_navigation(page, "decision-guide", "risk=no&phase=ongoing")
    expect(guide(page)).to_have_attribute("data-views", "1")
    # The link's own view is announced a moment after it shows (announce.mjs): wait for it first.
    expect(page.locator("#decision-guide .guide-status")).to_have_text(re.compile("^Question 3 "))
    page.evaluate("""() => {
        window.__told = [];
        const status = document.querySelector('#decision-guide .guide-status');
        new MutationObserver(() => status.textContent && window.__told.push(status.textContent))
            .observe(status, { childList: true, characterData: true, subtree: true });
    }""")
    page.evaluate("location.hash = 'risk=yes'")
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    page.evaluate("location.hash = 'risk=no&phase=early'")
    expect(page.locator("form[data-question=in-session]")).to_be_visible()
    assert guide(page).get_attribute("data-views") == "3"
    page.wait_for_function("() => window.__told.length > 0 && window.__told.at(-1).startsWith('Question 3 ')")
    told = page.evaluate("window.__told")
    assert [text.split(":")[0] for text in told] == ["Question 2 of at most 10", "Question 3 of at most 10"], told
    # Back, after the typed fragments, still opens the entry before; and after an answer moves on
    # from it, Back opens that same address again.
    page.go_back()
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    expect(guide(page)).to_have_attribute("data-views", "4")
    answer(page, "ongoing")
    expect(page.locator("form[data-question=phase]")).to_have_count(0)
    page.go_back()
    expect(page.locator("form[data-question=phase]")).to_be_visible()
    expect(guide(page)).to_have_attribute("data-views", "6")


@pytest.mark.engine_tab
def test_change_in_your_answers_keeps_the_others(page: Page, site_url: str) -> None:
    open_guide(page, site_url, "risk=no&phase=ongoing&signs=missed-session,easy-explanation&after-difficult=yes")
    expect(guide(page)).to_have_attribute("data-state", "result")
    page.locator("details.guide-why summary").click()
    change = page.locator(".guide-answers-summary button[data-change=attendance]")
    expect(change).to_have_accessible_name(re.compile("^Change the answer to: Has anything changed"))
    press(page, ".guide-answers-summary button[data-change=attendance]")
    form = page.locator("form[data-question=attendance]")
    expect(form.locator("input[value=missed-session]")).to_be_checked()
    form.locator("input[value=missed-session]").uncheck()
    form.locator("input[value=late-arrival]").check()
    press(page, "form[data-question=attendance] button[data-submit=selected]")
    expect(guide(page)).to_have_attribute("data-state", "result")  # nothing else asked again
    held = link(page)
    assert set(held["signs"]) == {"easy-explanation", "late-arrival"} and held["after-difficult"] == ["yes"], held


# 3. A shared link shows what it holds, in words, while it opens.


def test_a_shared_link_never_shows_the_first_question_while_it_opens(page: Page, site_url: str) -> None:
    held: list[Route] = []
    page.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))
    page.goto(site_url + "guide/#risk=yes&phase=ongoing&signs=wants-to-end,withdrawal")
    preview = page.locator("[data-guide-link-preview]")
    expect(preview).to_be_visible()
    expect(page.locator("form[data-question=risk]")).to_have_count(0)
    expect(guide(page)).to_have_attribute("data-state", "loading")
    expect(preview).to_contain_text(TREE.questions["risk"].prompt)
    expect(preview).to_contain_text("Yes, or I am not sure")
    expect(preview).to_contain_text("Established, ongoing treatment")
    for sign in ("wants-to-end", "withdrawal"):
        expect(preview).to_contain_text(TREE.signs[sign].label)
    loading = page.locator("[data-guide-loading]")
    expect(loading).to_be_visible()
    expect(loading.locator("progress")).to_be_visible()
    expect(loading).not_to_contain_text("engine")
    wait_until(page, lambda: bool(held))
    held[0].continue_()
    result = page.locator("section.guide-result")
    expect(result).to_have_attribute("data-safety", "true", timeout=ENGINE_TIMEOUT_MS)
    expect(preview).to_have_count(0)


def test_before_the_page_script_runs_a_link_with_answers_hides_the_first_question(page: Page, site_url: str) -> None:
    """No flash of question 1: until guide.mjs has put the link in words in its place, the question the
    build pre-rendered stays hidden (early-start.js, inlined in the page's head, marks the page)."""
    page.route("**/assets/guide/guide.mjs", lambda route: route.abort())
    page.goto(site_url + "guide/#risk=no&phase=ongoing&signs=dropout")
    question = page.locator("form[data-question=risk]")
    expect(question).to_have_count(1)
    expect(question).to_be_hidden()
    page.goto(site_url + "guide/")
    expect(page.locator("form[data-question=risk]")).to_be_visible()


# 4. Focus is visible on every choice, light and dark.

FOCUS_RING = """element => {
    const own = getComputedStyle(element), box = getComputedStyle(element.closest('.guide-choice') || element);
    const ring = style => style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return {focusVisible: element.matches(':focus-visible'), own: ring(own), label: ring(box),
            color: own.outlineColor, background: getComputedStyle(document.body).backgroundColor};
}"""


def tab_to(page: Page, selector: str) -> Any:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return page.evaluate_handle("document.activeElement")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.engine_tab
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_is_visible_on_every_choice(page: Page, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_guide(page, site_url, "risk=no&phase=ongoing&in-session=none")
    page.locator("form[data-question=attendance] h2").focus()
    for selector in ["input[type=checkbox]", "input[type=radio]", "button[data-submit=selected]"]:
        ring = tab_to(page, f"#decision-guide {selector}").evaluate(FOCUS_RING)
        assert ring["focusVisible"] and ring["own"], (scheme, selector, ring)
        assert ring["color"] != ring["background"], (scheme, selector, ring)
    press(page, ".guide-nav button[data-goto='']")  # start over: the first question's answer buttons
    page.locator("form[data-question=risk] h2").focus()
    ring = tab_to(page, "#decision-guide button[name=answer]").evaluate(FOCUS_RING)
    assert ring["focusVisible"] and ring["own"], (scheme, "an answer button", ring)
    visit(page, site_url + "guide/practice/")
    for selector in ["input[name=level]", "input[name=intervention]"]:
        ring = tab_to(page, f"#practice {selector}").evaluate(FOCUS_RING)
        assert ring["focusVisible"] and ring["own"] and ring["label"], (scheme, selector, ring)


# 5. Material's "Back to top" pill never covers what the guide has just moved to.

COVERED = """element => {
    const pill = document.querySelector('.md-top');
    if (!pill || pill.hidden) return {shown: false, covers: false};
    const a = pill.getBoundingClientRect(), b = element.getBoundingClientRect();
    return {shown: true, covers: a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right,
            pill: [a.top, a.bottom], element: [b.top, b.bottom]};
}"""


def press_way_on_from_the_bottom(page: Page, ticks: list[str]) -> None:
    """Tick, scroll to the bottom of the page as a reader scrolls past the choices, and go on."""
    form = page.locator(".guide-view form[data-question]")
    for value in ticks:
        form.locator(f"input[value={value}]").check()
    if form.get_attribute("data-kind") == "multi":
        way_on = "button[data-submit=selected]" if ticks else "button[value=none]"
    else:
        way_on = f"button[name=answer][value={form.locator('button[name=answer]').first.get_attribute('value')}]"
    page.mouse.wheel(0, 4000)
    wait_until(page, lambda: page.evaluate("window.scrollY + innerHeight >= document.body.scrollHeight - 2"))
    press(page, f".guide-view {way_on}")


@pytest.mark.engine_tab
@pytest.mark.parametrize(
    ("fragment", "ticks", "moved_to"),
    [
        ("risk=no&phase=ongoing&in-session=none", ["missed-session"], ["form[data-question] h2"]),
        (
            "risk=yes&phase=ongoing&in-session=none&attendance=wants-to-end&about-us=none",
            [],
            [".guide-recap", ".guide-safety .admonition-title", ".guide-safety h2[tabindex]"],
        ),
    ],
    ids=["next-question", "safety-result"],
)
def test_back_to_top_never_covers_what_the_guide_moved_to(
    page: Page, site_url: str, fragment: str, ticks: list[str], moved_to: list[str]
) -> None:
    """At 360 × 740, after an answer given at the bottom of the page: the next question, and a
    result with the red safety banner (answering every question up to it from the bottom)."""
    page.set_viewport_size({"width": 360, "height": 740})
    open_guide(page, site_url, fragment)
    press_way_on_from_the_bottom(page, ticks)
    if ".guide-recap" in moved_to:  # on to the result
        for _ in range(6):
            if guide(page).get_attribute("data-state") == "result":
                break
            press_way_on_from_the_bottom(page, [])
        expect(page.locator("section.guide-result")).to_have_attribute("data-safety", "true")
    expect(page.locator(".guide-view h2[tabindex]").first).to_be_focused()
    settle(page)
    wait_until(page, lambda: page.evaluate("!document.querySelector('.md-top')?.hidden"))  # the scroll up shows it
    for selector in moved_to:
        where = page.locator(f".guide-view {selector}").first.evaluate(COVERED)
        assert where["shown"] and not where["covers"], (selector, where)


# 10. A copy says so on screen, and warns of blanks to fill in.


def test_copy_confirmations_are_visible_and_warn_of_blanks(clipboard_page: Page, site_url: str) -> None:
    page = clipboard_page
    open_guide(page, site_url, "risk=no&phase=ongoing&signs=dropout")
    page.locator(".guide-nav button[data-action=copy-link]").click()
    note = page.locator(".guide-nav .copy-note")
    expect(note).to_be_visible()
    expect(note).to_have_text("Link copied")
    page.evaluate("document.querySelectorAll('#decision-guide details').forEach(d => d.open = true)")
    phrasings = page.locator("#decision-guide li.phrasing")
    blank = phrasings.filter(has=page.locator("q", has_text=re.compile(r"\[[^\]]+\]"))).first
    plain = phrasings.filter(has_not=page.locator("q", has_text="[")).first
    plain.locator("button").click()
    expect(plain.locator(".copy-note")).to_have_text("Phrasing copied")
    blank.locator("button").click()
    warning = blank.locator(".copy-note")
    expect(warning).to_be_visible()
    expect(warning).to_have_text("Phrasing copied — fill in the parts in [brackets] before sending")
    expect(page.locator(".guide-status")).to_have_text(re.compile("fill in the parts in \\[brackets\\]"))
    assert "[" in page.evaluate("navigator.clipboard.readText()")


def test_an_answer_tapped_before_the_guides_script_runs_is_given_once_it_does(page: Page, site_url: str) -> None:
    # Hold guide.mjs, so the reader taps the pre-rendered question before anything listens to it.
    held: list[Route] = []
    page.route("**/assets/guide/guide.mjs", lambda route: held.append(route))
    page.goto(site_url + "guide/", wait_until="domcontentloaded")
    wait_until(page, lambda: bool(held))
    expect(guide(page)).not_to_have_attribute("data-mounted", "true")
    page.locator(".guide-view button[name=answer][value=no]").click()
    assert "risk=" not in page.url  # nothing has answered it yet, and the page has not navigated
    for route in held:
        route.continue_()
    expect(page.locator("#decision-guide form[data-question=phase]")).to_be_visible(timeout=ENGINE_TIMEOUT_MS)
    assert link(page)["risk"] == ["no"]


# Wraps, before any page script, what the page sends its engine and how it writes its history;
# a microtask queued as the answer is sent marks the end of the handler that sent it.
ORDER_PROBE = """
(() => {
  const order = (window.__order = []);
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.request) {
      order.push("sent " + message.request.type);
      queueMicrotask(() => order.push("handler done"));
    }
    return post.call(this, message, ...rest);
  };
  for (const name of ["replaceState", "pushState"]) {
    const write = history[name];
    history[name] = function (...args) { order.push(name); return write.apply(this, args); };
  }
})();
"""


def test_an_answer_is_on_its_way_before_the_page_writes_it_into_its_history(page: Page, site_url: str) -> None:
    # Writing history.state takes Chromium up to a few milliseconds, and the worker gets the
    # request only once the task that sent it ends: written in that task, it held every answer
    # back that long (make bench). Every write now comes after it.
    page.add_init_script(ORDER_PROBE)
    open_guide(page, site_url)
    page.evaluate("window.__order.length = 0")
    answer(page, "no")
    order = page.evaluate("window.__order")
    assert order[:2] == ["sent answer", "handler done"], order
    assert order[2:] in (["replaceState", "pushState"], ["pushState"]), order  # the next question's entry
    assert link(page)["risk"] == ["no"]
    assert page.evaluate("history.state.guideAnswers.risk") == ["no"]  # what a reload reads
