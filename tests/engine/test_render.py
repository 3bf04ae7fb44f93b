"""The guide's HTML: what the spec says the page exposes, and nothing unescaped."""

from __future__ import annotations

import re

from decision_tree import api, engine, fragment, render
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


def test_a_question_of_several_choices_has_one_way_on_that_keeps_them(tree: Tree) -> None:
    """Issue 24: one primary Continue (first, so Enter in a box uses it), then "None of these", which
    the page disables while anything is chosen; its hint says so."""
    html = render.view_html(api.view(tree, "risk=yes&phase=ongoing&in-session=none"), "../")
    buttons = re.findall(r"<button type=\"submit\"[^>]*>", html)
    assert len(buttons) == 2
    assert 'data-submit="selected"' in buttons[0] and "guide-answer--primary" in buttons[0]
    assert 'name="answer" value="none"' in buttons[1]
    assert "data-chosen-count>Continue<" in html and "data-none-hint hidden" in html
    assert "the ones I ticked" not in html


LINKS = [
    "risk=no&phase=ongoing&signs=missed-session,easy-explanation",
    "risk=yes&phase=ongoing&in-session=none&attendance=wants-to-end&about-us=none&own-reaction=none&told-by=message",
    "risk=no&phase=ongoing&signs=missed-session&after-difficult=yes",
    "risk=no&phase=early&in-session=withdrawal,regression&attendance=late-arrival&about-us=explicit-blame"
    "&own-reaction=clinician-reaction&after-difficult=unsure&told-by=in-session&still-attending=no",
    "risk=yes&phase=start&signs=none",
    "risk=no&phase=ongoing&signs=dropout",
]


def _changes(html: str) -> list[tuple[str, str, list[str]]]:
    found = re.findall(r'data-goto="([^"]*)" data-change="([^"]*)" data-values="([^"]*)"', html)
    return [(goto.replace("&amp;", "&"), q, values.split(",") if values else []) for goto, q, values in found]


def test_change_opens_the_question_with_its_answer_and_keeps_the_others(tree: Tree) -> None:
    """Each "Change" of "Your answers" opens its question, with the answer it had; answering it the
    same way again gives back the same result, asking again nothing already answered."""
    for link in LINKS:
        view = api.view(tree, link)
        assert view["state"] == "result"
        summary = render.result_html(view, "../")
        summary = summary[summary.index('id="guide-your-answers"') : summary.index('id="guide-how-they-led"')]
        changes = _changes(summary)
        assert [c[1] for c in changes] == [a["question"] for a in view["answers"]], link
        walked = {a.question.id: list(a.values) for a in engine.walk(tree, fragment.parse(tree, link).answers).asked}
        for goto, question, values in changes:
            assert values == walked[question], (link, question)
            opened = api.view(tree, goto)
            assert opened["state"] == "question" and opened["question"]["id"] == question, (link, question)
            again = api.answer(tree, opened["fragment"], question, values or ["none"])
            if again["state"] == "question":
                # Only a follow-up the link's shortcut had skipped comes up; nothing answered is asked again.
                assert again["question"]["id"] not in walked and "signs=" in link, (link, question)
            else:
                assert again["result"] == view["result"], (link, question)


def test_back_opens_the_previous_question_with_its_answer(tree: Tree) -> None:
    for link in [*LINKS, "risk=no&phase=ongoing&in-session=withdrawal", "risk=no&phase=start"]:
        view = api.view(tree, link)
        nav = render.view_html(view, "../")
        nav = nav[nav.rindex('<div class="guide-nav">') :]
        (goto, question, values), *_ = _changes(nav)
        assert goto == view["back"]
        walked = engine.walk(tree, fragment.parse(tree, link).answers).asked
        assert (question, values) == (walked[-1].question.id, list(walked[-1].values)), link


def test_a_result_opens_with_one_line_of_what_was_noted(tree: Tree) -> None:
    view = api.view(tree, "risk=yes&phase=ongoing&signs=wants-to-end,withdrawal")
    html = render.view_html(view, "../")
    recap = re.findall(r'<p class="guide-recap">(.*?)</p>', html)
    assert len(recap) == 1 and html.index("guide-recap") < html.index("<section")
    text = recap[0]
    assert text.startswith("<strong>You noted:</strong> a concern about harm")
    assert "established, ongoing treatment" in text
    for sign in ("wants-to-end", "withdrawal"):
        assert render._e(tree.signs[sign].short) in text  # the short words keep it to one line
    quiet = render.view_html(api.view(tree, "risk=no&phase=start&signs=none"), "../")
    assert "no current concern about harm; at the start; none of the signs listed." in quiet
