"""Practice mode at run time: how a trainee's answer to a case compares, and a set's summary.

The trainee reads a case (rendered at build time, ``guide/sitegen/practice_case.py``), picks a
level and the steps they would take, and this module compares the answer with the engine's
result for the case's link and with the case's key (``practice_data``: what a supervisor would
accept, written per case in ``practice.toml``). The browser only shows the HTML and keeps each
case's ``result`` in page memory, to send back for the summary.

The score, from 0 to 100: half for the level, half for the steps, counted as
``matched / (expected + added)``. Expected are the guide's steps, plus any standing practice the
case is about, less a step the key lets be held back when the trainee held it back. A defensible
step adds nothing and costs nothing; any other step added lowers the half for the steps. Where
the case carries a risk, leaving out the safety step (the tree's ``safety`` flag) is a critical
miss: the case fails and gets no score at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from . import engine, fragment
from .engine import InvalidInput, Recommended, Result, recommend
from .model import Intervention, Tree
from .practice_data import NOT_ADDED, CaseKey
from .views import PracticeFeedbackView, PracticeItemView, PracticeResultView, PracticeSummaryView

#: A step with a safety flag chosen in a case that flags no risk: true of every such case, by its link.
NO_RISK_HERE = "This case reports no current concern about harm, so the guide puts no safety step first here."


def case_result(tree: Tree, case_fragment: str) -> Result:
    """The engine's result for a case's link; refuses a link that does not lead cleanly to a result."""
    parsed = fragment.parse(tree, case_fragment)
    walk = engine.walk(tree, parsed.answers)
    if parsed.ignored or not walk.complete:
        raise InvalidInput("case link", case_fragment, ("a link that leads to a result",))
    return recommend(tree, walk.state())


def as_the_case(text: str) -> str:
    """The engine's reasons speak to a clinician who answered the questions; in practice, the case did."""
    for said, reported in (
        ("you flagged a current concern", "this case flags a current concern"),
        ("you flagged no current risk", "this case flags no current risk"),
        ("you flagged a current risk", "this case flags a current risk"),
        ("You also noted", "The case also reports"),
        ("you noted", "the case reports"),
        ("you answered", "the case answers"),
    ):
        text = text.replace(said, reported)
    return text


def reading(tree: Tree, result: Result) -> str:
    """How the guide read the case, in words: the phase, the risk and the signs."""
    state = result.state
    risk = "a current concern about harm" if state.at_risk else "no current concern about harm"
    signs = "; ".join(tree.signs[s].short for s in tree.signs if s in state.signs) or "none of the signs"
    return f"Phase: {tree.phases[state.phase].label}. Risk: {risk}. Signs: {signs}."


def score(level_right: bool, matched: int, expected: int, added: int) -> int:
    """0 to 100: half for the level, half for ``matched / (expected + added)`` (the module says why)."""
    steps = matched / (expected + added) if expected + added else 1.0
    return round(50 * (int(level_right) + steps))


def _item(intervention: Intervention, reason: str, mark: str = "", note: str = "") -> PracticeItemView:
    return {
        "id": intervention.id,
        "title": intervention.title,
        "url": intervention.url,
        "reason": reason,
        "mark": mark,
        "note": note,
    }


def _why(item: Recommended) -> str:
    return as_the_case(" ".join(item.reasons + item.notes))


def _guide_item(item: Recommended, mark: str, key: CaseKey) -> PracticeItemView:
    """One of the guide's steps: the rule's reason (often shared with the next steps, so shown once)
    apart from what is said of this step alone: the rule's notes, why it matters for this patient
    (the case's own words), and, held back, why that is defensible here."""
    held = key.reason("omissions", item.intervention.id) if mark == "held-back" else None
    matters = key.reason("matters", item.intervention.id)
    own = [as_the_case(note) for note in item.notes] + ([f"For this patient: {matters}"] if matters else [])
    own += [f"Holding it back is defensible here: {held}"] if held else []
    return _item(item.intervention, as_the_case(" ".join(item.reasons)), mark, " ".join(own))


def _why_not(key: CaseKey, result: Result, intervention: Intervention) -> str:
    """Why a step the trainee added is not for this case: the case's own reason, else the neutral one."""
    written = key.reason("not_here", intervention.id)
    if written:
        return written
    return NO_RISK_HERE if intervention.safety and not result.safety else NOT_ADDED


def _picked(tree: Tree, level: str, chosen: Iterable[str]) -> list[str]:
    if level not in tree.levels:
        raise InvalidInput("level", level, tree.levels)
    picked = list(dict.fromkeys(chosen))
    for value in picked:
        if value not in tree.interventions:
            raise InvalidInput("intervention", value, tree.interventions)
    return picked


def feedback(tree: Tree, key: CaseKey, case_fragment: str, level: str, chosen: Iterable[str]) -> PracticeFeedbackView:
    """How an answer compares with the engine's result and the case's key. Raises ``InvalidInput`` on an unknown ID."""
    result = case_result(tree, case_fragment)
    picked = _picked(tree, level, chosen)
    steps: list[PracticeItemView] = []
    for item in result.steps:
        held = key.reason("omissions", item.intervention.id)
        mark = "matched" if item.intervention.id in picked else "held-back" if held else "missed"
        steps.append(_guide_item(item, mark, key))
    for i, why in key.about:
        steps.append(_item(tree.interventions[i], why, "matched" if i in picked else "missed"))
    expected_ids = {item["id"] for item in steps}
    extra = [i for i in tree.interventions if i in picked and i not in expected_ids]
    defensible = [_item(tree.interventions[i], why, "chosen" if i in picked else "") for i, why in key.defensible]
    added = [
        _item(tree.interventions[i], _why_not(key, result, tree.interventions[i]), "added")
        for i in extra
        if not key.reason("defensible", i) and not tree.interventions[i].standing
    ]
    counts = Counter(item["mark"] for item in steps)
    level_right = level == result.level.id
    failed = result.safety and not any(tree.interventions[i].safety for i in picked)
    expected = counts["matched"] + counts["missed"]
    points = score(level_right, counts["matched"], expected, len(added))
    level_points = 50 if level_right else 0
    return {
        "level": result.level.id,
        "level_title": result.level.title,
        "level_url": result.level.url,
        "level_reason": as_the_case(result.level_reason)
        + (
            " A risk of harm does not raise the rupture level: it comes first, alongside it."
            if result.safety and list(tree.levels).index(level) > list(tree.levels).index(result.level.id)
            else ""
        ),
        "reading": reading(tree, result),
        "chosen_level": level,
        "chosen_level_title": tree.levels[level].title,
        "level_right": level_right,
        "safety": result.safety,
        "failed": failed,
        "steps": steps,
        "added": added,
        "defensible": defensible,
        "standing": [_item(item.intervention, _why(item)) for item in result.keep_doing],
        "keep_doing_heading": result.keep_doing_heading,
        "score": None if failed else points,
        "score_explained": (
            "Not scored: this case flags a current concern about harm, and the answer left out putting safety first."
            if failed
            else f"{level_points} for the level, and {points - level_points} for the steps: "
            f"{counts['matched']} matched out of {expected} expected plus {len(added)} added."
            if expected or added
            else "Nothing to match: the guide has no step of its own here, and you added none."
        ),
    }


def case_outcome(case_id: str, title: str, view: PracticeFeedbackView) -> PracticeResultView:
    """What the page keeps of an answered case, in memory only, for the set's summary."""
    missed = [item["id"] for item in view["steps"] if item["mark"] == "missed"]
    return {"case_id": case_id, "title": title, "score": view["score"], "failed": view["failed"], "missed": missed}


def summary(tree: Tree, outcomes: Sequence[PracticeResultView], total: int) -> PracticeSummaryView:
    """A set's summary: cases done, the mean score of those scored, those failed, the steps most often missed.
    The latest answer to a case counts. Raises ``InvalidInput`` on an unknown step ID."""
    latest = {outcome["case_id"]: outcome for outcome in outcomes}
    missed: Counter[str] = Counter()
    for outcome in latest.values():
        for step in outcome["missed"]:
            if step not in tree.interventions:
                raise InvalidInput("intervention", step, tree.interventions)
        missed.update(set(outcome["missed"]))
    scores = [o["score"] for o in latest.values() if o["score"] is not None and not o["failed"]]
    order = list(tree.interventions)
    most = sorted(missed, key=lambda step: (-missed[step], order.index(step)))[:3]
    return {
        "cases_done": len(latest),
        "total": total,
        "mean_score": round(sum(scores) / len(scores)) if scores else None,
        "failed": [o["title"] for o in latest.values() if o["failed"]],
        "most_missed": [
            _item(tree.interventions[step], f"Missed in {missed[step]} of {len(latest)} cases.") for step in most
        ],
    }
