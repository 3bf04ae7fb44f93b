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

from .model import NONE, RESULT, SIGNS_KEY, Condition, Intervention, Level, Phrasing, Question, Tree


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


@dataclass(frozen=True)
class Recommended:
    intervention: Intervention
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()
    #: The phrasings that fit what was reported (rule 10), most specific first.
    phrasings: tuple[Phrasing, ...] = ()


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
        return tuple(lines + list(self.notes))


def validate_state(tree: Tree, state: State) -> None:
    """Raise ``InvalidInput`` naming the first value the tree does not know."""
    if state.risk not in tree.risk_values:
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


def _matches(tree: Tree, when: Condition, state: State, level: str) -> tuple[bool, str]:
    """Whether the condition holds, and the answers that made it hold, in words."""
    if when.risk and state.risk not in when.risk:
        return False, ""
    if when.phase and state.phase not in when.phase:
        return False, ""
    if when.level and level not in when.level:
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
        because.append("you flagged a current risk" if "yes" in when.risk else "you flagged no current risk")
    if when.phase:
        because.append("treatment is at this phase: " + tree.phases[state.phase].label.lower())
    if when.level:
        because.append(f"the level is {level}")
    for key, _ in when.followup:
        question = next(q for q in tree.followup_questions() if q.id == key)
        answer = question.answer(state.followup(key) or "")
        because.append(f"to “{question.prompt}” you answered “{answer.label if answer else ''}”")
    return True, "; ".join(because)


def recommend(tree: Tree, state: State) -> Result:
    """The result for a complete state. Raises ``InvalidInput`` on an unknown value."""
    validate_state(tree, state)
    level = level_of(tree, state.signs)
    reasons: dict[str, list[str]] = {}
    triggers: dict[str, set[str]] = {}
    notes: dict[str, list[str]] = {}
    general_notes: list[str] = []
    for rule in tree.rules:
        holds, because = _matches(tree, rule.when, state, level.id)
        if not holds:
            continue
        why = f"{rule.because} (Because {because}.)" if because else rule.because
        for intervention in rule.add:
            reasons.setdefault(intervention, []).append(why)
            triggers.setdefault(intervention, set()).update(s for s in rule.when.signs_any if s in state.signs)
        if rule.note:
            if not rule.note_on:
                general_notes.append(f"{rule.note} (Because {because}.)" if because else rule.note)
            elif rule.note_on in reasons or rule.note_on in rule.add:
                notes.setdefault(rule.note_on, []).append(rule.note)
    # The order of the data file is the order of the advice: safety first, the urgent don'ts next.
    chosen = tuple(
        Recommended(
            tree.interventions[i],
            tuple(reasons[i]),
            tuple(notes.get(i, ())),
            tree.interventions[i].phrasings_for(state.signs, frozenset(triggers.get(i, ()))),
        )
        for i in tree.interventions
        if i in reasons
    )
    out_of_contact = any(tree.signs[s].out_of_contact for s in state.signs)
    return Result(
        state=state,
        level=level,
        safety=state.risk == "yes",
        interventions=chosen,
        level_reason=_level_reason(tree, state, level),
        notes=tuple(general_notes),
        keep_doing_heading=KEEP_DOING_IF_THEY_RETURN if out_of_contact else KEEP_DOING,
    )


def _level_reason(tree: Tree, state: State, level: Level) -> str:
    # Rule 12: with a risk, the level is what follows once safety is addressed, never a reassurance.
    lead = (
        "Safety first: you flagged a current concern about harm. Once safety is addressed, "
        if state.risk == "yes"
        else ""
    )
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
    return _matches(tree, when, state, level_of(tree, signs).id)[0]


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
