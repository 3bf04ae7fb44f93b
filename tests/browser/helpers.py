"""Helpers shared by the browser tests: waiting for the engine, answering, and running axe-core."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import ENGINE_TIMEOUT_MS
from tests.conftest import ROOT

AXE = (ROOT / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")


def guide(page: Page) -> Any:
    return page.locator("#decision-guide")


def wait_ready(page: Page) -> None:
    expect(guide(page)).to_have_attribute("data-platform", "emscripten", timeout=ENGINE_TIMEOUT_MS)


def views(page: Page) -> int:
    return int(guide(page).get_attribute("data-views") or 0)


def choose(page: Page, label: str) -> None:
    """Click a single-choice answer, or tick a box and continue, and wait for the next view."""
    before = views(page)
    button = page.locator(".guide-view button.guide-answer", has_text=label)
    if button.count():
        button.first.click()
    else:
        page.locator(".guide-choice", has_text=label).locator("input").check()
        page.locator(".guide-view button[data-submit=selected]").click()
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))


def none_of_these(page: Page) -> None:
    before = views(page)
    page.locator(".guide-view button[value=none]").click()
    expect(guide(page)).to_have_attribute("data-views", str(before + 1))


def axe_violations(page: Page, context: str = "document") -> list[dict[str, Any]]:
    """axe-core's violations at WCAG 2.1 A and AA (injected with evaluate, which the page's CSP allows)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result: list[dict[str, Any]] = page.evaluate(
        f"""async () => {{
            const r = await axe.run({context}, {{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}}));
        }}"""
    )
    return result
