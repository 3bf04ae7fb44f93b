"""Practice mode for everyone (issue 22, point 6): on a 360 px phone in dark mode, every state a set
goes through (a case, its feedback, the next case, the summary) is said to screen readers through the
page's polite status region, and axe finds nothing in any of them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_violations, move_to_fragment, settle, visit, wait_engine

PAGE = "guide/practice/"


def root(page: Page) -> Any:
    return page.locator("#practice")


def status(page: Page) -> Any:
    return page.locator("#practice [role=status][aria-live=polite]")


def clean(page: Page, where: str) -> None:
    settle(page)
    assert axe_violations(page) == [], where
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where}: the page scrolls sideways by {overflow} px"


@pytest.mark.engine_tab
def test_every_state_of_a_set_is_announced_and_passes_axe_on_a_dark_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.emulate_media(color_scheme="dark")
    visit(page, site_url + PAGE)
    wait_engine(page, "#practice")
    cases: list[dict[str, str]] = json.loads(root(page).get_attribute("data-cases") or "[]")
    # The last two cases of the set, so that the second ends it and offers the summary.
    first, last = cases[-2], cases[-1]
    move_to_fragment(page, f"case={first['id']}")
    expect(page.locator(f"form.practice-case[data-case={first['id']}] h2")).to_be_focused()
    expect(status(page)).to_have_text(f"Case {len(cases) - 1} of {len(cases)}: {first['title']}")
    expect(root(page)).to_have_attribute("data-state", "case")
    clean(page, "a case")

    page.locator("input[name=level][value=secondary]").check()
    page.locator("form.practice-case button[type=submit]").click()
    expect(root(page)).to_have_attribute("data-state", "feedback")
    expect(status(page)).to_contain_text(f"Feedback on case {len(cases) - 1}")
    clean(page, "its feedback")

    page.locator("button[data-practice=next]").click()
    expect(page.locator(f"form.practice-case[data-case={last['id']}] h2")).to_be_focused()
    expect(status(page)).to_have_text(f"Case {len(cases)} of {len(cases)}: {last['title']}")
    clean(page, "the last case")

    page.locator("input[name=level][value=primary]").check()
    page.locator("form.practice-case button[type=submit]").click()
    expect(status(page)).to_contain_text(f"Feedback on case {len(cases)}")
    page.locator("button[data-practice=summary]").click()
    expect(root(page)).to_have_attribute("data-state", "summary")
    expect(status(page)).to_contain_text(f"How the set went: 2 of {len(cases)} cases done")
    clean(page, "the summary")
