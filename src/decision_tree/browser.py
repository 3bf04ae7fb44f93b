"""The bridge the browser's Web Worker calls: JSON in, JSON out.

The worker sends one message per user action; this module answers with the
view (question or result), its HTML, and ``platform`` (``sys.platform``, which
is ``emscripten`` under Pyodide). Nothing here touches the DOM or the network.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import Any

from . import api, render
from .engine import InvalidInput
from .loader import load_tree
from .model import Tree
from .views import (
    ConsultMessage,
    Failure,
    GuideMessage,
    PracticeResultView,
    PracticeSummaryMessage,
    PracticeView,
    View,
)


def settle() -> None:
    """Put everything alive now out of the cyclic garbage collector's reach; the worker calls it once,
    when Python has started and is warm.

    The tree, the imported modules and their caches live as long as the worker. Python's full
    collections walk every object they track, and in the browser one fell on a reader's answer every
    few dozen answers: a question that takes 1 to 3 ms took 20. Frozen, these objects are never walked
    again, and a collection looks only at what the requests since made. No collection first: it would
    cost an answer given at once 30 ms, and the little the warm-up left behind is not worth it."""
    gc.freeze()


def handle(message: str) -> str:
    """Answer a request (``views.py`` documents its shape) with a ``GuideMessage``, a ``PracticeView``,
    a ``ConsultMessage`` or a ``Failure``, as JSON."""
    tree = load_tree()
    reply: GuideMessage | PracticeView | PracticeSummaryMessage | ConsultMessage | Failure
    try:
        request: dict[str, Any] = json.loads(message)
        root = str(request.get("root", "../"))
        if str(request.get("type", "")).startswith("practice-"):
            return json.dumps(_practice(tree, request, root))
        if request.get("type") == "consult":
            return json.dumps(_consult(tree, request, root))
        fragment = str(request.get("fragment", ""))
        view: View
        if request.get("type") == "answer":
            try:
                view = api.answer(tree, fragment, str(request["question"]), [str(v) for v in request["values"]])
            except InvalidInput as error:
                view = api.view(tree, fragment)
                view["ignored"] = [f"an answer the guide did not recognise ({error})"]
        else:
            view = api.view(tree, fragment)
        reply = {**view, "html": render.view_html(view, root), "platform": sys.platform}
    except Exception as error:  # noqa: BLE001 - the page must show every failure, never hang
        reply = {"state": "error", "message": f"{type(error).__name__}: {error}", "platform": sys.platform}
    return json.dumps(reply)


def _practice(tree: Tree, request: dict[str, Any], root: str) -> PracticeView | PracticeSummaryMessage:
    """The feedback on an answer to a practice case (``practice-feedback``), or a set's summary
    (``practice-summary``, from the results the page kept in memory).

    The cases themselves are rendered at build time (``guide/sitegen/practice.py``), so that a
    case shows before the engine is ready; only the answer needs the engine.
    """
    # Imported on a practice page's first answer, not with the engine: the guide's own start
    # (the reader waits for it) then compiles only the modules a guide page runs.
    from . import practice, practice_data, render_practice

    total = int(request["total"])
    if request["type"] == "practice-summary":
        outcomes = [_outcome(raw) for raw in request.get("results", [])]
        summary = practice.summary(tree, outcomes, total)
        done = f"{summary['cases_done']} of {total} cases done"
        mean = "" if summary["mean_score"] is None else f", mean score {summary['mean_score']} out of 100"
        return {
            "state": "summary",
            "summary": summary,
            "announcement": f"How the set went: {done}{mean}.",
            "html": render_practice.summary_html(summary, root),
            "platform": sys.platform,
        }
    if request["type"] != "practice-feedback":
        raise ValueError(f"unknown request type {request['type']!r}")
    case = {key: str(request["case"][key]) for key in ("id", "title", "fragment")}
    position = int(request["position"])
    chosen = [str(value) for value in request.get("interventions", [])]
    key = practice_data.key_for(case["id"])
    feedback = practice.feedback(tree, key, case["fragment"], str(request.get("level", "")), chosen)
    outcome = "not passed: safety was left out" if feedback["failed"] else f"score {feedback['score']} out of 100"
    return {
        "state": "feedback",
        "case_id": case["id"],
        "feedback": feedback,
        "result": practice.case_outcome(case["id"], case["title"], feedback),
        "announcement": f"Feedback on case {position}: {outcome}. The guide gives {feedback['level_title']}.",
        "html": render_practice.feedback_html(case["title"], case["fragment"], feedback, position, total, root),
        "platform": sys.platform,
    }


def _outcome(raw: dict[str, Any]) -> PracticeResultView:
    score = raw.get("score")
    return {
        "case_id": str(raw["case_id"]),
        "title": str(raw["title"]),
        "score": None if score is None else int(score),
        "failed": bool(raw["failed"]),
        "missed": [str(step) for step in raw.get("missed", [])],
    }


def _consult(tree: Tree, request: dict[str, Any], root: str) -> ConsultMessage:
    """The page "Prepare for supervision" for a guide link (``consult``): the card and the note, rendered."""
    from . import consult  # on that page's first request, as practice's modules above

    view = consult.consult_view(tree, consult.load_consult(), str(request.get("fragment", "")))
    return {**view, "html": consult.consult_html(view, root), "platform": sys.platform}
