"""The typed, immutable model of the decision tree.

Everything the engine knows comes from the tree data file; the loader turns it
into these frozen dataclasses, and nothing changes them afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

#: The levels, from least to most serious. Their order is part of the rules.
LEVEL_ORDER: tuple[str, ...] = ("primary", "secondary", "tertiary")

#: The fields of a state that a question can set.
Field = Literal["risk", "phase", "signs", "followup"]

#: Where a path through the questions ends.
RESULT = "result"
#: The link key that gives every sign at once, as in shareable links and on the command line.
SIGNS_KEY = "signs"
#: What a multiple-choice question about signs is answered with when nothing applies.
NONE = "none"


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class Phase:
    id: str
    label: str


@dataclass(frozen=True)
class Sign:
    id: str
    label: str
    short: str
    level: str
    url: str
    #: The patient is out of contact: the standing practices then wait until they come back.
    out_of_contact: bool = False


@dataclass(frozen=True)
class Phrasing:
    """A sample phrasing: shown when any sign it presupposes was reported, and none it does not fit."""

    text: str
    presupposes: tuple[str, ...] = ()
    #: Signs in whose presence this phrasing would ring false (for example carrying on, to a patient who wants to end).
    not_with: tuple[str, ...] = ()

    def fits(self, signs: frozenset[str]) -> bool:
        if any(sign in signs for sign in self.not_with):
            return False
        return not self.presupposes or any(sign in signs for sign in self.presupposes)


@dataclass(frozen=True)
class Intervention:
    """A step the guide can recommend. ``title`` is its one name everywhere on the site.

    ``action`` is the one line a result shows at a glance; ``how`` and ``pitfalls``
    are the detail behind it. A ``standing`` practice belongs to every result and is
    shown apart, as what to keep doing.
    """

    id: str
    title: str
    action: str
    how: str
    pitfalls: tuple[str, ...]
    phrasings: tuple[Phrasing, ...]
    url: str
    standing: bool = False

    def phrasings_for(self, signs: frozenset[str], triggers: frozenset[str] = frozenset()) -> tuple[Phrasing, ...]:
        """The phrasings that fit what was reported, best first.

        First those about a sign that brought this step into the result (``triggers``), then
        those about another reported sign, then those that presuppose nothing; within each,
        the order of the tree.
        """
        fitting = [p for p in self.phrasings if p.fits(signs)]

        def rank(phrasing: Phrasing) -> int:
            if not phrasing.presupposes:
                return 2
            return 0 if set(phrasing.presupposes) & triggers else 1

        return tuple(sorted(fitting, key=rank))


@dataclass(frozen=True)
class Exclusive:
    """Signs that exclude each other: the guide offers them as one choice."""

    id: str
    signs: tuple[str, ...]
    prompt: str
    none_label: str
    because: str


@dataclass(frozen=True)
class Condition:
    """When a rule fires or a question is asked. Empty parts always match."""

    risk: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    signs_any: tuple[str, ...] = ()
    followup: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.risk or self.phase or self.level or self.signs_any or self.followup)


@dataclass(frozen=True)
class Rule:
    """Adds interventions, or a note on one of them, when its condition holds."""

    id: str
    when: Condition
    add: tuple[str, ...]
    because: str
    note: str = ""
    note_on: str = ""


@dataclass(frozen=True)
class Answer:
    value: str
    label: str
    help: str = ""
    next: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: Literal["single", "multi"]
    sets: Field
    prompt: str
    help: str
    answers: tuple[Answer, ...]
    next: str
    ask_if: Condition = field(default_factory=Condition)

    def answer(self, value: str) -> Answer | None:
        return next((a for a in self.answers if a.value == value), None)

    def next_after(self, values: tuple[str, ...]) -> str:
        """Where the path goes after this question was answered with ``values``."""
        if self.kind == "single" and values:
            chosen = self.answer(values[0])
            if chosen is not None and chosen.next:
                return chosen.next
        return self.next

    def successors(self) -> tuple[str, ...]:
        """Every place the path can go from here, whatever the answer."""
        targets = [self.next] + [a.next for a in self.answers if a.next]
        return tuple(dict.fromkeys(t for t in targets if t))


@dataclass(frozen=True)
class Tree:
    source: str
    start: str
    max_questions: int
    levels: Mapping[str, Level]
    phases: Mapping[str, Phase]
    signs: Mapping[str, Sign]
    interventions: Mapping[str, Intervention]
    rules: tuple[Rule, ...]
    questions: Mapping[str, Question]
    exclusive: tuple[Exclusive, ...] = ()
    risk_values: tuple[str, ...] = ("yes", "no")

    def level_rank(self, level: str) -> int:
        return LEVEL_ORDER.index(level)

    def conflict(self, signs: frozenset[str] | set[str]) -> Exclusive | None:
        """The first group of which ``signs`` holds more than one, if any."""
        return next((group for group in self.exclusive if len(signs & set(group.signs)) > 1), None)

    def exclusive_group(self, sign: str) -> Exclusive | None:
        return next((group for group in self.exclusive if sign in group.signs), None)

    def followup_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions.values() if q.sets == "followup")
