"""Practice mode: a case from the training scenarios, the choices it offers, and feedback on an answer.

The trainee reads a case, picks a level and the steps they would take, and compares their
answer with the engine's. Every decision is made here, from the engine's own result for the
case's link (its fragment); the browser only shows the HTML and sends back the choices. The
same inputs give the same outputs: the wrong choices offered are chosen without chance.

The standing practices (monitor the alliance, invite feedback, keep a rupture mindset) belong
to every result, so they are never offered as choices: the feedback lists them apart, as what
always applies.

The score, from 0 to 100: half for the level (right or not), half for the steps, counted as
``matched / (expected + added)``: each step missed, and each step added that the guide does not
give, lowers that half, so ticking every box does not pay. A case with no step of its own and
nothing added scores the whole half for the steps. A step a supervisor would accept as well
(``DEFENSIBLE``) is never offered as a wrong choice, and costs nothing when a trainee adds it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import engine, fragment
from .engine import InvalidInput, Recommended, Result, State, recommend
from .model import Intervention, Tree
from .views import PracticeCaseView, PracticeChoiceView, PracticeFeedbackView, PracticeItemView

#: At least this many steps are offered per case.
MIN_OPTIONS = 5
#: At least this many wrong steps are offered per case, even when the engine's steps are many.
MIN_WRONG = 3
#: Steps that are not the guide's answer for a case but that a supervisor would accept, and why:
#: (the step, the signs or risk that make it defensible, what the feedback says).
DEFENSIBLE: tuple[tuple[str, frozenset[str], str], ...] = (
    (
        "seek-consultation",
        frozenset({"risk"}),
        "Consulting is always wise with a risk of harm; here it sits inside your service's safety protocol.",
    ),
    (
        "address-rupture",
        frozenset({"peripheral-complaint"}),
        "Defensible here too; the guide starts more lightly: own your part, then wonder aloud about the message.",
    ),
    (
        "renegotiate-task",
        frozenset({"wants-to-end"}),
        "Defensible: a review of the goals belongs in talking the ending through (Address the rupture).",
    ),
)
#: Why a wrong step is wrong, where the general reason would miss the lesson of the case.
WRONG_BECAUSE = {
    ("wonder-aloud", "online-review"): (
        "With a review you suspect is theirs, wondering aloud can hint at it; keep to a general invitation "
        "to say how the work is going."
    ),
}
ALWAYS = (
    "These belong to every case, whatever its level, so they are not among the choices: keep doing them throughout."
)


def case_result(tree: Tree, case_fragment: str) -> Result:
    """The engine's result for a case's link; refuses a link that does not lead cleanly to a result."""
    parsed = fragment.parse(tree, case_fragment)
    walk = engine.walk(tree, parsed.answers)
    if parsed.ignored or not walk.complete:
        raise InvalidInput("case link", case_fragment, ("a link that leads to a result",))
    return recommend(tree, walk.state())


def _defensible(result: Result, intervention: str) -> str | None:
    """What the feedback says of a step a supervisor would accept in this case, or None."""
    present = set(result.state.signs) | ({"risk"} if result.safety else set())
    return next((why for step, when, why in DEFENSIBLE if step == intervention and when & present), None)


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


def _callers(tree: Tree, phase: str) -> dict[str, list[str]]:
    """For each step, the signs that call for it on their own in this phase (no risk flagged)."""
    callers: dict[str, list[str]] = {}
    for sign in tree.signs:
        try:
            result = recommend(tree, State("no", phase, frozenset({sign})))
        except InvalidInput:
            continue
        for item in result.steps:
            callers.setdefault(item.intervention.id, []).append(sign)
    return callers


def _wrong_choices(tree: Tree, result: Result, case_fragment: str) -> list[str]:
    """Steps the case does not call for, the most plausible first: those that signs of a neighbouring
    level call for most often; ties broken by a checksum of the case's link (stable, not random)."""
    expected = {item.intervention.id for item in result.steps}
    levels = list(tree.levels)
    at = levels.index(result.level.id)
    neighbours = {levels[i] for i in (at - 1, at + 1) if 0 <= i < len(levels)}
    callers = _callers(tree, result.state.phase)
    candidates = [
        i
        for i, x in tree.interventions.items()
        if not x.standing and i not in expected and _defensible(result, i) is None
    ]

    def plausibility(intervention: str) -> tuple[int, int]:
        near = sum(1 for s in callers.get(intervention, []) if tree.signs[s].level in neighbours)
        return (-near, zlib.crc32(f"{case_fragment}|{intervention}".encode()))

    return sorted(candidates, key=plausibility)


def options(tree: Tree, case_fragment: str) -> list[PracticeChoiceView]:
    """The steps offered for a case: the engine's steps and plausible wrong ones, in the tree's order."""
    result = case_result(tree, case_fragment)
    expected = [item.intervention.id for item in result.steps]
    wrong = _wrong_choices(tree, result, case_fragment)
    offered = set(expected) | set(wrong[: max(MIN_WRONG, MIN_OPTIONS - len(expected))])
    return [{"id": i, "title": x.title} for i, x in tree.interventions.items() if i in offered]


def case_view(tree: Tree, case_fragment: str) -> PracticeCaseView:
    return {
        "fragment": case_fragment,
        "levels": [{"id": i, "title": level.title} for i, level in tree.levels.items()],
        "options": options(tree, case_fragment),
    }


def _item(intervention: Intervention, reason: str) -> PracticeItemView:
    return {"id": intervention.id, "title": intervention.title, "url": intervention.url, "reason": reason}


def _why(item: Recommended) -> str:
    return as_the_case(" ".join(item.reasons + item.notes))


def _why_not(tree: Tree, result: Result, intervention: Intervention) -> str:
    """Why a step the trainee added does not fit this case."""
    if intervention.id == "safety-first":
        return "It comes first whenever there is a current concern about harm; this case reports none."
    specific = next(
        (why for (step, sign), why in WRONG_BECAUSE.items() if step == intervention.id and sign in result.state.signs),
        None,
    )
    if specific:
        return specific
    signs = _callers(tree, result.state.phase).get(intervention.id, [])
    if signs:
        named = " or ".join(tree.signs[s].short for s in signs[:3])
        return f"The guide calls for it when you notice, for example, {named}; nothing in this case points to that."
    return "Nothing reported in this case calls for it here; keep it for a situation that does."


def score(level_right: bool, matched: int, expected: int, added: int) -> int:
    """0 to 100: half for the level, half for ``matched / (expected + added)`` (the module says why)."""
    steps = matched / (expected + added) if expected + added else 1.0
    return round(50 * (int(level_right) + steps))


def feedback(tree: Tree, case_fragment: str, level: str, chosen: Iterable[str]) -> PracticeFeedbackView:
    """How an answer compares with the engine's result. Raises ``InvalidInput`` on an unknown ID."""
    result = case_result(tree, case_fragment)
    if level not in tree.levels:
        raise InvalidInput("level", level, tree.levels)
    picked = list(dict.fromkeys(chosen))
    for value in picked:
        if value not in tree.interventions:
            raise InvalidInput("intervention", value, tree.interventions)
    picked = [i for i in picked if not tree.interventions[i].standing]
    steps = result.steps
    expected = {item.intervention.id for item in steps}
    matched = [_item(item.intervention, _why(item)) for item in steps if item.intervention.id in picked]
    missed = [_item(item.intervention, _why(item)) for item in steps if item.intervention.id not in picked]
    extra = [i for i in tree.interventions if i in picked and i not in expected]
    defensible = [_item(tree.interventions[i], why) for i in extra if (why := _defensible(result, i))]
    added = [
        _item(tree.interventions[i], _why_not(tree, result, tree.interventions[i]))
        for i in extra
        if not _defensible(result, i)
    ]
    level_right = level == result.level.id
    points = score(level_right, len(matched), len(steps), len(added))
    return {
        "level": result.level.id,
        "level_title": result.level.title,
        "level_url": result.level.url,
        "level_reason": as_the_case(result.level_reason)
        + (
            " A risk of harm does not raise the rupture level: it comes first, alongside it."
            if result.safety and level != result.level.id
            else ""
        ),
        "chosen_level": level,
        "chosen_level_title": tree.levels[level].title,
        "level_right": level_right,
        "safety": result.safety,
        "interventions": [_item(item.intervention, _why(item)) for item in steps],
        "matched": matched,
        "missed": missed,
        "added": added,
        "defensible": defensible,
        "standing": [_item(item.intervention, _why(item)) for item in result.keep_doing],
        "keep_doing_heading": result.keep_doing_heading,
        "score": points,
        "score_explained": (
            f"{50 if level_right else 0} for the level, and {points - (50 if level_right else 0)} for the steps: "
            f"{len(matched)} matched out of {len(steps)} expected plus {len(added)} added."
            if steps or added
            else "Nothing to match: the guide has no step of its own here, and you added none."
        ),
    }


# --- HTML -----------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_e(' '.join(p.split()))}</p>" for p in text.split("\n\n") if p.strip())


def case_html(case: Mapping[str, Any], view: PracticeCaseView, position: int, total: int) -> str:
    """A case as a form: the vignette, one level, the steps to tick, and the button to check the answer."""
    levels = "".join(
        f'<label class="guide-choice"><input type="radio" name="level" value="{_e(level["id"])}" required>'
        f"<span>{_e(level['title'])}</span></label>"
        for level in view["levels"]
    )
    steps = "".join(
        f'<label class="guide-choice"><input type="checkbox" name="intervention" value="{_e(option["id"])}">'
        f"<span>{_e(option['title'])}</span></label>"
        for option in view["options"]
    )
    return (
        f'<form class="practice-case" data-case="{_e(case["id"])}" aria-labelledby="practice-case-title">'
        f'<p class="practice-progress">Case {position} of {total}</p>'
        f'<h2 id="practice-case-title" class="practice-title" tabindex="-1">{_e(case["title"])}</h2>'
        f'<div class="practice-vignette">{_paragraphs(str(case["situation"]))}</div>'
        '<fieldset class="guide-choices guide-choices--one practice-levels">'
        f"<legend>Which level of management fits this case? Choose one.</legend>{levels}</fieldset>"
        '<fieldset class="guide-choices practice-steps"><legend>Which steps would you take? Tick each one you '
        "would use. The standing practices apply to every case, so they are not listed.</legend>"
        f"{steps}</fieldset>"
        '<div class="practice-actions"><button type="submit" class="md-button md-button--primary">'
        "Check my answer</button></div></form>"
    )


def _items(items: Sequence[PracticeItemView], root: str, empty: str, reasons: bool = True) -> str:
    if not items:
        return f'<p class="practice-none">{_e(empty)}</p>'
    rows = "".join(
        f'<li><a href="{_e(root + item["url"])}">{_e(item["title"])}</a>'
        + (f'<span class="practice-reason">{_e(item["reason"])}</span>' if reasons else "")
        + "</li>"
        for item in items
    )
    return f'<ul class="practice-items">{rows}</ul>'


def feedback_html(case: Mapping[str, Any], view: PracticeFeedbackView, position: int, total: int, root: str) -> str:
    """The feedback: the score, the engine's level and steps (linked), matched, missed, added; what next."""
    verdict = "You chose the same level." if view["level_right"] else f"You chose {view['chosen_level_title']}."
    safety = (
        '<p class="practice-safety"><strong>Safety first:</strong> this case flags a current concern about harm, '
        "so the service's safety protocol comes before any other step.</p>"
        if view["safety"]
        else ""
    )
    steps = "".join(f'<li><a href="{_e(root + i["url"])}">{_e(i["title"])}</a></li>' for i in view["interventions"])
    steps_html = f"<ol>{steps}</ol>" if steps else "<p>No step of its own: the standing practices are the work.</p>"
    following = (
        '<button type="button" class="md-button md-button--primary" data-practice="next">Next case</button>'
        if position < total
        else '<p class="practice-done">That was the last case.</p>'
    )
    guide = f"{_e(root)}guide/#{_e(case['fragment'])}"
    nothing_matched = "None of the guide’s steps." if view["interventions"] else "Nothing to match here."
    return (
        '<section class="practice-feedback" aria-labelledby="practice-feedback-title">'
        f'<p class="practice-progress">Case {position} of {total}: {_e(case["title"])}</p>'
        '<h2 id="practice-feedback-title" class="practice-title" tabindex="-1">How your answer compares</h2>'
        f'<div class="practice-result" data-score="{view["score"]}" data-level="{_e(view["level"])}">'
        f'<p class="practice-score"><strong>Score: {view["score"]} out of 100.</strong> '
        f"{_e(view['score_explained'])}</p>{safety}"
        f'<h3>The level</h3><p>The guide gives <a href="{_e(root + view["level_url"])}">{_e(view["level_title"])}'
        f"</a>. {_e(verdict)} {_e(view['level_reason'])}</p>"
        f"<h3>The guide’s steps for this case</h3>{steps_html}"
        f"<h3>Steps you matched</h3>{_items(view['matched'], root, nothing_matched)}"
        f"<h3>Steps you missed</h3>{_items(view['missed'], root, 'None: you found every step.')}"
        f"<h3>Steps you added</h3>{_items(view['added'], root, 'None.')}"
        + (f"<h3>Also defensible</h3>{_items(view['defensible'], root, '')}" if view["defensible"] else "")
        + f"<h3>What always applies</h3><p>{_e(ALWAYS)}</p>"
        f"<p>{_e(view['keep_doing_heading'])}:</p>{_items(view['standing'], root, 'None.', reasons=False)}"
        "</div>"
        f'<div class="practice-nav">{following}'
        '<button type="button" class="md-button" data-practice="restart">Start again</button>'
        f'<a class="md-button" href="{guide}">Open this case in the guide</a></div>'
        "</section>"
    )
