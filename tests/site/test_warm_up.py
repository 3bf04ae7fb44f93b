"""What the engine warms up on comes from the tree: the build writes it (``guide/sitegen/warm_up.py``)
into ``assets/guide/warm-up.mjs``, which the worker imports; no script holds a link of its own
(``tests/js/test_static.py`` scans them for the tree's IDs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitegen.warm_up import WARM_UP_MODULE, warm_up_fragments, warm_up_module

from decision_tree import api
from decision_tree.model import Tree
from tools.harness import ROOT


def test_the_warm_up_opens_the_first_question_then_a_full_result(tree: Tree) -> None:
    first, result = warm_up_fragments(tree)
    assert first == ""
    assert api.view(tree, first)["state"] == "question"
    view = api.view(tree, result)
    assert view["state"] == "result" and view["result"] is not None
    assert not view["ignored"], view["ignored"]
    # The paths worth warming: a flagged risk (the safety step first), several steps, a follow-up question.
    assert view["result"]["safety"] and len(view["result"]["interventions"]) > 3
    assert view["result"]["followups"]


def test_the_warm_up_follows_the_tree(tree: Tree) -> None:
    """Each question answered with its first answer, as the tree orders them: reorder the tree, the link follows."""
    _, result = warm_up_fragments(tree)
    risk = next(iter(tree.questions.values()))
    assert f"{risk.id}={risk.answers[0].value}" in result.split("&")


def test_the_module_exports_the_fragments(tree: Tree) -> None:
    module = warm_up_module(tree)
    exported = re.fullmatch(r"(?s)(?://[^\n]*\n)*export const WARM_UP_FRAGMENTS = (\[.*\]);\n", module)
    assert exported, module
    assert json.loads(exported.group(1)) == warm_up_fragments(tree)


def test_the_build_writes_the_module_the_worker_imports(site: Path, tree: Tree) -> None:
    assert (site / "assets/guide" / WARM_UP_MODULE).read_text(encoding="utf-8") == warm_up_module(tree)
    worker = (ROOT / "guide/js/worker.mjs").read_text(encoding="utf-8")
    assert f'import("./{WARM_UP_MODULE}")' in worker
