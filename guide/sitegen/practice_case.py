"""A practice case at build time: the choices it offers, and its form.

The choices are the guide's steps for the case's link, the safety step (in every case, so that
its presence gives nothing away), the standing practices (in every case: some cases are about
them), and plausible wrong steps. The same inputs give the same choices: wrong ones are chosen
without chance. Nothing here ships in the engine's wheel: the browser gets the forms as HTML.
"""

from __future__ import annotations

import zlib
from typing import TypedDict

from decision_tree.engine import InvalidInput, Result, State, recommend
from decision_tree.html_text import escape
from decision_tree.model import Tree
from decision_tree.practice import case_result
from decision_tree.practice_data import CaseKey

#: At least this many wrong steps are offered per case, besides the safety step and the standing practices.
MIN_WRONG = 3
#: At least this many steps (standing practices apart) are offered per case.
MIN_OPTIONS = 5


def paragraphs(text: str) -> str:
    """Text whose paragraphs are separated by a blank line, as ``<p>`` elements, each on one line."""
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in text.split("\n\n") if p.strip())


class PracticeChoiceView(TypedDict):
    id: str
    title: str


def callers(tree: Tree, phase: str) -> dict[str, list[str]]:
    """For each step, the signs that call for it on their own in this phase (no risk flagged)."""
    called: dict[str, list[str]] = {}
    for sign in tree.signs:
        try:
            result = recommend(tree, State("no", phase, frozenset({sign})))
        except InvalidInput:
            continue
        for item in result.steps:
            called.setdefault(item.intervention.id, []).append(sign)
    return called


def wrong_choices(tree: Tree, result: Result, key: CaseKey, case_fragment: str) -> list[str]:
    """Steps the case does not call for and a supervisor would not accept, the most plausible first:
    those that signs of a neighbouring level call for most often; ties broken by a checksum of the
    case's link (stable, not random). Never a step that names another situation (no "reach out after
    dropout" to a patient in the room)."""
    expected = {item.intervention.id for item in result.steps}
    levels = list(tree.levels)
    at = levels.index(result.level.id)
    neighbours = {levels[i] for i in (at - 1, at + 1) if 0 <= i < len(levels)}
    called = callers(tree, result.state.phase)
    top = levels[-1]

    def plausible(step: str) -> bool:
        """A step that one sign of the top level alone calls for names its situation (after a dropout,
        about a review): offered without that sign, it is no choice at all."""
        signs = called.get(step, [])
        return not (len(signs) == 1 and tree.signs[signs[0]].level == top and signs[0] not in result.state.signs)

    candidates = [
        i
        for i, x in tree.interventions.items()
        if not x.standing
        and not x.safety
        and i not in expected
        and key.reason("defensible", i) is None
        and plausible(i)
    ]

    def plausibility(step: str) -> tuple[int, int]:
        near = sum(1 for s in called.get(step, []) if tree.signs[s].level in neighbours)
        return (-near, zlib.crc32(f"{case_fragment}|{step}".encode()))

    return sorted(candidates, key=plausibility)


def options(tree: Tree, key: CaseKey, case_fragment: str) -> list[PracticeChoiceView]:
    """The steps offered for a case, in the tree's order: the guide's, its defensible ones, the
    safety step, the standing practices, and plausible wrong ones."""
    result = case_result(tree, case_fragment)
    expected = {item.intervention.id for item in result.steps} | {i for i, _ in key.defensible}
    wrong = wrong_choices(tree, result, key, case_fragment)
    offered = expected | set(wrong[: max(MIN_WRONG, MIN_OPTIONS - len(expected))])
    offered |= {i for i, x in tree.interventions.items() if x.safety or x.standing}
    return [{"id": i, "title": x.title} for i, x in tree.interventions.items() if i in offered]


def case_html(tree: Tree, case: dict[str, str], key: CaseKey, position: int, total: int) -> str:
    """A case as a form: where it stands, the vignette, one level, the steps to tick, the button to check.
    The position is a span the page updates when the cases run in mixed order."""
    levels = "".join(
        f'<label class="guide-choice"><input type="radio" name="level" value="{escape(i)}" required>'
        f"<span>{escape(level.title)}</span></label>"
        for i, level in tree.levels.items()
    )
    steps = "".join(
        f'<label class="guide-choice"><input type="checkbox" name="intervention" value="{escape(option["id"])}">'
        f"<span>{escape(option['title'])}</span></label>"
        for option in options(tree, key, case["fragment"])
    )
    return (
        f'<form class="practice-case" data-case="{escape(case["id"])}" aria-labelledby="practice-case-title">'
        f'<p class="practice-progress">Case <span data-practice-position>{position}</span> of {total}</p>'
        f'<h2 id="practice-case-title" class="practice-title" tabindex="-1">{escape(case["title"])}</h2>'
        f'<div class="practice-vignette">{paragraphs(case["situation"])}</div>'
        '<fieldset class="guide-choices guide-choices--one practice-levels">'
        f"<legend>Which level of management fits this case? Choose one.</legend>{levels}</fieldset>"
        '<fieldset class="guide-choices practice-steps"><legend>Which steps would you take? Tick each one '
        f"you would use.</legend>{steps}</fieldset>"
        '<div class="practice-actions"><button type="submit" class="md-button md-button--primary">'
        "Check my answer</button></div></form>"
    )
