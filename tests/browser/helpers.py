"""Helpers shared by the browser tests: waiting for the engine, answering, and running axe-core."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.browser import COPY_TIMEOUT_MS, ENGINE_TIMEOUT_MS
from tools.harness import ROOT

AXE = (ROOT / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")

#: An init script that holds Material's search index on the engine's pages for an hour (the test
#: hook of search-later.js). For a test that watches every request: the index otherwise loads at the
#: reader's first half-second pause after "ready", which a slow machine may take between two steps.
HOLD_SEARCH_INDEX = "window.__decisionGuideSearchPauseMs = 3600000"


#: An init script that keeps a mark of every copy button's tick: the tick (data-copied="true") shows for a
#: moment only, which a test on a slow machine could look for too late. A button once ticked keeps
#: data-ticked="true", which a test waits for as for any state.
KEEP_COPY_TICKS = """new MutationObserver((changes) => {
  for (const { target } of changes) if (target.dataset.copied === 'true') target.dataset.ticked = 'true';
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-copied'] });"""


def as_seen_on(page: Page, scheme: str, width: int, height: int = 900) -> None:
    """Show `page` as a screen `width` px wide, in the system's light or dark setting: what a context
    of its own would set, here on a page of the warm context, whose engine restores its snapshot
    instead of starting in full (conftest.py, warm_context). Set before the page is opened."""
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.set_viewport_size({"width": width, "height": height})


def guide(page: Page) -> Any:
    return page.locator("#decision-guide")


#: The engine of a part of the page runs: the part names its platform (guide.mjs, practice.mjs, consult.mjs).
ENGINE_RUNS = "(root) => document.querySelector(root)?.dataset.platform === 'emscripten'"


def wait_for_state(
    page: Page, predicate: str, timeout_ms: float, explain: Callable[[], None], arg: object = None
) -> None:
    """Wait for a state of the page that takes seconds to come (an engine starting, a copy being
    made), checking it at every frame. expect() checks at intervals that grow to half a second, and
    saw an engine's start of about 3 s some 0.45 s late, an idle wait repeated in every start of
    the run. On a timeout, `explain` says what the page shows instead (an expect that fails)."""
    try:
        page.wait_for_function(predicate, arg=arg, polling="raf", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        explain()
        raise


def wait_engine(page: Page, root: str = "#decision-guide", timeout_ms: float = ENGINE_TIMEOUT_MS) -> None:
    """Wait until the engine of the part `root` runs: the guide's, or #practice's, or #consult's."""

    def explain() -> None:
        expect(page.locator(root)).to_have_attribute("data-platform", "emscripten", timeout=1)

    wait_for_state(page, ENGINE_RUNS, timeout_ms, explain, arg=root)


def wait_ready(page: Page) -> None:
    """Wait until the guide's engine runs."""
    wait_engine(page)


def wait_copy_ready(page: Page, timeout_ms: float = COPY_TIMEOUT_MS) -> None:
    """Wait until the offline copy is complete (<html data-offline-copy="ready">, offline-state.mjs)."""

    def explain() -> None:
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "ready", timeout=1)

    wait_for_state(page, "() => document.documentElement.dataset.offlineCopy === 'ready'", timeout_ms, explain)


def views(page: Page) -> int:
    return int(guide(page).get_attribute("data-views") or 0)


def answer(page: Page, *values: str) -> None:
    """Answer the question on screen by the answers' IDs (their `value`), never by their wording,
    and wait for the next view. One value: the button with that value, or the box to tick."""
    # A view still on its way (a link's, opened as the page loaded) would be counted as this
    # answer's: wait for it first, so the count read here is the one the answer moves on.
    expect(guide(page)).not_to_have_attribute("data-state", "loading")
    before = views(page)
    view = page.locator(".guide-view")
    if len(values) == 1 and view.locator(f"button[name=answer][value='{values[0]}']").count():
        view.locator(f"button[name=answer][value='{values[0]}']").click()
    else:
        for value in values:
            view.locator(f"input[name=answer][value='{value}']").check()
        view.locator("button[data-submit=selected]").click()
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))


def walk_to_result(page: Page, answers: dict[str, list[str]], at_most: int = 12) -> None:
    """Answer question after question until the result: by question ID, the answers' IDs to give;
    a question not named gets "none" where it offers it, or else its first answer."""
    for _ in range(at_most):
        if guide(page).get_attribute("data-state") == "result":
            return
        question = page.locator(".guide-view form[data-question]").get_attribute("data-question") or ""
        if question in answers:
            answer(page, *answers[question])
        elif page.locator(".guide-view button[name=answer][value=none]").count():
            answer(page, "none")
        else:
            answer(page, page.locator(".guide-view button[name=answer]").first.get_attribute("value") or "")
    expect(guide(page)).to_have_attribute("data-state", "result")


SETTLE = """async () => {
    // Two frames let a change just made start its transitions; then wait for every finite one.
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    for (let round = 0; round < 50; round++) {
        await frame(); await frame();
        const running = document.getAnimations().filter(animation =>
            animation.playState !== 'finished' && animation.effect?.getTiming().iterations !== Infinity);
        if (running.length === 0) return true;
        await Promise.all(running.map(animation => animation.finished.catch(() => null)));
    }
    return false;
}"""


def settle(page: Page) -> None:
    """Wait until no transition or animation is running (Material fades and slides parts of the page)."""
    assert page.evaluate(SETTLE), "animations never settled"


def wait_until(page: Page, condition: Callable[[], bool], frames: int = 6000) -> None:
    """Wait, frame by frame, for a condition on what Playwright has reported (a held request, say).

    Each round trip to the page lets Playwright deliver its pending events; nothing sleeps."""
    for _ in range(frames):
        if condition():
            return
        page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve(null)))")
    raise AssertionError("the condition never held")


def make_the_first_in_page_navigation(page: Page, part: str, fragment: str) -> None:
    """Move to `fragment` within the page, and wait for `part` (the id of a part that runs the engine)
    mounted again and ready.

    Material's instant navigation fetches and re-renders the page once, at the first in-page
    navigation after a load (it has not seen the address yet), and the part mounts again on the new
    content. Until it has, the old part still answers, and what a test does to it is lost with it.
    Make that navigation here, so that everything after meets the part that stays."""
    page.evaluate("(id) => { document.getElementById(id).dataset.beforeFirstNavigation = 'true'; }", part)
    move_to_fragment(page, fragment)
    fresh = page.locator(f"#{part}:not([data-before-first-navigation])")
    expect(fresh).to_have_attribute("data-mounted", "true")
    expect(fresh).to_have_attribute("data-platform", "emscripten", timeout=ENGINE_TIMEOUT_MS)


def click_a_link_in_sight(page: Page, link: Locator) -> None:
    """Bring a link into sight, then click it, as a reader does. Material writes the scroll position
    into the address's history entry a tenth of a second after it changes; a click sooner than that
    (Playwright scrolls and clicks at once) lets it land in the new page's entry, which then opens
    at that position instead of at its anchor. So a scroll waits for Material's record of it."""
    before = page.evaluate("scrollY")
    link.scroll_into_view_if_needed()
    if page.evaluate("scrollY") != before:
        page.wait_for_function("() => history.state !== null && Math.abs((history.state.y ?? -1) - scrollY) < 1")
    link.click()


def move_to_fragment(tab: Page, fragment: str) -> None:
    """Move to `fragment` within a page that visit opened: Material, which has shown this address
    already, leaves the page as it is, and the part on it follows the new fragment (contrast
    make_the_first_in_page_navigation, after a load). The test waits for the state it expects."""
    tab.evaluate("(fragment) => { location.hash = fragment; }", fragment)


#: The axe rules whose outcome depends on the colours alone, as a change of colour scheme changes them.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page: Page, context: str = "document", rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations at WCAG 2.1 A and AA, or of the named rules only (injected with evaluate,
    which the page's CSP allows)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    run_only = json.dumps({"type": "rule", "values": rules} if rules else ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    result: list[dict[str, Any]] = page.evaluate(
        f"""async () => {{
            const r = await axe.run({context}, {{runOnly: {run_only}}});
            return r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}}));
        }}"""
    )
    return result


#: Every kind of storage a page could leave behind.
STORAGE_PROBE = """async () => {
  const local = Object.keys(localStorage), session = Object.keys(sessionStorage);
  const databases = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
  return {local, session, databases};
}"""


def all_pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p.removesuffix("index.html") for p in pages]


#: A page has settled once it has loaded, each part it has says it is mounted (guide.mjs,
#: practice.mjs, consult.mjs; say-it.mjs's data-live), and the offline copy's script, which runs
#: after the load event, has written its state on <html> (offline-state.mjs). Waiting on these
#: states rather than on a quiet network (Playwright's "networkidle", half a second of nothing
#: after every page) reads the same page, and takes only as long as the page does.
PAGE_SETTLED = """() => document.readyState === "complete"
  && document.documentElement.dataset.offlineCopy !== undefined
  && ["decision-guide", "practice", "consult"].every((id) => !document.getElementById(id)
       || document.getElementById(id).dataset.mounted === "true")
  && [...document.querySelectorAll("#say-it[data-state]")].every((part) => part.dataset.live === "true")"""


def open_settled(page: Page, url: str) -> None:
    """Open `url` and wait until the page has settled (PAGE_SETTLED)."""
    page.goto(url)
    page.wait_for_function(PAGE_SETTLED)


#: Follow a link to `url` as a reader's click would, which Material's instant navigation takes: it
#: sets the address, fetches the page and swaps its content in, and the page controllers mount on
#: the new content (page.mjs). The content and the parts now on the page are marked, so that the
#: wait below meets their successors, not the page that is leaving.
FOLLOW_LINK = """(url) => {
  const leaving = document.querySelectorAll('article, [data-mounted], [data-live]');
  for (const part of leaving) part.dataset.leftBehind = 'true';
  const link = Object.assign(document.createElement('a'), { href: url });
  document.body.append(link);
  link.click();
  link.remove();
}"""

#: The link's page is shown and settled (PAGE_SETTLED), none of the page before it left. Its path is
#: compared, not its whole address: the guide writes a link's answers in their own order at once.
ARRIVED = f"""(url) => location.pathname === new URL(url).pathname
  && !document.querySelector('[data-left-behind]') && ({PAGE_SETTLED})()"""


def open_engine_tab(context: BrowserContext, site_url: str) -> Page:
    """A tab on the guide with its engine running: the engine tab of conftest.py."""
    tab = context.new_page()
    tab.goto(site_url + "guide/")
    wait_ready(tab)
    return tab


def visit(tab: Page, url: str) -> None:
    """Open `url` as a reader would, and wait until it has settled: in a new page, by loading it; in
    the engine tab (conftest.py, engine_tab), or any page already showing the site, by following a
    link to it. The page then shows afresh, as on a load: Material fetches a page only when the path
    changes, and moves to the fragment otherwise, so a link to the page on screen goes through
    another page first (STEPPING_STONE)."""
    if tab.url == "about:blank":
        open_settled(tab, url)
        return
    if urlsplit(url).path == urlsplit(tab.url).path:
        _follow_link(tab, tab.evaluate(STEPPING_STONE, url))
    _follow_link(tab, url)


#: A page to pass through on the way to `url`, on another path than both it and the page on screen:
#: the home page, or else the first page of the navigation that is neither.
STEPPING_STONE = """(url) => {
  const away = (href) => ![new URL(url).pathname, location.pathname].includes(new URL(href).pathname);
  return [...document.querySelectorAll('a.md-logo, a.md-nav__link[href]')].map((a) => a.href).find(away);
}"""


def _follow_link(tab: Page, url: str) -> None:
    tab.evaluate(FOLLOW_LINK, url)
    try:
        tab.wait_for_function(ARRIVED, arg=url)
    except PlaywrightTimeoutError as timeout:
        raise AssertionError(f"visit: {url} never settled: {tab.evaluate(WHERE_THE_TAB_IS)}") from timeout


#: What visit found instead of the page it waited for.
WHERE_THE_TAB_IS = """() => ({
  href: location.href, state: document.readyState, offlineCopy: document.documentElement.dataset.offlineCopy,
  leftBehind: [...document.querySelectorAll('[data-left-behind]')].map((part) => part.id || part.localName),
  parts: [...document.querySelectorAll('[data-mounted], [data-live], #decision-guide, #practice, #consult, #say-it')]
    .map((part) => `${part.id}: ${JSON.stringify(part.dataset)}`),
  title: document.title,
})"""


#: The engine tab's window: Playwright's default, as every other page of the warm context has.
ENGINE_TAB_VIEWPORT: ViewportSize = {"width": 1280, "height": 720}


def reset_engine_tab(tab: Page) -> None:
    """Undo what a test may change of the engine tab itself: routes, emulated media, the window's size."""
    tab.unroute_all(behavior="ignoreErrors")
    tab.emulate_media(media="null", color_scheme="null", reduced_motion="null", forced_colors="null", contrast="null")
    tab.set_viewport_size(ENGINE_TAB_VIEWPORT)
    tab.evaluate("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()")
