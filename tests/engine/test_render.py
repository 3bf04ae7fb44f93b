"""The guide's HTML: what the spec says the page exposes, and nothing unescaped."""

from __future__ import annotations

import re

from decision_tree import api, render
from decision_tree.model import Tree


def test_question_markup(tree: Tree) -> None:
    html = render.view_html(api.first_question(tree), "../")
    assert 'data-question="risk"' in html
    assert html.count('class="guide-answer"') == 2
    assert "Question 1 of at most 8" in html


def test_multi_choice_offers_none_of_these(tree: Tree) -> None:
    html = render.view_html(api.view(tree, "risk=no&phase=early"), "../")
    assert 'type="checkbox"' in html and 'value="none"' in html and "None of these" in html


def test_result_markup_exposes_level_safety_and_links(tree: Tree) -> None:
    view = api.view(tree, "risk=yes&phase=ongoing&signs=dropout")
    html = render.view_html(view, "../")
    assert 'data-level="tertiary"' in html and 'data-safety="true"' in html
    assert html.index("guide-safety") < html.index("guide-interventions")
    for item in view["result"]["interventions"]:
        assert f'href="../{item["url"]}"' in html
    assert "Why this recommendation" in html


def test_ignored_parts_are_escaped(tree: Tree) -> None:
    view = api.view(tree, "risk=no&<img src=x onerror=alert(1)>=1&x=%3Cscript%3Ealert(1)%3C/script%3E")
    html = render.view_html(view, "../")
    assert "<img" not in html and "<script" not in html
    assert "&lt;img" in html or "&lt;script" in html


def test_every_tag_is_closed(tree: Tree) -> None:
    html = render.view_html(api.view(tree, "risk=yes&phase=start&signs=explicit-blame"), "../")
    for tag in ("section", "form", "ol", "ul", "li", "details", "div", "p", "dl"):
        opened = len(re.findall(rf"<{tag}[\s>]", html))
        assert opened == html.count(f"</{tag}>"), tag
