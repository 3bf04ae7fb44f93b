"""Practice mode's logic (decision_tree.practice): the choices a case offers, the feedback and the
score, their HTML, and the worker's practice requests. Standard library and pytest only: these
tests also run inside Pyodide."""

from __future__ import annotations

import json
import re

import pytest

from decision_tree import browser, engine, practice
from decision_tree.engine import InvalidInput
from decision_tree.model import Tree

#: Case links of each level, with and without a risk, and an out-of-contact one (as the scenarios use).
CASES = [
    "risk=no&phase=start&signs=none",
    "risk=no&phase=ongoing&signs=none",
    "risk=no&phase=early&signs=late-arrival",
    "risk=no&phase=early&signs=homework-lapse,honeymoon-fading",
    "risk=no&phase=ongoing&signs=strong-emotion,withdrawal&after-difficult=yes",
    "risk=no&phase=ongoing&signs=regression,explicit-blame",
    "risk=no&phase=ongoing&signs=online-review",
    "risk=yes&phase=start&signs=none",
    "risk=yes&phase=ongoing&signs=dropout",
]
CASE = {"id": "a-case", "title": "A <case> & more", "situation": "First part.\n\nSecond part.", "fragment": CASES[3]}


def steps(tree: Tree, fragment: str) -> list[str]:
    return [item.intervention.id for item in practice.case_result(tree, fragment).steps]


@pytest.mark.parametrize("fragment", CASES)
def test_options_hold_the_engines_steps_and_wrong_ones_in_a_stable_order(tree: Tree, fragment: str) -> None:
    offered = [option["id"] for option in practice.options(tree, fragment)]
    expected = steps(tree, fragment)
    assert len(offered) >= practice.MIN_OPTIONS
    assert set(expected) <= set(offered)
    assert len(set(offered) - set(expected)) >= practice.MIN_WRONG
    assert not any(tree.interventions[i].standing for i in offered)
    assert offered == [i for i in tree.interventions if i in offered], "the tree's order"
    assert offered == [option["id"] for option in practice.options(tree, fragment)], "the same every time"


def test_wrong_choices_prefer_steps_of_a_neighbouring_level(tree: Tree) -> None:
    """A tertiary case is offered secondary steps before anything else: plausible, not random."""
    fragment = "risk=no&phase=ongoing&signs=online-review"
    wrong = {o["id"] for o in practice.options(tree, fragment)} - set(steps(tree, fragment))
    secondary_steps: set[str] = set()
    for sign in (s for s in tree.signs if tree.signs[s].level == "secondary"):
        try:
            result = engine.recommend(tree, engine.State("no", "ongoing", frozenset({sign})))
        except InvalidInput:
            continue
        secondary_steps |= {item.intervention.id for item in result.steps}
    assert wrong <= secondary_steps


@pytest.mark.parametrize("fragment", CASES)
def test_the_right_answer_scores_100(tree: Tree, fragment: str) -> None:
    result = practice.case_result(tree, fragment)
    feedback = practice.feedback(tree, fragment, result.level.id, steps(tree, fragment))
    assert feedback["score"] == 100 and feedback["level_right"]
    assert [i["id"] for i in feedback["matched"]] == steps(tree, fragment)
    assert feedback["missed"] == [] and feedback["added"] == []
    assert [i["id"] for i in feedback["interventions"]] == steps(tree, fragment)


def test_feedback_says_what_was_matched_missed_and_added_and_why(tree: Tree) -> None:
    fragment = CASES[3]  # secondary: investigate-changes, renegotiate-task, anticipate-ruptures
    feedback = practice.feedback(tree, fragment, "tertiary", ["investigate-changes", "safety-first", "reach-out"])
    assert feedback["level"] == "secondary" and feedback["chosen_level"] == "tertiary" and not feedback["level_right"]
    assert [i["id"] for i in feedback["matched"]] == ["investigate-changes"]
    assert [i["id"] for i in feedback["missed"]] == ["renegotiate-task", "anticipate-ruptures"]
    assert [i["id"] for i in feedback["added"]] == ["safety-first", "reach-out"]
    for item in feedback["matched"] + feedback["missed"] + feedback["added"] + feedback["standing"]:
        assert item["reason"].strip(), item
        assert item["url"].endswith(f"#{item['id']}")
    assert "concern about harm" in feedback["added"][0]["reason"]
    # Level wrong: 0 for the level; steps 1 matched of 3 expected + 2 added: 50 * 1/5 = 10.
    assert feedback["score"] == 10
    assert "1 matched out of 3 expected plus 2 added" in feedback["score_explained"]


def test_score_is_half_level_half_steps() -> None:
    assert practice.score(True, 2, 2, 0) == 100
    assert practice.score(False, 2, 2, 0) == 50
    assert practice.score(True, 1, 2, 1) == 67
    assert practice.score(False, 0, 3, 0) == 0
    assert practice.score(True, 0, 0, 0) == 100, "no step of its own, none added"
    assert practice.score(True, 0, 0, 2) == 50


def test_standing_practices_always_apply_and_are_never_scored(tree: Tree) -> None:
    fragment = CASES[1]  # primary, no step of its own
    standing = [i for i, x in tree.interventions.items() if x.standing]
    feedback = practice.feedback(tree, fragment, "primary", standing)
    assert [i["id"] for i in feedback["standing"]] == standing
    assert feedback["added"] == [] and feedback["score"] == 100


def test_unknown_ids_and_links_that_lead_nowhere_are_refused(tree: Tree) -> None:
    with pytest.raises(InvalidInput):
        practice.feedback(tree, CASES[0], "quaternary", [])
    with pytest.raises(InvalidInput):
        practice.feedback(tree, CASES[0], "primary", ["not-a-step"])
    with pytest.raises(InvalidInput):
        practice.case_result(tree, "risk=no")


def test_case_html_follows_the_page_contract(tree: Tree) -> None:
    view = practice.case_view(tree, CASE["fragment"])
    html = practice.case_html(CASE, view, 2, 18)
    assert re.findall(r'name="level" value="([a-z]+)"', html) == list(tree.levels)
    values = re.findall(r'name="intervention" value="([a-z-]+)"', html)
    assert values == [option["id"] for option in view["options"]] and len(values) >= 5
    assert 'type="submit"' in html and "Case 2 of 18" in html
    assert 'tabindex="-1"' in html and "A &lt;case&gt; &amp; more" in html and "<case>" not in html
    assert "<p>First part.</p><p>Second part.</p>" in html


def test_feedback_html_follows_the_page_contract(tree: Tree) -> None:
    feedback = practice.feedback(tree, CASE["fragment"], "secondary", ["wonder-aloud"])
    html = practice.feedback_html(CASE, feedback, 2, 18, "../../")
    result = re.search(r'data-score="(\d+)" data-level="([a-z]+)"', html)
    assert result and result.groups() == (str(feedback["score"]), "secondary")
    for item in feedback["interventions"]:
        assert f'href="../../{item["url"]}"' in html
    assert 'data-practice="next"' in html and 'data-practice="restart"' in html
    assert f'href="../../guide/#{CASE["fragment"].replace("&", "&amp;")}"' in html
    last = practice.feedback_html(CASE, feedback, 18, 18, "../../")
    assert 'data-practice="next"' not in last and 'data-practice="restart"' in last


def test_the_worker_answers_practice_requests(tree: Tree) -> None:
    request = {"type": "practice-feedback", "case": CASE, "position": 1, "total": 2, "root": "../../"}
    request.update(level="secondary", interventions=steps(tree, CASE["fragment"]))
    reply = json.loads(browser.handle(json.dumps(request)))
    assert reply["state"] == "feedback" and reply["case_id"] == "a-case"
    assert reply["feedback"]["score"] == 100 and 'data-score="100"' in reply["html"]
    # Cases are rendered at build time: the worker answers only answers.
    reply = json.loads(browser.handle(json.dumps({**request, "type": "practice-case"})))
    assert reply["state"] == "error" and "practice-case" in reply["message"]
    request.update(level="nonsense")
    reply = json.loads(browser.handle(json.dumps(request)))
    assert reply["state"] == "error" and "nonsense" in reply["message"]


def test_a_defensible_step_is_never_offered_as_wrong_and_costs_nothing(tree: Tree) -> None:
    fragment = "risk=no&phase=ongoing&signs=peripheral-complaint"
    offered = {option["id"] for option in practice.options(tree, fragment)}
    assert "address-rupture" not in offered
    expected = [item["id"] for item in practice.feedback(tree, fragment, "secondary", [])["interventions"]]
    answer = practice.feedback(tree, fragment, "secondary", [*expected, "address-rupture"])
    assert answer["score"] == 100
    assert [item["id"] for item in answer["defensible"]] == ["address-rupture"] and answer["added"] == []


def test_feedback_speaks_of_the_case_not_of_the_trainee(tree: Tree) -> None:
    answer = practice.feedback(tree, "risk=yes&phase=ongoing&signs=withdrawal", "tertiary", [])
    texts = [answer["level_reason"], *(item["reason"] for item in answer["interventions"])]
    assert not any("you noted" in t or "you flagged" in t for t in texts)
    assert "this case flags a current concern" in answer["level_reason"]
    assert "does not raise the rupture level" in answer["level_reason"]


def test_wondering_aloud_about_a_review_is_wrong_for_the_right_reason(tree: Tree) -> None:
    answer = practice.feedback(tree, "risk=no&phase=ongoing&signs=online-review", "tertiary", ["wonder-aloud"])
    assert "hint at it" in answer["added"][0]["reason"]
