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

#: Risk as the command line may leave it: not stated, which every rule treats as "not sure" (spec v3).
RISK_NOT_STATED = "not-stated"
#: The risk a text is for: "yes" covers a risk, "not sure" and "not stated"; "any" fits both.
RISK_SCOPES = ("any", "yes", "no")

#: How a phrasing reaches the patient, or whom it is said to (spec v3, "Context").
CHANNELS = ("in-session", "call", "message", "voicemail", "letter", "colleague")
#: How the guide and the command line label a phrasing that is not for the room.
CHANNEL_LABELS = {
    "call": "On a call",
    "message": "By message",
    "voicemail": "Voicemail",
    "letter": "Letter",
    "colleague": "To a colleague",
}
#: Where the patient is, as the engine derives it from the answers; "in-session" when nothing says otherwise.
CONTACTS = ("in-session", "message", "unknown", "out-of-contact")
DEFAULT_CONTACT = "in-session"
#: Which channels a result shows for each contact, in the order they lead (rule 15). The order of
#: "unknown" depends on risk: a written reply leads when the patient may be at risk.
_SHOWN: dict[tuple[str, bool], tuple[str, ...]] = {
    ("in-session", False): ("in-session", "call", "colleague"),
    ("message", False): ("message", "voicemail", "call", "in-session", "colleague"),
    ("unknown", False): ("in-session", "call", "message", "voicemail", "colleague"),
    ("unknown", True): ("message", "voicemail", "in-session", "call", "colleague"),
    ("out-of-contact", False): ("message", "voicemail", "letter", "colleague"),
}


def channels_shown(contact: str, at_risk: bool) -> tuple[str, ...]:
    """The phrasing channels a result shows for ``contact``, the leading one first."""
    return _SHOWN.get((contact, at_risk)) or _SHOWN[(contact, False)]


def risk_fits(scope: str, at_risk: bool) -> bool:
    """Whether a text declared for ``scope`` (any, yes, no) may be shown."""
    return scope == "any" or (scope == "yes") == at_risk


@dataclass(frozen=True)
class Text:
    """A text a result can show (an action, a how, a pitfall), and the risk it is for (rule 14).

    A text may also be written for some signs only (``presupposes``): of the actions and hows, the
    first that fits is shown; of the pitfalls, every one that fits.
    """

    text: str
    risk: str = "any"
    presupposes: tuple[str, ...] = ()

    def fits(self, at_risk: bool, signs: frozenset[str] | None = frozenset()) -> bool:
        reported = signs or frozenset()
        return risk_fits(self.risk, at_risk) and (not self.presupposes or bool(reported & set(self.presupposes)))


#: What a step may rest on (issue 23: evidence labels), in the order they are named.
EVIDENCE_BASES = {"source": "the source text", "consensus": "clinical consensus", "research": "research"}


@dataclass(frozen=True)
class Evidence:
    """What a step rests on: the source text, clinical consensus or research, with a citation."""

    basis: str
    cite: str = ""
    #: The anchor of the citation on the references page.
    ref: str = ""


@dataclass(frozen=True)
class Avoid:
    """A "don't say" line: a common, well-meant response that does harm here, and why. Never copyable."""

    text: str
    why: str


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


FollowupCondition = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Phrasing:
    """A sample phrasing: shown when any sign it presupposes was reported, and none it does not fit,
    on a channel the contact allows (rule 15), for the risk at hand (rule 14)."""

    text: str
    presupposes: tuple[str, ...] = ()
    #: Signs in whose presence this phrasing would ring false (for example carrying on, to a patient who wants to end).
    not_with: tuple[str, ...] = ()
    channel: str = "in-session"
    risk: str = "any"
    #: Follow-up answers it needs (all of them), and answers that rule it out (any of them).
    followup: FollowupCondition = ()
    not_followup: FollowupCondition = ()
    #: Where the patient must be for it to fit (CONTACTS); empty: wherever its channel is shown. For
    #: example a call to a colleague to reach a patient, which rings false while they are in the room.
    contacts: tuple[str, ...] = ()

    def for_contact(self, contact: str) -> bool:
        return not self.contacts or contact in self.contacts

    @property
    def neutral(self) -> bool:
        """Presupposes nothing: fits whatever was reported."""
        return not (self.presupposes or self.not_with or self.followup or self.not_followup)

    def fits(self, signs: frozenset[str], followups: Mapping[str, str] | None = None) -> bool:
        if any(sign in signs for sign in self.not_with):
            return False
        answers = followups or {}
        if any(answers.get(key) not in values for key, values in self.followup):
            return False
        if any(answers.get(key) in values for key, values in self.not_followup):
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
    actions: tuple[Text, ...]
    hows: tuple[Text, ...]
    pitfall_texts: tuple[Text, ...]
    phrasings: tuple[Phrasing, ...]
    url: str
    standing: bool = False
    avoid: tuple[Avoid, ...] = ()
    #: The step that opens every result with a risk (rule 3): shown first, in the danger banner.
    safety: bool = False
    #: Out of contact, a step for the room waits until the patient comes back, and shows no phrasing.
    on_return_only: bool = False
    #: Every text of this step says which risk it is for (rule 14: it talks about ending, contact,
    #: referral or changing the work).
    risk_scoped: bool = False
    evidence: tuple[Evidence, ...] = ()

    def action_for(self, at_risk: bool, signs: frozenset[str] = frozenset()) -> str:
        return next((t.text for t in self.actions if t.fits(at_risk, signs)), "")

    def how_for(self, at_risk: bool, signs: frozenset[str] = frozenset()) -> str:
        return next((t.text for t in self.hows if t.fits(at_risk, signs)), "")

    def pitfalls_for(self, at_risk: bool, signs: frozenset[str] | None = None) -> tuple[str, ...]:
        """The pitfalls for the risk at hand; with ``signs``, only those that fit what was reported
        (without, as the reference pages list them: every one that fits the risk)."""
        return tuple(
            t.text
            for t in self.pitfall_texts
            if t.fits(at_risk, signs) or (signs is None and risk_fits(t.risk, at_risk))
        )

    @property
    def action(self) -> str:
        """The action without a risk, as the reference pages and the handout show it."""
        return self.action_for(False)

    @property
    def how(self) -> str:
        return self.how_for(False)

    @property
    def pitfalls(self) -> tuple[str, ...]:
        return self.pitfalls_for(False)

    def phrasings_for(
        self,
        signs: frozenset[str],
        triggers: frozenset[str] = frozenset(),
        *,
        followups: Mapping[str, str] | None = None,
        at_risk: bool = False,
        channels: tuple[str, ...] = ("in-session", "call", "colleague"),
        contact: str = DEFAULT_CONTACT,
    ) -> tuple[Phrasing, ...]:
        """The phrasings that fit what was reported, the risk and the contact, best first.

        The channel the contact leads with comes first (rule 15); within a channel, those about
        a sign that brought this step into the result (``triggers``), then those about another
        reported sign or answer, then those that presuppose nothing; within each, the tree's order.
        """
        fitting = [
            p
            for p in self.phrasings
            if p.channel in channels
            and p.for_contact(contact)
            and risk_fits(p.risk, at_risk)
            and p.fits(signs, followups)
        ]

        def rank(phrasing: Phrasing) -> tuple[int, int]:
            if not (phrasing.presupposes or phrasing.followup):
                specific = 2
            else:
                specific = 0 if set(phrasing.presupposes) & triggers else 1
            return channels.index(phrasing.channel), specific

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
    followup: FollowupCondition = ()
    #: None of these signs was reported.
    signs_none: tuple[str, ...] = ()
    #: Where the patient is (a contact ID), as derived by the tree's [[contacts]].
    contact: tuple[str, ...] = ()
    #: These follow-up questions were not answered.
    unanswered: tuple[str, ...] = ()
    #: At least two of these interventions are in the result (checked once the steps are known).
    two_of: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.risk
            or self.phase
            or self.level
            or self.signs_any
            or self.followup
            or self.signs_none
            or self.contact
            or self.unanswered
            or self.two_of
        )


@dataclass(frozen=True)
class Rule:
    """Adds interventions, or a note on one of them, when its condition holds."""

    id: str
    when: Condition
    add: tuple[str, ...]
    because: str
    note: str = ""
    #: The intervention the note is on; empty: a note on the whole result, shown before the steps.
    note_on: str = ""
    #: The steps it adds come first, right after the safety step (rule 9: a lapse of your own).
    first: bool = False
    #: Its note on a step shows at a glance; otherwise behind the step's disclosure, with the detail.
    glance: bool = False


@dataclass(frozen=True)
class ContactRule:
    """How the engine works out where the patient is: the first whose condition holds gives the contact."""

    contact: str
    when: Condition
    #: What the result withholds in this contact, and why (rule 15), for the rationale.
    withheld: str


@dataclass(frozen=True)
class SafetyMessage:
    """The message template for a patient at risk who is not in the room (rule 14)."""

    #: After a message from the patient, and when nothing was received (a silence, a missed session).
    received: str
    not_received: str
    #: What stands beside it: a reply is not an assessment.
    beside: str
    #: When it answers a message the patient sent (otherwise nothing was received).
    received_when: Condition
    #: Signs that call for it even with the patient in session (a missed session: same-day contact).
    signs_any: tuple[str, ...]
    #: The rationale's sentence on what a risk withholds.
    withheld: str


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
    contacts: tuple[ContactRule, ...] = ()
    safety_message: SafetyMessage | None = None
    #: Out of contact, what a step for the room says instead of its phrasings.
    on_return_note: str = ""
    #: What every result's rationale says the levels are (a heuristic, not a validated scale).
    levels_note: str = ""

    def level_rank(self, level: str) -> int:
        return LEVEL_ORDER.index(level)

    def conflict(self, signs: frozenset[str] | set[str]) -> Exclusive | None:
        """The first group of which ``signs`` holds more than one, if any."""
        return next((group for group in self.exclusive if len(signs & set(group.signs)) > 1), None)

    def exclusive_group(self, sign: str) -> Exclusive | None:
        return next((group for group in self.exclusive if sign in group.signs), None)

    def followup_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions.values() if q.sets == "followup")
