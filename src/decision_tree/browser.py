"""The bridge the browser's Web Worker calls: JSON in, JSON out.

The worker sends one message per user action; this module answers with the
view (question or result), its HTML, and ``platform`` (``sys.platform``, which
is ``emscripten`` under Pyodide). Nothing here touches the DOM or the network.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from . import api, render
from .engine import InvalidInput
from .loader import load_tree
from .views import Failure, GuideMessage, View


def handle(message: str) -> str:
    """Answer a request (``views.py`` documents its shape) with a ``GuideMessage`` or a ``Failure``, as JSON."""
    tree = load_tree()
    reply: GuideMessage | Failure
    try:
        request: dict[str, Any] = json.loads(message)
        root = str(request.get("root", "../"))
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
