"""The guide's HTML: what the spec says the page exposes, and nothing unescaped."""

from __future__ import annotations

import re

from decision_tree import api, render
from decision_tree.model import Tree


def test_question_markup(tree: Tree) -> None:
    html = render.view_html(api.first_question(tree), "../")
    assert 'data-question="risk"' in html
    assert html.count('class="guide-answer"') == 2
    assert "Question 1 of at most 10" in html


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


def test_signs_that_exclude_each_other_are_one_choice(tree: Tree) -> None:
    view = api.view(tree, "risk=no&phase=ongoing&in-session=none")
    question = view["question"]
    assert question["id"] == "attendance"
    assert [a["value"] for g in question["groups"] for a in g["answers"]] == ["wants-to-end", "dropout"]
    assert not {"wants-to-end", "dropout"} & {a["value"] for a in question["answers"]}
    html = render.view_html(view, "../")
    group = html[html.index('data-group="ending"') :]
    group = group[: group.index("</fieldset>")]
    radios = re.findall(r'<input type="radio" name="answer" value="([a-z-]+)"( checked)?>', group)
    assert radios == [("none", " checked"), ("wants-to-end", ""), ("dropout", "")]
    assert 'type="checkbox" name="answer" value="dropout"' not in html


def test_a_safety_result_opens_with_the_safety_step(tree: Tree) -> None:
    html = render.view_html(api.view(tree, "risk=yes&phase=start&signs=none"), "../")
    assert html.index('id="guide-result-title"') < html.index("Once safety is addressed")
    assert html.index('data-intervention="safety-first"') < html.index('id="guide-result-title"')
    assert "Nothing suggests" not in html
