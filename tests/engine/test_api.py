"""The JSON-ready views: the shapes the browser and the command line share."""

from __future__ import annotations

import gc
import json

import pytest

from decision_tree import api, browser
from decision_tree.engine import InvalidInput
from decision_tree.loader import load_tree
from decision_tree.model import Tree


def test_first_question_view(tree: Tree) -> None:
    view = api.first_question(tree)
    assert view["state"] == "question"
    assert view["question"]["id"] == "risk"
    assert view["question"]["step"] == 1 and view["question"]["at_most"] == 10
    assert view["back"] is None
    json.dumps(view)


def test_result_view_has_the_spec_fields(tree: Tree) -> None:
    result = api.view(tree, "risk=yes&phase=ongoing&signs=withdrawal")["result"]
    for key in ("level", "safety", "interventions", "rationale"):
        assert key in result
    assert result["safety"] is True
    for item in result["interventions"]:
        assert {"id", "title", "url", "how", "phrasings", "why"} <= set(item)
        assert item["url"].endswith("#" + item["id"])


def test_same_inputs_same_outputs(tree: Tree) -> None:
    assert api.view(tree, "risk=no&phase=early") == api.view(tree, "risk=no&phase=early")


def test_answer_rejects_unknown_question_and_value(tree: Tree) -> None:
    with pytest.raises(InvalidInput):
        api.answer(tree, "", "nope", ["yes"])
    with pytest.raises(InvalidInput):
        api.answer(tree, "", "risk", ["perhaps"])
    with pytest.raises(InvalidInput):
        api.answer(tree, "risk=no", "phase", ["early", "start"])


def test_browser_bridge_reports_platform_and_html() -> None:
    import sys

    reply = json.loads(browser.handle(json.dumps({"type": "view", "fragment": "risk=no", "root": "../"})))
    assert reply["platform"] == sys.platform
    assert reply["state"] == "question"
    assert 'data-question="phase"' in reply["html"]


def test_browser_bridge_never_raises() -> None:
    for message in ["not json", "[]", '{"type": "answer"}', '{"type": "answer", "question": "risk", "values": ["x"]}']:
        reply = json.loads(browser.handle(message))
        assert reply["state"] in {"error", "question"}
        if reply["state"] == "question":
            assert reply["ignored"]


def test_settling_puts_the_warm_engine_out_of_the_collectors_reach() -> None:
    """browser.settle() freezes what is alive once the worker has started, so Python's full collections
    never walk the tree again; the bridge answers as before."""
    browser.handle(json.dumps({"type": "view", "fragment": "", "root": "../"}))
    tree = load_tree()
    tracked = {id(o) for o in gc.get_objects()}
    assert id(tree) in tracked
    try:
        browser.settle()
        assert id(tree) not in {id(o) for o in gc.get_objects()}
        assert gc.get_freeze_count() >= len(tracked) // 2
        reply = json.loads(browser.handle(json.dumps({"type": "view", "fragment": "risk=no", "root": "../"})))
        assert reply["state"] == "question"
    finally:
        gc.unfreeze()  # the rest of this run collects as usual
