"""JSON-ready views of the engine, for the browser, the command line and the build.

Every function returns one of the typed shapes of ``views.py`` (plain dicts, lists,
strings and booleans: what the command line prints with ``--json``), so they cross
the Pyodide bridge as JSON unchanged. Still no I/O here: the same inputs give the
same outputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import engine, fragment
from .engine import Result, State, Walk
from .model import NONE, RISK_NOT_STATED, Question, Tree
from .views import AnsweredView, AnswerView, GroupView, QuestionView, ResultView, SafetyMessageView, View


def result_data(tree: Tree, result: Result) -> ResultView:
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
        "noted": [sign.short for sign in tree.signs.values() if sign.id in state.signs],
        "followups": dict(state.followups),
        "contact": result.contact,
        "interventions": [
            {
                "id": item.intervention.id,
                "title": item.intervention.title,
                "action": item.action,
                "how": item.how,
                "pitfalls": list(item.pitfalls),
                "phrasings": [{"text": p.text, "channel": p.channel} for p in item.phrasings],
                "avoid": [{"text": a.text, "why": a.why} for a in item.avoid],
                "evidence": [
                    {"basis": e.basis, "cite": e.cite, "url": f"references/#{e.ref}" if e.ref else ""}
                    for e in item.intervention.evidence
                ],
                "url": item.intervention.url,
                "standing": item.intervention.standing,
                "safety": item.intervention.safety,
                "on_return": item.on_return,
                "why": list(item.reasons),
                "notes": list(item.notes),
                "glance_notes": list(item.glance_notes),
            }
            for item in result.interventions
        ],
        "keep_doing_heading": result.keep_doing_heading,
        "rationale": list(result.rationale),
        "notes": list(result.notes),
        "safety_message": _safety_message(result),
    }


def _safety_message(result: Result) -> SafetyMessageView | None:
    message = result.safety_message
    if message is None:
        return None
    return {
        "text": message.text,
        "channel": "message",
        "placeholders": list(message.placeholders),
        "beside": message.beside,
    }


def question_data(tree: Tree, question: Question, step: int, at_most: int) -> QuestionView:
    """A question. Signs that exclude each other (rule 13) come apart, as ``groups`` of one choice each."""
    grouped = {a.value: tree.exclusive_group(a.value) for a in question.answers} if question.sets == "signs" else {}
    groups: list[GroupView] = []
    for group in tree.exclusive:
        members = [a for a in question.answers if grouped.get(a.value) is group]
        if members:
            groups.append(
                {
                    "id": group.id,
                    "prompt": group.prompt,
                    "none_label": group.none_label,
                    "answers": [_answer(a.value, a.label, a.help) for a in members],
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


def _answer(value: str, label: str, help_text: str) -> AnswerView:
    return {"value": value, "label": label, "help": help_text}


def first_question(tree: Tree) -> View:
    """The view with no answers yet: what the build pre-renders into the guide page."""
    return view(tree, "")


def _answer_labels(tree: Tree, walk: Walk) -> list[AnsweredView]:
    summary: list[AnsweredView] = []
    for asked in walk.asked:
        labels = [a.label for a in asked.question.answers if a.value in asked.values] or ["None of these"]
        summary.append({"question": asked.question.id, "prompt": asked.question.prompt, "answers": labels})
    return summary


def _walk_view(tree: Tree, answers: Mapping[str, tuple[str, ...]], ignored: Sequence[str]) -> View:
    walk = engine.walk(tree, answers)
    view: View = {
        "state": "question",
        "ignored": [*ignored, *(f"“{sign}”, which no question on this path asks about" for sign in walk.unused_signs)],
        "back": fragment.back_fragment(walk),
        "risk_flagged": walk.risk == "yes",
        "answers": _answer_labels(tree, walk),
        "question": None,
        "result": None,
        "fragment": "",
    }
    if walk.pending is not None:
        view["question"] = question_data(tree, walk.pending, walk.step_number(), engine.at_most(tree, walk))
        view["fragment"] = fragment.pending_fragment(tree, walk, answers)
    else:
        state = walk.state()
        view["state"] = "result"
        view["result"] = result_data(tree, engine.recommend(tree, state))
        view["fragment"] = fragment.result_fragment(tree, state)
    return view


def view(tree: Tree, link_fragment: str) -> View:
    """What the guide shows for a URL fragment: a question or a result, never an error."""
    parsed = fragment.parse(tree, link_fragment)
    return _walk_view(tree, parsed.answers, parsed.ignored)


def answer(tree: Tree, link_fragment: str, question_id: str, values: Sequence[str]) -> View:
    """The view after answering ``question_id`` with ``values`` on top of a fragment.

    Raises ``engine.InvalidInput`` for an unknown question or answer.
    """
    if question_id not in tree.questions:
        raise engine.InvalidInput("question", question_id, tree.questions)
    question = tree.questions[question_id]
    chosen = tuple(v for v in values if not (question.kind == "multi" and v == NONE))
    engine.check_values(tree, question, chosen)
    answers = dict(fragment.parse(tree, link_fragment).answers)
    answers[question_id] = chosen
    return _walk_view(tree, answers, [])


#: ``--risk unsure`` is the guide's "Yes, or I am not sure" (spec v3, "Context").
RISK_ALIASES = {"unsure": "yes"}


def recommend_data(
    tree: Tree, risk: str | None, phase: str, signs: Sequence[str], followups: Mapping[str, str]
) -> ResultView:
    """The command line's ``recommend``: a result straight from the public IDs.

    ``risk=None`` (not stated) is treated as not sure: a safety result, ``"risk": "not-stated"``.
    """
    if risk is not None and risk not in tree.risk_values and risk not in RISK_ALIASES:
        raise engine.InvalidInput("risk", risk, (*tree.risk_values, *RISK_ALIASES))
    stated = RISK_NOT_STATED if risk is None else RISK_ALIASES.get(risk, risk)
    state = State(stated, phase, frozenset(signs), tuple(followups.items()))
    return result_data(tree, engine.recommend(tree, state))
