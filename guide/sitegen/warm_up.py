"""The engine's warm-up, derived from the tree: which views the Web Worker renders before the first request.

Once Python has started in full, the worker (``guide/js/worker.mjs``) renders a few fixed views, so
that the reader's first click is as quick as the next ones and the memory snapshot it takes holds a
warm engine. Which views those are is the tree's to say, not the script's: the build writes them into
a small module of the site (``assets/guide/warm-up.mjs``), which the worker imports. Never anything a
reader entered: these are fixed links, the same for everyone.
"""

from __future__ import annotations

import json

from decision_tree import api
from decision_tree.model import Tree

#: The generated module's name, beside the guide's other scripts (``paths.GUIDE_DEST``).
WARM_UP_MODULE = "warm-up.mjs"


def warm_up_fragments(tree: Tree) -> list[str]:
    """The first question (the empty link), then the result reached by taking each question's first answer.

    The first answers lead through a flagged risk, several signs and follow-up questions, so the walk
    runs the paths of a question and of a full result, the safety step included.
    """
    view = api.first_question(tree)
    for _ in tree.questions:  # each question is asked at most once
        question = view["question"]
        if question is None:
            return ["", view["fragment"]]
        view = api.answer(tree, view["fragment"], question["id"], [question["answers"][0]["value"]])
    raise ValueError(f"taking each question's first answer reaches no result: {view['fragment']}")


def warm_up_module(tree: Tree) -> str:
    """The module the worker imports: ``export const WARM_UP_FRAGMENTS = [...]``."""
    fragments = json.dumps(warm_up_fragments(tree))
    written = "// Written by the build from the tree (guide/sitegen/warm_up.py).\n"
    return f"{written}export const WARM_UP_FRAGMENTS = {fragments};\n"
