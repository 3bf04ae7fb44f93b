"""The bridge the browser's Web Worker calls: JSON in, JSON out.

The worker sends one message per user action; this module answers with the
view (question or result), its HTML, and ``platform`` (``sys.platform``, which
is ``emscripten`` under Pyodide). Nothing here touches the DOM or the network.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from . import api, consult, practice, render
from .engine import InvalidInput
from .loader import load_tree
from .model import Tree
from .views import ConsultMessage, Failure, GuideMessage, PracticeView, View


def handle(message: str) -> str:
    """Answer a request (``views.py`` documents its shape) with a ``GuideMessage``, a ``PracticeView``,
    a ``ConsultMessage`` or a ``Failure``, as JSON."""
    tree = load_tree()
    reply: GuideMessage | PracticeView | ConsultMessage | Failure
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


def _practice(tree: Tree, request: dict[str, Any], root: str) -> PracticeView:
    """The feedback on an answer to a practice case (``practice-feedback``).

    The cases themselves are rendered at build time (``guide/sitegen/practice.py``), so that a
    case shows before the engine is ready; only the answer needs the engine.
    """
    if request["type"] != "practice-feedback":
        raise ValueError(f"unknown request type {request['type']!r}")
    case = {key: str(request["case"][key]) for key in ("id", "title", "situation", "fragment")}
    position, total = int(request["position"]), int(request["total"])
    chosen = [str(value) for value in request.get("interventions", [])]
    feedback = practice.feedback(tree, case["fragment"], str(request.get("level", "")), chosen)
    return {
        "state": "feedback",
        "case_id": case["id"],
        "feedback": feedback,
        "html": practice.feedback_html(case, feedback, position, total, root),
        "platform": sys.platform,
    }


def _consult(tree: Tree, request: dict[str, Any], root: str) -> ConsultMessage:
    """The page "Prepare for supervision" for a guide link (``consult``): the card and the note, rendered."""
    view = consult.consult_view(tree, consult.load_consult(), str(request.get("fragment", "")))
    return {**view, "html": consult.consult_html(view, root), "platform": sys.platform}
