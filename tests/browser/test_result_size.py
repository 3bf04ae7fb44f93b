"""A result a clinician takes in at a glance, and prints on two pages (issue 19, point 9), measured
in the browser, on what the reader sees: the site's own styles applied, every disclosure closed."""

from __future__ import annotations

import itertools
import re
from statistics import median

import pytest
from playwright.sync_api import Page, expect

from decision_tree import api, load_tree, render
from tests.browser.helpers import guide, visit
from tools.glance import visible_words

MEDIAN_MAX = 200
LONGEST_MAX = 300
PAGES_MAX = 2

#: Words of text nodes that are on screen: rendered, not inside a closed disclosure (bar its summary),
#: not clipped to a pixel (text for screen readers only).
COUNT_VISIBLE_WORDS = """htmls => {
    const host = Object.assign(document.createElement("div"), { className: "decision-guide" });
    const view = Object.assign(document.createElement("div"), { className: "guide-view" });
    host.append(view);
    document.querySelector(".md-content__inner").append(host);
    const counts = htmls.map((html) => {
        view.innerHTML = html;
        let words = 0;
        const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
            if (element.closest("details:not([open])") && !element.closest("summary")) continue;
            const box = element.getBoundingClientRect();
            if (box.width <= 1 || box.height <= 1) continue;
            words += node.textContent.split(/\\s+/).filter(Boolean).length;
        }
        return words;
    });
    host.remove();
    return counts;
}"""


def outcomes() -> dict[str, str]:
    """Every sign alone and every pair allowed together, with and without a risk, at the start and in
    ongoing treatment, rendered as the guide renders it."""
    tree = load_tree()
    signs = list(tree.signs)
    combos = [(), *((s,) for s in signs)]
    combos += [pair for pair in itertools.combinations(signs, 2) if tree.conflict(set(pair)) is None]
    rendered = {}
    for combo, risk, phase in itertools.product(combos, ("yes", "no"), ("start", "ongoing")):
        fragment = f"risk={risk}&phase={phase}&signs={','.join(combo) or 'none'}"
        rendered[fragment] = render.view_html(api.view(tree, fragment), "../")
    return rendered


@pytest.mark.engine_tab
def test_what_the_reader_sees_of_a_result_stays_short(page: Page, site_url: str) -> None:
    visit(page, site_url + "guide/")
    rendered = outcomes()
    counts = dict(zip(rendered, page.evaluate(COUNT_VISIBLE_WORDS, list(rendered.values())), strict=True))
    assert len(counts) > 700
    longest = max(counts, key=counts.__getitem__)
    assert median(counts.values()) <= MEDIAN_MAX, median(counts.values())
    assert counts[longest] <= LONGEST_MAX, f"{longest}: {counts[longest]} words"
    # The browser sees at least what the renderer's own count says is on screen: the count is real.
    sample = next(iter(rendered))
    assert counts[sample] >= len(visible_words(rendered[sample])) - 5


def heaviest(count: int) -> list[str]:
    """The results with the most to print (every disclosure open), over single signs and pairs, each
    told in session where that is asked."""
    rendered = outcomes()
    text = {f: len(re.sub(r"<[^>]+>", " ", html).split()) for f, html in rendered.items()}
    return sorted(text, key=text.__getitem__, reverse=True)[:count]


def pdf_pages(page: Page) -> int:
    pdf = page.pdf(format="A4")
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.engine_tab
def test_the_longest_results_print_on_two_pages(page: Page, site_url: str) -> None:
    fragments = [*heaviest(3), "risk=yes&phase=start&signs=explicit-blame,homework-lapse&told-by=in-session"]
    for fragment in fragments:
        visit(page, site_url + "guide/#" + fragment)
        expect(guide(page)).to_have_attribute("data-state", "result", timeout=60_000)
        page.emulate_media(media="print")
        assert pdf_pages(page) <= PAGES_MAX, fragment
        page.emulate_media(media="screen")
