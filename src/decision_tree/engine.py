"""The decision rules: which questions to ask, and what to recommend.

Pure functions over the loaded ``Tree``. ``recommend`` turns a complete state
(risk, phase, signs, and any follow-up answers) into a ``Result``; ``walk``
follows the questions for a set of answers and says which question comes next,
or that the result is ready. No I/O, no globals: the same inputs always give
the same outputs, under CPython and under Pyodide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from .model import (
    DEFAULT_CONTACT,
    NONE,
    RESULT,
    RISK_NOT_STATED,
    SIGNS_KEY,
    Avoid,
    Condition,
    Intervention,
    Level,
    Phrasing,
    Question,
    Rule,
    Tree,
    channels_shown,
)


class InvalidInput(ValueError):
    """A value that is not part of the tree's vocabulary. Names the field, the value and the valid ones."""

    def __init__(self, field_name: str, value: str, valid: Iterable[str]) -> None:
        self.field_name = field_name
        self.value = value
        self.valid = tuple(valid)
        super().__init__(f"unknown {field_name} {value!r} (valid: {', '.join(self.valid)})")


class ConflictingSigns(InvalidInput):
    """Signs that exclude each other (spec rule 13), given together. Names both and says how to choose."""

    def __init__(self, signs: Iterable[str], because: str) -> None:
        self.signs = tuple(signs)
        ValueError.__init__(
            self, f"the signs {' and '.join(repr(s) for s in self.signs)} exclude each other: {because}"
        )
        self.field_name = "sign"
        self.value = ",".join(self.signs)
        self.valid = ()


@dataclass(frozen=True)
class State:
    """A complete state: the level and the interventions are a function of it alone."""

    risk: str
    phase: str
    signs: frozenset[str] = frozenset()
    followups: tuple[tuple[str, str], ...] = ()

    def followup(self, question_id: str) -> str | None:
        return dict(self.followups).get(question_id)

    @property
    def at_risk(self) -> bool:
        """A risk, "not sure" or not stated: every rule about risk applies (spec v3)."""
        return self.risk != "no"


@dataclass(frozen=True)
class Recommended:
    intervention: Intervention
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()
    #: The phrasings that fit what was reported (rule 10), the risk (rule 14) and the contact
    #: (rule 15), the one to lead with first.
    phrasings: tuple[Phrasing, ...] = ()
    #: The texts chosen for the risk at hand (rule 14).
    action: str = ""
    how: str = ""
    pitfalls: tuple[str, ...] = ()
    #: Out of contact, a step for the room waits for the patient's return (rule 15).
    on_return: bool = False
    #: The notes (of ``notes``) that show at a glance; the others wait behind the step's disclosure.
    glance_notes: tuple[str, ...] = ()

    @property
    def avoid(self) -> tuple[Avoid, ...]:
        return self.intervention.avoid


@dataclass(frozen=True)
class SafetyMessageText:
    """The message for a patient at risk who is not in the room, its blanks, and what stands beside it."""

    text: str
    placeholders: tuple[str, ...]
    beside: str


#: How a result presents the standing practices (rule 9), and how when the patient is out of contact (rule 4).
KEEP_DOING = "Keep doing"
KEEP_DOING_IF_THEY_RETURN = "If the patient comes back, keep doing"


@dataclass(frozen=True)
class Result:
    state: State
    level: Level
    safety: bool
    interventions: tuple[Recommended, ...]
    level_reason: str
    notes: tuple[str, ...] = ()
    keep_doing_heading: str = KEEP_DOING
    contact: str = DEFAULT_CONTACT
    safety_message: SafetyMessageText | None = None
    #: What the result withholds in this context, and why (rules 14 and 15).
    withheld: tuple[str, ...] = ()
    #: What the levels are: this guide's heuristic, not a validated scale.
    levels_note: str = ""

    @property
    def steps(self) -> tuple[Recommended, ...]:
        """The steps for this situation, in order (safety first when present)."""
        return tuple(item for item in self.interventions if not item.intervention.standing)

    @property
    def keep_doing(self) -> tuple[Recommended, ...]:
        """The standing practices, which every result ends with (rules 4 and 9)."""
        return tuple(item for item in self.interventions if item.intervention.standing)

    @property
    def rationale(self) -> tuple[str, ...]:
        """Which answers led to the level and to each intervention, as sentences."""
        lines = [self.level_reason]
        for item in self.interventions:
            lines.append(f"{item.intervention.title}: " + " ".join(item.reasons + item.notes))
        return tuple(lines + list(self.notes) + list(self.withheld) + [self.levels_note] * bool(self.levels_note))


def validate_state(tree: Tree, state: State) -> None:
    """Raise ``InvalidInput`` naming the first value the tree does not know."""
    if state.risk not in (*tree.risk_values, RISK_NOT_STATED):
        raise InvalidInput("risk", state.risk, tree.risk_values)
    if state.phase not in tree.phases:
        raise InvalidInput("phase", state.phase, tree.phases)
    for sign in sorted(state.signs):
        if sign not in tree.signs:
            raise InvalidInput("sign", sign, tree.signs)
    conflict = tree.conflict(state.signs)
    if conflict is not None:
        raise ConflictingSigns((s for s in conflict.signs if s in state.signs), conflict.because)
    followups = {q.id: q for q in tree.followup_questions()}
    for key, value in state.followups:
        if key not in followups:
            raise InvalidInput("follow-up", key, followups)
        if followups[key].answer(value) is None:
            raise InvalidInput(f"answer to {key}", value, (a.value for a in followups[key].answers))


def level_of(tree: Tree, signs: Iterable[str]) -> Level:
    """No sign: primary. Otherwise the highest of the lowest levels the signs imply."""
    ranks = [tree.level_rank(tree.signs[s].level) for s in signs]
    return list(tree.levels.values())[max(ranks, default=0)]


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _risk_holds(wanted: tuple[str, ...], risk: str) -> bool:
    """``yes`` holds with a risk, "not sure" or not stated; ``no`` only with no risk; ``not-stated`` only then."""
    if not wanted:
        return True
    at_risk = risk != "no"
    return ("yes" in wanted and at_risk) or ("no" in wanted and not at_risk) or risk in wanted


def contact_of(tree: Tree, state: State) -> str:
    """Where the patient is: the first of the tree's [[contacts]] whose condition holds (spec v3, "Context")."""
    level = level_of(tree, state.signs).id
    for rule in tree.contacts:
        if _matches(tree, rule.when, state, level, DEFAULT_CONTACT)[0]:
            return rule.contact
    return DEFAULT_CONTACT


def _matches(tree: Tree, when: Condition, state: State, level: str, contact: str) -> tuple[bool, str]:
    """Whether the condition holds, and the answers that made it hold, in words. ``two_of`` is checked apart."""
    if not _risk_holds(when.risk, state.risk):
        return False, ""
    if when.phase and state.phase not in when.phase:
        return False, ""
    if when.level and level not in when.level:
        return False, ""
    if when.contact and contact not in when.contact:
        return False, ""
    if any(sign in state.signs for sign in when.signs_none):
        return False, ""
    if any(state.followup(key) is not None for key in when.unanswered):
        return False, ""
    matched_signs = [tree.signs[s].short for s in when.signs_any if s in state.signs]
    if when.signs_any and not matched_signs:
        return False, ""
    for key, values in when.followup:
        if state.followup(key) not in values:
            return False, ""
    because: list[str] = []
    if matched_signs:
        because.append("you noted " + _joined(matched_signs))
    if when.risk:
        if state.risk == RISK_NOT_STATED:
            because.append("risk was not stated")
        else:
            because.append("you flagged a current risk" if state.risk == "yes" else "you flagged no current risk")
    if when.phase:
        because.append("treatment is at this phase: " + tree.phases[state.phase].label.lower())
    if when.level:
        because.append(f"the level is {level}")
    for key, _ in when.followup:
        question = next(q for q in tree.followup_questions() if q.id == key)
        answer = question.answer(state.followup(key) or "")
        because.append(f"to “{question.prompt}” you answered “{answer.label if answer else ''}”")
    return True, "; ".join(because)


def _order(tree: Tree, chosen: set[str], first: set[str], out_of_contact: bool) -> list[str]:
    """Rule 9: the tree's order, with the safety step first and then the steps a rule puts first.

    Out of contact, the steps that wait for the patient's return come after every step to take now.
    """
    ordered = [i for i in tree.interventions if i in chosen]
    safety = [i for i in ordered if tree.interventions[i].safety]
    leading = [i for i in ordered if i in first and i not in safety]
    rest = [i for i in ordered if i not in safety and i not in leading]
    if out_of_contact:
        waits = [i for i in rest if tree.interventions[i].on_return_only and not tree.interventions[i].standing]
        rest = [i for i in rest if i not in waits] + waits
        standing = [i for i in rest if tree.interventions[i].standing]
        rest = [i for i in rest if i not in standing] + standing
    return safety + leading + rest


def _safety_message(tree: Tree, state: State, contact: str) -> SafetyMessageText | None:
    """Rule 14: with a risk, when the patient is not in the room (or missed a session), the message to send."""
    template = tree.safety_message
    if template is None or not state.at_risk:
        return None
    if contact == DEFAULT_CONTACT and not (state.signs & set(template.signs_any)):
        return None
    received = _matches(tree, template.received_when, state, level_of(tree, state.signs).id, contact)[0]
    text = template.received if received else template.not_received
    return SafetyMessageText(text, placeholders(text), template.beside)


def placeholders(text: str) -> tuple[str, ...]:
    """The blanks a clinician fills in: each ``[...]`` of a text, once, in order."""
    found: list[str] = []
    start = text.find("[")
    while start != -1:
        end = text.find("]", start)
        if end == -1:
            break
        blank = text[start + 1 : end]
        if blank and blank not in found:
            found.append(blank)
        start = text.find("[", end)
    return tuple(found)


def recommend(tree: Tree, state: State) -> Result:
    """The result for a complete state. Raises ``InvalidInput`` on an unknown value."""
    validate_state(tree, state)
    level = level_of(tree, state.signs)
    contact = contact_of(tree, state)
    reasons: dict[str, list[str]] = {}
    triggers: dict[str, set[str]] = {}
    first: set[str] = set()
    notes: dict[str, list[str]] = {}
    glance_notes: set[str] = set()
    general_notes: list[str] = []
    pending_two_of: list[Rule] = []
    #: A step's notes wait until every rule has run: a note may come before the rule that adds its step.
    pending_notes: list[Rule] = []
    for rule in tree.rules:
        holds, because = _matches(tree, rule.when, state, level.id, contact)
        if not holds:
            continue
        if rule.when.two_of:
            pending_two_of.append(rule)
            continue
        why = f"{rule.because} (Because {because}.)" if because else rule.because
        for added in rule.add:
            reasons.setdefault(added, []).append(why)
            triggers.setdefault(added, set()).update(s for s in rule.when.signs_any if s in state.signs)
            if rule.first:
                first.add(added)
        if rule.note:
            if not rule.note_on:
                general_notes.append(rule.note)
            else:
                pending_notes.append(rule)
    for rule in pending_notes:
        if rule.note_on in reasons:
            notes.setdefault(rule.note_on, []).append(rule.note)
            if rule.glance:
                glance_notes.add(rule.note)
    order = _order(tree, set(reasons), first, contact == "out-of-contact")
    for rule in pending_two_of:
        present = [i for i in order if i in rule.when.two_of]
        if len(present) >= 2:
            notes.setdefault(present[0], []).append(rule.note)
            if rule.glance:
                glance_notes.add(rule.note)
    at_risk = state.at_risk
    channels = channels_shown(contact, at_risk)
    out_of_contact = contact == "out-of-contact"
    followups = dict(state.followups)
    chosen: list[Recommended] = []
    for i in order:
        intervention = tree.interventions[i]
        # Rule 15: out of contact, a step for the room (and a standing practice) waits for the patient's return.
        waits = out_of_contact and (intervention.on_return_only or intervention.standing)
        phrasings = (
            ()
            if waits
            else intervention.phrasings_for(
                state.signs,
                frozenset(triggers.get(i, ())),
                followups=followups,
                at_risk=at_risk,
                channels=channels,
                contact=contact,
            )
        )
        step_notes = list(notes.get(i, ()))
        if waits and not intervention.standing:
            step_notes.insert(0, tree.on_return_note)
            glance_notes.add(tree.on_return_note)
        chosen.append(
            Recommended(
                intervention,
                tuple(reasons[i]),
                tuple(step_notes),
                phrasings,
                action=intervention.action_for(at_risk, state.signs),
                how=intervention.how_for(at_risk, state.signs),
                pitfalls=intervention.pitfalls_for(at_risk, state.signs),
                on_return=waits,
                glance_notes=tuple(n for n in step_notes if n in glance_notes),
            )
        )
    withheld = [rule.withheld for rule in tree.contacts if rule.contact == contact][:1]
    if at_risk and tree.safety_message is not None:
        withheld.append(tree.safety_message.withheld)
    return Result(
        state=state,
        level=level,
        safety=at_risk,
        interventions=tuple(chosen),
        level_reason=_level_reason(tree, state, level),
        notes=tuple(general_notes),
        keep_doing_heading=KEEP_DOING_IF_THEY_RETURN if out_of_contact else KEEP_DOING,
        contact=contact,
        safety_message=_safety_message(tree, state, contact),
        withheld=tuple(withheld),
        levels_note=tree.levels_note,
    )


def _level_reason(tree: Tree, state: State, level: Level) -> str:
    # Rule 12: with a risk, the level is what follows once safety is addressed, never a reassurance.
    if state.risk == RISK_NOT_STATED:
        lead = "Risk was not stated, so the guide treats it as not sure: ask about it first. Once safety is addressed, "
    elif state.at_risk:
        lead = "Safety first: you flagged a current concern about harm. Once safety is addressed, "
    else:
        lead = ""
    if not state.signs:
        text = f"the level is {level.id}, because you noted no sign of a rupture."
    else:
        decisive = [tree.signs[s].short for s in tree.signs if s in state.signs and tree.signs[s].level == level.id]
        text = f"the level is {level.id}, because you noted {_joined(decisive)}."
        other = [tree.signs[s].short for s in tree.signs if s in state.signs and tree.signs[s].level != level.id]
        if other:
            text += f" You also noted {_joined(other)}, which alone would point to a lower level."
    text = lead + text if lead else text[0].upper() + text[1:]
    return f"{text} {level.summary}"


# --- Walking the questions -------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    question: Question
    values: tuple[str, ...]


@dataclass(frozen=True)
class Walk:
    """Where a set of answers leads: the questions asked so far, and the next one or none."""

    asked: tuple[Asked, ...]
    pending: Question | None
    risk: str | None
    phase: str | None
    signs: frozenset[str]
    followups: tuple[tuple[str, str], ...]
    unused_signs: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return self.pending is None

    def state(self) -> State:
        if self.pending is not None or self.risk is None or self.phase is None:
            raise ValueError("the walk has not reached a result yet")
        return State(self.risk, self.phase, self.signs, self.followups)

    def step_number(self) -> int:
        return len(self.asked) + 1


def check_values(tree: Tree, question: Question, values: tuple[str, ...]) -> None:
    """Raise ``InvalidInput`` unless ``values`` is a valid answer to ``question``."""
    valid = tuple(a.value for a in question.answers)
    if question.kind == "single":
        if len(values) != 1 or values[0] not in valid:
            raise InvalidInput(f"answer to {question.id}", ",".join(values), valid)
        return
    for value in values:
        if value not in valid:
            raise InvalidInput(f"answer to {question.id}", value, (*valid, NONE))
    conflict = tree.conflict(set(values))
    if conflict is not None:
        raise ConflictingSigns((s for s in conflict.signs if s in values), conflict.because)


def _condition_holds(
    tree: Tree,
    when: Condition,
    risk: str | None,
    phase: str | None,
    signs: frozenset[str],
    followups: Mapping[str, str],
) -> bool:
    state = State(risk or "", phase or "", signs, tuple(followups.items()))
    return _matches(tree, when, state, level_of(tree, signs).id, DEFAULT_CONTACT)[0]


def walk(tree: Tree, answers: Mapping[str, tuple[str, ...]]) -> Walk:
    """Follow the questions from the start with ``answers`` (question ID, or ``signs``, to values).

    A question is skipped when its ``ask_if`` does not hold. When the answers carry
    every sign at once (the ``signs`` key) and risk and phase are known, the result
    does not wait for follow-up questions: they refine a result, never hold it back.
    """
    shortcut = answers.get(SIGNS_KEY)
    if shortcut is not None:
        for sign in shortcut:
            if sign != NONE and sign not in tree.signs:
                raise InvalidInput("sign", sign, tree.signs)
    risk: str | None = None
    phase: str | None = None
    signs: set[str] = set()
    followups: dict[str, str] = {}
    asked: list[Asked] = []
    node = tree.start
    while node != RESULT:
        question = tree.questions[node]
        if not _condition_holds(tree, question.ask_if, risk, phase, frozenset(signs), followups):
            node = question.next
            continue
        values = answers.get(question.id)
        if values is None and question.sets == "signs" and shortcut is not None:
            values = tuple(a.value for a in question.answers if a.value in shortcut)
        if values is None:
            if question.sets == "followup" and shortcut is not None and risk and phase:
                node = question.next
                continue
            break
        values = tuple(v for v in values if v != NONE) if question.kind == "multi" else values
        check_values(tree, question, values)
        asked.append(Asked(question, values))
        if question.sets == "risk":
            risk = values[0]
        elif question.sets == "phase":
            phase = values[0]
        elif question.sets == "signs":
            signs.update(values)
        else:
            followups[question.id] = values[0]
        node = question.next_after(values)
    pending = tree.questions[node] if node != RESULT else None
    used = {v for a in asked if a.question.sets == "signs" for v in a.values}
    unused = tuple(s for s in (shortcut or ()) if s != NONE and s not in used) if pending is None else ()
    return Walk(tuple(asked), pending, risk, phase, frozenset(signs), tuple(followups.items()), unused)


def at_most(tree: Tree, walk_so_far: Walk) -> int:
    """The most questions this walk can still come to in all, counting those already asked.

    A question whose condition does not hold now is still counted when a question
    ahead of it offers a sign that would make it apply.
    """
    if walk_so_far.pending is None:
        return len(walk_so_far.asked)
    followups = dict(walk_so_far.followups)

    @cache
    def longest(node: str, offered_ahead: frozenset[str]) -> int:
        if node == RESULT:
            return 0
        question = tree.questions[node]
        holds = _condition_holds(
            tree, question.ask_if, walk_so_far.risk, walk_so_far.phase, walk_so_far.signs, followups
        )
        may_apply = bool(set(question.ask_if.signs_any) & offered_ahead) or bool(
            question.ask_if.level and offered_ahead
        )
        ahead = offered_ahead | {a.value for a in question.answers} if question.sets == "signs" else offered_ahead
        return int(holds or may_apply) + max(longest(s, frozenset(ahead)) for s in question.successors())

    return len(walk_so_far.asked) + longest(walk_so_far.pending.id, frozenset())
