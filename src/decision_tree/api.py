"""JSON-ready views of the engine, for the browser, the command line and the build.

Every function returns plain dicts, lists, strings and booleans (the shapes the
command line prints with ``--json``), so they cross the Pyodide bridge as JSON
unchanged. Still no I/O here: the same inputs give the same outputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import engine, fragment
from .engine import SIGNS_KEY, Result, State, Walk
from .model import Question, Tree

JSON = dict[str, Any]


def result_data(tree: Tree, result: Result) -> JSON:
    """The result, in the shape of ``python -m decision_tree recommend --json``."""
    state = result.state
    return {
        "level": result.level.id,
        "level_title": result.level.title,
        "level_summary": result.level.summary,
        "level_url": result.level.url,
        "safety": result.safety,
        "risk": state.risk,
        "phase": state.phase,
        "signs": [s for s in tree.signs if s in state.signs],
        "followups": dict(state.followups),
        "interventions": [
            {
                "id": item.intervention.id,
                "title": item.intervention.title,
                "action": item.intervention.action,
                "how": item.intervention.how,
                "pitfalls": list(item.intervention.pitfalls),
                "phrasings": [p.text for p in item.phrasings],
                "url": item.intervention.url,
                "standing": item.intervention.standing,
                "why": list(item.reasons),
                "notes": list(item.notes),
            }
            for item in result.interventions
        ],
        "keep_doing_heading": result.keep_doing_heading,
        "rationale": list(result.rationale),
        "notes": list(result.notes),
    }


def question_data(tree: Tree, question: Question, step: int, at_most: int) -> JSON:
    """A question. Signs that exclude each other (rule 13) come apart, as ``groups`` of one choice each."""
    grouped = {a.value: tree.exclusive_group(a.value) for a in question.answers} if question.sets == "signs" else {}
    groups = []
    for group in tree.exclusive:
        members = [a for a in question.answers if grouped.get(a.value) is group]
        if members:
            groups.append(
                {
                    "id": group.id,
                    "prompt": group.prompt,
                    "none_label": group.none_label,
                    "answers": [{"value": a.value, "label": a.label, "help": a.help} for a in members],
                }
            )
    return {
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "help": question.help,
        "answers": [
            {"value": a.value, "label": a.label, "help": a.help} for a in question.answers if not grouped.get(a.value)
        ],
        "groups": groups,
        "step": step,
        "at_most": at_most,
    }


def first_question(tree: Tree) -> JSON:
    """The view with no answers yet: what the build pre-renders into the guide page."""
    return view(tree, "")


def _answer_labels(tree: Tree, walk: Walk) -> list[JSON]:
    summary = []
    for asked in walk.asked:
        labels = [a.label for a in asked.question.answers if a.value in asked.values] or ["None of these"]
        summary.append({"question": asked.question.id, "prompt": asked.question.prompt, "answers": labels})
    return summary


def _ordered(tree: Tree, answers: Mapping[str, Sequence[str]]) -> list[tuple[str, Sequence[str]]]:
    order = list(tree.questions)
    last_signs_question = max(i for i, q in enumerate(tree.questions.values()) if q.sets == "signs")
    order.insert(last_signs_question + 1, SIGNS_KEY)
    return [(key, answers[key]) for key in order if key in answers]


def _pending_fragment(tree: Tree, walk: Walk, answers: Mapping[str, tuple[str, ...]]) -> str:
    kept: dict[str, Sequence[str]] = {a.question.id: a.values for a in walk.asked}
    asked_signs_questions = {a.question.id for a in walk.asked if a.question.sets == "signs"}
    for key, values in answers.items():
        if key not in kept:
            kept[key] = values
    if SIGNS_KEY in kept:
        # Signs already placed in the questions asked so far are not repeated in the shortcut.
        placed = {v for key in asked_signs_questions for v in kept[key]}
        kept[SIGNS_KEY] = [s for s in kept[SIGNS_KEY] if s not in placed]
        if not kept[SIGNS_KEY] and asked_signs_questions:
            del kept[SIGNS_KEY]
    return fragment.format_answers(_ordered(tree, kept))


def result_fragment(tree: Tree, state: State) -> str:
    """The canonical link for a result: risk, phase, signs, then any follow-up answers."""
    pairs: list[tuple[str, Sequence[str]]] = [
        ("risk", [state.risk]),
        ("phase", [state.phase]),
        (SIGNS_KEY, [s for s in tree.signs if s in state.signs]),
    ]
    pairs += [(key, [value]) for key, value in state.followups]
    return fragment.format_answers(pairs)


def _walk_view(tree: Tree, answers: Mapping[str, tuple[str, ...]], ignored: Sequence[str]) -> JSON:
    walk = engine.walk(tree, answers)
    ignored = list(ignored) + [f"“{sign}”, which no question on this path asks about" for sign in walk.unused_signs]
    back = None
    if walk.asked:
        back = fragment.format_answers((a.question.id, a.values) for a in walk.asked[:-1])
    view: JSON = {
        "state": "question",
        "ignored": ignored,
        "back": back,
        "risk_flagged": walk.risk == "yes",
        "answers": _answer_labels(tree, walk),
        "question": None,
        "result": None,
    }
    if walk.pending is not None:
        view["question"] = question_data(tree, walk.pending, walk.step_number(), engine.at_most(tree, walk))
        view["fragment"] = _pending_fragment(tree, walk, answers)
    else:
        state = walk.state()
        view["state"] = "result"
        view["result"] = result_data(tree, engine.recommend(tree, state))
        view["fragment"] = result_fragment(tree, state)
    return view


def view(tree: Tree, link_fragment: str) -> JSON:
    """What the guide shows for a URL fragment: a question or a result, never an error."""
    parsed = fragment.parse(tree, link_fragment)
    return _walk_view(tree, parsed.answers, parsed.ignored)


def answer(tree: Tree, link_fragment: str, question_id: str, values: Sequence[str]) -> JSON:
    """The view after answering ``question_id`` with ``values`` on top of a fragment.

    Raises ``engine.InvalidInput`` for an unknown question or answer.
    """
    if question_id not in tree.questions:
        raise engine.InvalidInput("question", question_id, tree.questions)
    question = tree.questions[question_id]
    chosen = tuple(v for v in values if not (question.kind == "multi" and v == engine.NONE))
    engine.check_values(tree, question, chosen)
    answers = dict(fragment.parse(tree, link_fragment).answers)
    answers[question_id] = chosen
    return _walk_view(tree, answers, [])


#: What the rationale says when the command line was not told about risk (spec: "Context").
RISK_NOT_STATED = (
    "Risk was not stated, so the rules treated it as no current concern. If there is any concern about harm "
    "to the patient or to others, follow your service's safety protocol first, and run this again with --risk yes."
)


def recommend_data(
    tree: Tree, risk: str | None, phase: str, signs: Sequence[str], followups: Mapping[str, str]
) -> JSON:
    """The command line's ``recommend``: a result straight from the public IDs. ``risk=None``: not stated."""
    state = State(risk or "no", phase, frozenset(signs), tuple(followups.items()))
    data = result_data(tree, engine.recommend(tree, state))
    if risk is None:
        data["rationale"].insert(0, RISK_NOT_STATED)
    return data
