"""Practice mode at run time (decision_tree.practice and render_practice): the feedback, the score,
the critical miss, the summary, their HTML, and the worker's practice requests. Standard library
and pytest only: these tests also run inside Pyodide."""

from __future__ import annotations

import json
import re

import pytest

from decision_tree import browser, practice, render_practice
from decision_tree.engine import InvalidInput
from decision_tree.model import Tree
from decision_tree.practice_data import NOT_ADDED, CaseKey
from decision_tree.views import PracticeFeedbackView

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
NO_KEY = CaseKey()


def steps(tree: Tree, fragment: str) -> list[str]:
    return [item.intervention.id for item in practice.case_result(tree, fragment).steps]


def marked(view: PracticeFeedbackView, mark: str) -> list[str]:
    return [item["id"] for item in view["steps"] if item["mark"] == mark]


@pytest.mark.parametrize("fragment", CASES)
def test_the_right_answer_scores_100(tree: Tree, fragment: str) -> None:
    result = practice.case_result(tree, fragment)
    feedback = practice.feedback(tree, NO_KEY, fragment, result.level.id, steps(tree, fragment))
    assert feedback["score"] == 100 and feedback["level_right"] and not feedback["failed"]
    assert marked(feedback, "matched") == steps(tree, fragment)
    assert marked(feedback, "missed") == [] and feedback["added"] == []


def test_feedback_says_what_was_matched_missed_and_added_and_why(tree: Tree) -> None:
    fragment = CASES[3]  # secondary: investigate-changes, renegotiate-task, anticipate-ruptures
    feedback = practice.feedback(
        tree, NO_KEY, fragment, "tertiary", ["investigate-changes", "safety-first", "reach-out"]
    )
    assert feedback["level"] == "secondary" and feedback["chosen_level"] == "tertiary" and not feedback["level_right"]
    assert marked(feedback, "matched") == ["investigate-changes"]
    assert marked(feedback, "missed") == ["renegotiate-task", "anticipate-ruptures"]
    assert [i["id"] for i in feedback["added"]] == ["safety-first", "reach-out"]
    for item in feedback["steps"] + feedback["added"] + feedback["standing"]:
        assert item["reason"].strip(), item
        assert item["url"].endswith(f"#{item['id']}")
    assert "no current concern about harm" in feedback["added"][0]["reason"]
    assert feedback["added"][1]["reason"] == NOT_ADDED, "no stock reason: the neutral one"
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


def test_standing_practices_cost_nothing_and_earn_only_in_a_case_about_them(tree: Tree) -> None:
    fragment = CASES[1]  # primary, no step of its own
    standing = [i for i, x in tree.interventions.items() if x.standing]
    feedback = practice.feedback(tree, NO_KEY, fragment, "primary", standing)
    assert [i["id"] for i in feedback["standing"]] == standing
    assert feedback["added"] == [] and feedback["score"] == 100
    about = CaseKey(about=(("invite-feedback", "The case is about asking Tom for feedback again."),))
    assert practice.feedback(tree, about, fragment, "primary", ["invite-feedback"])["score"] == 100
    skipped = practice.feedback(tree, about, fragment, "primary", [])
    assert skipped["score"] == 50 and marked(skipped, "missed") == ["invite-feedback"]


def test_a_risk_case_without_the_safety_step_fails_whatever_the_points(tree: Tree) -> None:
    fragment = "risk=yes&phase=ongoing&signs=dropout"
    rest = [s for s in steps(tree, fragment) if not tree.interventions[s].safety]
    failed = practice.feedback(tree, NO_KEY, fragment, "tertiary", rest)
    assert failed["failed"] and failed["score"] is None and "Not scored" in failed["score_explained"]
    html = render_practice.feedback_html("Case", fragment, failed, 1, 2, "../../")
    assert 'role="alert"' in html and "safety was left out" in html and 'data-score=""' in html
    assert 'data-failed="true"' in html
    safe = practice.feedback(tree, NO_KEY, fragment, "tertiary", steps(tree, fragment))
    assert (
        not safe["failed"]
        and safe["score"] == 100
        and 'role="alert"' not in render_practice.feedback_html("Case", fragment, safe, 1, 2, "../../")
    )


def test_defensible_steps_and_omissions_follow_the_key(tree: Tree) -> None:
    fragment = "risk=yes&phase=early&signs=wants-to-end&told-by=message"
    key = CaseKey(
        defensible=(("investigate-changes", "Defensible in this invented case, for the test."),),
        omissions=(("model-repair", "Repair can wait until the patient is safe, in this case."),),
        not_here=(("wonder-aloud", "She said it plainly, so there is nothing to wonder about here."),),
        matters=(("address-rupture", "Why it matters for this invented patient, for the test."),),
    )
    held = [s for s in steps(tree, fragment) if s != "model-repair"]
    answer = practice.feedback(tree, key, fragment, "tertiary", [*held, "investigate-changes", "wonder-aloud"])
    assert marked(answer, "held-back") == ["model-repair"] and marked(answer, "missed") == []
    held_item = next(item for item in answer["steps"] if item["mark"] == "held-back")
    assert held_item["note"].endswith("Repair can wait until the patient is safe, in this case.")
    addressed = next(item for item in answer["steps"] if item["id"] == "address-rupture")
    assert "For this patient: Why it matters for this invented patient" in addressed["note"]
    missed = practice.feedback(tree, key, fragment, "tertiary", [])
    assert "For this patient:" in next(i for i in missed["steps"] if i["id"] == "address-rupture")["note"]
    html = render_practice.feedback_html("Case", fragment, answer, 1, 2, "../../")
    assert "Model repair:</strong> Holding it back is defensible here: Repair can wait" in html
    for reason in {item["reason"] for item in answer["steps"]}:
        assert html.count(render_practice.escape(reason)) == 1, "a shared reason is stated once"
    assert [(i["id"], i["mark"]) for i in answer["defensible"]] == [("investigate-changes", "chosen")]
    assert [i["reason"] for i in answer["added"]] == ["She said it plainly, so there is nothing to wonder about here."]
    assert answer["score"] == 50 + round(50 * len(held) / (len(held) + 1))


def test_feedback_says_how_the_guide_read_the_case(tree: Tree) -> None:
    answer = practice.feedback(tree, NO_KEY, "risk=yes&phase=ongoing&signs=withdrawal", "tertiary", [])
    assert answer["reading"].startswith(f"Phase: {tree.phases['ongoing'].label}.")
    assert (
        "Risk: a current concern about harm." in answer["reading"]
        and tree.signs["withdrawal"].short in answer["reading"]
    )
    texts = [answer["level_reason"], *(item["reason"] for item in answer["steps"])]
    assert not any("you noted" in t or "you flagged" in t for t in texts)
    assert "this case flags a current concern" in answer["level_reason"]
    assert "does not raise the rupture level" in answer["level_reason"]
    lower = practice.feedback(tree, NO_KEY, "risk=yes&phase=ongoing&signs=dropout", "secondary", [])
    assert "does not raise" not in lower["level_reason"], "said only to a level chosen too high"


def test_unknown_ids_and_links_that_lead_nowhere_are_refused(tree: Tree) -> None:
    with pytest.raises(InvalidInput):
        practice.feedback(tree, NO_KEY, CASES[0], "quaternary", [])
    with pytest.raises(InvalidInput):
        practice.feedback(tree, NO_KEY, CASES[0], "primary", ["not-a-step"])
    with pytest.raises(InvalidInput):
        practice.case_result(tree, "risk=no")


def test_feedback_html_follows_the_page_contract_and_states_a_reason_once(tree: Tree) -> None:
    fragment = "risk=no&phase=ongoing&signs=regression,explicit-blame"  # three steps share one reason
    feedback = practice.feedback(tree, NO_KEY, fragment, "tertiary", ["address-rupture"])
    html = render_practice.feedback_html(CASE["title"], fragment, feedback, 2, 18, "../../")
    result = re.search(r'data-score="(\d+)" data-failed="false" data-level="([a-z]+)"', html)
    assert result and result.groups() == (str(feedback["score"]), "tertiary")
    ordered = html[html.index("<ol") : html.index("</ol>")]
    assert re.findall(r'href="../../[^"]*#([a-z-]+)"', ordered) == steps(tree, fragment)
    for reason in {item["reason"] for item in feedback["steps"]}:
        assert html.count(render_practice.escape(reason)) == 1, reason
    assert 'data-practice="next"' in html and 'data-practice="restart"' in html
    assert f'href="../../guide/#{fragment.replace("&", "&amp;")}"' in html
    assert "A &lt;case&gt; &amp; more" in html and "<case>" not in html
    last = render_practice.feedback_html(CASE["title"], fragment, feedback, 18, 18, "../../")
    assert 'data-practice="next"' not in last and 'data-practice="summary"' in last


def test_the_summary_counts_cases_means_scores_and_names_the_steps_most_missed(tree: Tree) -> None:
    outcomes = [
        {"case_id": "a", "title": "A", "score": 40, "failed": False, "missed": ["wonder-aloud", "model-repair"]},
        {"case_id": "b", "title": "B", "score": None, "failed": True, "missed": ["safety-first", "wonder-aloud"]},
        {"case_id": "c", "title": "C", "score": 90, "failed": False, "missed": []},
        {"case_id": "c", "title": "C", "score": 100, "failed": False, "missed": []},  # the latest answer counts
    ]
    summary = practice.summary(tree, outcomes, 22)  # type: ignore[arg-type]
    assert summary["cases_done"] == 3 and summary["total"] == 22 and summary["mean_score"] == 70
    assert summary["failed"] == ["B"]
    assert [i["id"] for i in summary["most_missed"]][:1] == ["wonder-aloud"]
    html = render_practice.summary_html(summary, "../../")
    assert 'data-cases-done="3"' in html and 'data-mean-score="70"' in html and "Not passed" in html


def test_the_worker_answers_practice_requests(tree: Tree) -> None:
    request = {"type": "practice-feedback", "case": CASE, "position": 1, "total": 2, "root": "../../"}
    request.update(level="secondary", interventions=steps(tree, CASE["fragment"]))
    reply = json.loads(browser.handle(json.dumps(request)))
    assert reply["state"] == "feedback" and reply["case_id"] == "a-case"
    assert reply["feedback"]["score"] == 100 and 'data-score="100"' in reply["html"]
    assert reply["result"] == {"case_id": "a-case", "title": CASE["title"], "score": 100, "failed": False, "missed": []}
    assert "score 100 out of 100" in reply["announcement"]
    summary = json.loads(
        browser.handle(json.dumps({**request, "type": "practice-summary", "results": [reply["result"]]}))
    )
    assert summary["state"] == "summary" and summary["summary"]["mean_score"] == 100
    assert "1 of 2 cases done" in summary["announcement"]
    # Cases are rendered at build time: the worker answers only answers and summaries.
    reply = json.loads(browser.handle(json.dumps({**request, "type": "practice-case"})))
    assert reply["state"] == "error" and "practice-case" in reply["message"]
    request.update(level="nonsense")
    reply = json.loads(browser.handle(json.dumps(request)))
    assert reply["state"] == "error" and "nonsense" in reply["message"]
