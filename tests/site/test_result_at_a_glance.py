"""A result a clinician takes in at a glance, over every outcome on the page of all pathways.

The outcomes are the guide links of the built pathways page; each is rendered from the
same data the guide uses (``api.view`` and ``render.view_html``, as the worker does).
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from decision_tree import api, load_tree, render
from tools.glance import distribution, visible_words

MEDIAN_MAX = 200
LONGEST_MAX = 300


class _GuideLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fragments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and "guide-link" in (dict(attrs).get("class") or "") and "#" in href:
            self.fragments.append(unquote(href.partition("#")[2]))


@pytest.fixture(scope="module")
def outcomes(site: Path) -> dict[str, str]:
    """Every outcome the pathways page links to: its fragment and the result's HTML."""
    parser = _GuideLinks()
    parser.feed((site / "guide" / "pathways" / "index.html").read_text(encoding="utf-8"))
    tree = load_tree()
    rendered = {}
    for fragment in dict.fromkeys(parser.fragments):
        view = api.view(tree, fragment)
        assert view["state"] == "result" and not view["ignored"], fragment
        rendered[fragment] = render.view_html(view, "../")
    assert len(rendered) >= 20, "the pathways page links every sign's outcome"
    return rendered


def test_the_counter_sees_what_the_reader_sees() -> None:
    html = (
        '<section><h2>Title</h2><p>one two</p><details><summary>More<span class="visually-hidden"> on x'
        '</span></summary><p>hidden words here</p></details><p class="guide-print-meta">print only</p></section>'
    )
    assert visible_words(html) == ["Title", "one", "two", "More"]
    assert visible_words(html.replace("<details>", "<details open>")) == [
        "Title", "one", "two", "More", "hidden", "words", "here",
    ]  # fmt: skip


def test_results_are_short_with_the_disclosures_closed(outcomes: dict[str, str]) -> None:
    counts = {fragment: len(visible_words(html)) for fragment, html in outcomes.items()}
    figures = distribution(list(counts.values()))
    longest = max(counts, key=counts.__getitem__)
    assert figures["median"] <= MEDIAN_MAX, figures
    assert figures["max"] <= LONGEST_MAX, f"{longest}: {counts[longest]} words; {figures}"


def test_a_result_shows_level_then_steps_then_keep_doing(outcomes: dict[str, str]) -> None:
    for fragment, html in outcomes.items():
        order = [
            m.group(0)
            for m in re.finditer(r'id="guide-result-title"|id="guide-what-to-do"|id="guide-keep-doing"', html)
        ]
        assert order[0] == 'id="guide-result-title"', fragment
        assert order[-1] == 'id="guide-keep-doing"', fragment
        if "risk=yes" in fragment:
            # Rule 12: the safety step first, then the level as what follows once safety is addressed.
            assert html.index('data-intervention="safety-first"') < html.index("Once safety is addressed")
            assert "Nothing suggests" not in html


def test_each_step_shows_title_action_one_phrasing_and_one_disclosure(outcomes: dict[str, str]) -> None:
    """The step to take next shows its words; later steps their action; while a risk comes first, the
    rupture's steps only their title. Each has one disclosure for the rest."""
    step = re.compile(
        r'<(li|div) class="guide-intervention" data-intervention="([a-z-]+)" data-glance="([a-z]+)">(.*?)</details>',
        re.S,
    )
    standing = re.compile(r'<li class="guide-intervention guide-intervention--standing"[^>]*>(.*?)</li>', re.S)
    for fragment, html in outcomes.items():
        steps = step.findall(html)
        assert steps or "signs=none" in fragment, fragment
        kept = standing.findall(html)
        assert len(kept) == 3, fragment
        for body in kept:  # a line each, and its detail behind one disclosure
            assert body.count('class="guide-keep-line"') == 1 and body.count("<details") == 1, fragment
        safety = 'data-safety="true"' in html
        rupture_steps = [glance for _, intervention, glance, _ in steps if intervention != "safety-first"]
        if rupture_steps:
            expected = ["title"] * len(rupture_steps) if safety else ["lead"] + ["action"] * (len(rupture_steps) - 1)
            assert rupture_steps == expected, fragment
        for _, intervention, glance, body in steps:
            assert body.count('class="guide-step__title"') == 1, (fragment, intervention)
            assert body.count('class="guide-action"') == (glance != "title"), (fragment, intervention)
            assert body.count('class="phrasings phrasings--lead"') == (glance == "lead"), (fragment, intervention)
            assert body.count("<details") == 1, (fragment, intervention)
            if glance == "lead":
                assert body.index('class="phrasings phrasings--lead"') < body.index("<details")


def every_single_sign_and_allowed_pair() -> list[str]:
    """Spec v3, issue 19: the limits hold over every sign alone and every pair allowed together,
    with and without a risk, at the start and in ongoing treatment."""
    tree = load_tree()
    signs = list(tree.signs)
    combos = [(), *((s,) for s in signs)]
    combos += [pair for pair in itertools.combinations(signs, 2) if tree.conflict(set(pair)) is None]
    return [
        f"risk={risk}&phase={phase}&signs={','.join(combo) or 'none'}"
        for combo in combos
        for risk in ("yes", "no")
        for phase in ("start", "ongoing")
    ]


def test_every_sign_and_pair_is_short_with_the_disclosures_closed() -> None:
    tree = load_tree()
    counts = {}
    for fragment in every_single_sign_and_allowed_pair():
        view = api.view(tree, fragment)
        assert view["state"] == "result", fragment
        counts[fragment] = len(visible_words(render.view_html(view, "../")))
    figures = distribution(list(counts.values()))
    longest = max(counts, key=counts.__getitem__)
    assert figures["outcomes"] > 700
    assert figures["median"] <= MEDIAN_MAX, figures
    assert figures["max"] <= LONGEST_MAX, f"{longest}: {counts[longest]} words; {figures}"
