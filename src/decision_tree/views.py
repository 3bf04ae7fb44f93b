"""The typed contract between the engine and everything that shows it.

These are the shapes the command line prints with ``--json`` and that the browser's
Web Worker posts to the page. They are plain JSON: dicts, lists, strings, numbers
and booleans, with the public IDs of the spec (decision-guide.md).

The JavaScript side (``guide/js/``) relies on exactly this:

Requests, from the page to the worker (``browser.handle``)::

    {"type": "view", "fragment": "<URL fragment without #>", "root": "../"}
    {"type": "answer", "fragment": "...", "root": "../", "question": "<question ID>", "values": ["<ID>", ...]}

Practice mode (``practice.py``) shows cases rendered at build time, and sends an answer with
the case it answers, as the page lists it (``case``: ``{"id", "title", "situation",
"fragment"}``, the fragment being the case's guide link), and where it stands in the list
(``position`` from 1, of ``total``)::

    {"type": "practice-feedback", "case": {...}, "position": 1, "total": 18, "root": "../../",
     "level": "<level ID>", "interventions": ["<intervention ID>", ...]}

and, at the end of a set, the ``result`` of each case answered (kept in page memory only)::

    {"type": "practice-summary", "results": [{...}, ...], "total": 18, "root": "../../"}

Replies, from the worker to the page: a ``GuideMessage``, which is either

- a ``View`` (``state`` is ``"question"`` or ``"result"``) plus ``html`` (the view,
  rendered and escaped by ``render.py``; the page only inserts it) and ``platform``
  (``sys.platform``: ``"emscripten"`` under Pyodide); the page reads ``state``,
  ``fragment`` (written to the address bar), ``question.step``, ``question.at_most``,
  ``question.prompt`` and ``result.level_title`` (for announcements); or
- a ``Failure``: ``{"state": "error", "message": "...", "platform": "..."}``, for
  anything that went wrong in Python. The page shows the message and the link to
  the page of all pathways; it never hangs.

- a ``PracticeView`` for a practice answer: ``state`` ``"feedback"``, the ``feedback``, the
  case's ``result`` (which the page keeps for the summary), plus ``announcement``, ``html`` and
  ``platform``; or a ``PracticeSummaryMessage`` (``state`` ``"summary"``) for a set's summary. The
  page reads ``state``, ``result`` and ``announcement``. An unknown level or intervention is a
  ``Failure``.

The worker's own start-up messages (``{"type": "ready", "platform"}`` and
``{"type": "failed", "kind", "message", "file"?}``) are documented in ``guide/js/engine.mjs``,
which turns every failure, a ``Failure`` reply included (as kind ``request``), into one
``decision-guide:status`` event with one error shape.
"""

from __future__ import annotations

from typing import Literal, TypedDict


class PhrasingView(TypedDict):
    text: str
    #: ``in-session``, ``call``, ``message``, ``voicemail``, ``letter`` or ``colleague`` (spec v3, rule 15).
    channel: str


class AvoidView(TypedDict):
    """A "don't say" line and why: shown behind the step's disclosure, never copyable."""

    text: str
    why: str


class EvidenceView(TypedDict):
    """What a step rests on: ``basis`` is ``source``, ``consensus`` or ``research``."""

    basis: str
    cite: str
    #: Relative to the site's root: the citation's entry on the references page, or "".
    url: str


class InterventionView(TypedDict):
    id: str
    title: str
    #: The one line a result shows at a glance, chosen for the risk at hand (rule 14).
    action: str
    how: str
    pitfalls: list[str]
    #: Only the phrasings that fit what was reported (rule 10), the risk (rule 14) and where the
    #: patient is (rule 15), the one to lead with first.
    phrasings: list[PhrasingView]
    avoid: list[AvoidView]
    evidence: list[EvidenceView]
    #: Relative to the site's root, ending in ``#<id>``.
    url: str
    #: A standing practice, shown apart as what to keep doing (rules 4 and 9).
    standing: bool
    #: The safety step, shown first in the danger banner (rule 3).
    safety: bool
    #: Out of contact, a step for the room that waits for the patient's return (rule 15).
    on_return: bool
    why: list[str]
    #: Every note on this step; those of ``glance_notes`` show at a glance, the others behind the disclosure.
    notes: list[str]
    glance_notes: list[str]


class SafetyMessageView(TypedDict):
    """The message for a patient at risk who is not in the room (rule 14), with its blanks listed."""

    text: str
    channel: str
    placeholders: list[str]
    #: What stands beside it: a reply is not an assessment.
    beside: str


class ResultView(TypedDict):
    """``python -m decision_tree recommend --json``."""

    level: str
    level_title: str
    level_summary: str
    level_url: str
    safety: bool
    #: ``yes``, ``no`` or ``not-stated`` (the command line without ``--risk``; treated as not sure).
    risk: str
    phase: str
    signs: list[str]
    #: The signs in their short words ("a missed session"), in the tree's order, for a one-line recap.
    noted: list[str]
    followups: dict[str, str]
    #: Where the patient is: ``in-session``, ``message``, ``unknown`` or ``out-of-contact`` (spec v3).
    contact: str
    interventions: list[InterventionView]
    keep_doing_heading: str
    rationale: list[str]
    #: Notes on the whole result, shown before the steps.
    notes: list[str]
    safety_message: SafetyMessageView | None


class AnswerView(TypedDict):
    value: str
    label: str
    help: str


class GroupView(TypedDict):
    """Signs that exclude each other (rule 13), offered as one choice; ``none_label`` is the first option."""

    id: str
    prompt: str
    none_label: str
    answers: list[AnswerView]


class QuestionView(TypedDict):
    id: str
    kind: Literal["single", "multi"]
    prompt: str
    help: str
    answers: list[AnswerView]
    groups: list[GroupView]
    step: int
    at_most: int


class AnsweredView(TypedDict):
    question: str
    prompt: str
    answers: list[str]


class View(TypedDict):
    """What the guide shows for a fragment: a question or a result, never an error."""

    state: Literal["question", "result"]
    #: Parts of the link that were not understood, described for the reader.
    ignored: list[str]
    #: The fragment of the previous question, or ``None`` on the first.
    back: str | None
    risk_flagged: bool
    answers: list[AnsweredView]
    question: QuestionView | None
    result: ResultView | None
    #: The canonical fragment of this view, for the address bar.
    fragment: str


class GuideMessage(View):
    html: str
    platform: str


class Failure(TypedDict):
    state: Literal["error"]
    message: str
    platform: str


class PracticeItemView(TypedDict):
    id: str
    title: str
    #: Relative to the site's root, ending in ``#<id>``.
    url: str
    #: Why it belongs to the case (the engine's rationale or the case's key), or why it does not fit.
    reason: str
    #: "matched", "missed" or "held-back" (a step of the guide's), "added", "chosen" (a defensible
    #: step the trainee chose) or "" (not chosen, or not a choice).
    mark: str
    #: What is said of this step alone (``reason`` may be shared with the next steps), and, for a
    #: step held back, why that is defensible in this case; else "".
    note: str


class PracticeFeedbackView(TypedDict):
    """How a trainee's answer compares with the engine's result and the case's key (``practice.feedback``)."""

    level: str
    level_title: str
    level_url: str
    level_reason: str
    #: How the guide read the case, in words: phase, risk and signs.
    reading: str
    chosen_level: str
    chosen_level_title: str
    level_right: bool
    safety: bool
    #: A risk case answered without the safety step: failed, whatever the points (``score`` is None).
    failed: bool
    #: The guide's steps for the case, in order, then any standing practice the case is about; each marked.
    steps: list[PracticeItemView]
    added: list[PracticeItemView]
    #: Every step beyond the guide's that a supervisor would accept here, with the case's reason.
    defensible: list[PracticeItemView]
    standing: list[PracticeItemView]
    keep_doing_heading: str
    #: 0 to 100: half for the level, half for matched / (expected + added); None when failed.
    score: int | None
    score_explained: str


class PracticeResultView(TypedDict):
    """What the page keeps of an answered case, in memory only, and sends back for the summary."""

    case_id: str
    title: str
    score: int | None
    failed: bool
    missed: list[str]


class PracticeView(TypedDict):
    state: Literal["feedback"]
    case_id: str
    feedback: PracticeFeedbackView
    result: PracticeResultView
    #: What a screen reader hears once the feedback shows.
    announcement: str
    html: str
    platform: str


class PracticeSummaryView(TypedDict):
    """The end of a set (``practice.summary``): computed in Python from the results the page kept."""

    cases_done: int
    total: int
    #: The mean of the scored cases (a failed case has no score), or None.
    mean_score: int | None
    #: The titles of the cases failed for leaving out safety.
    failed: list[str]
    most_missed: list[PracticeItemView]


class PracticeSummaryMessage(TypedDict):
    state: Literal["summary"]
    summary: PracticeSummaryView
    announcement: str
    html: str
    platform: str


# --- Prepare for supervision (consult.py, the page guide/consult/) ------------------------------


class ConsultBlankView(TypedDict):
    """A blank of the consultation card: a textarea on screen, lines on paper."""

    id: str
    label: str
    help: str
    lines: int


class ConsultNoteView(TypedDict):
    """A neutral note for the record, with only the lines that fit the situation, and what to leave out."""

    id: str
    title: str
    lines: list[str]
    leave_out: list[str]


class ConsultSituationView(TypedDict):
    """The situation, from a result's answers: what the card summarises."""

    risk: str
    risk_label: str
    phase_label: str
    noted: list[str]
    followups: list[AnsweredView]
    level: str
    level_title: str
    #: The titles of the steps the guide suggested, in order (safety first), without the standing practices.
    steps: list[str]


class ConsultView(TypedDict):
    """What ``guide/consult/`` shows for a guide link. The request, from the page to the worker, is::

        {"type": "consult", "fragment": "<URL fragment without #>", "root": "../../"}

    ``state`` is ``"card"`` for a result, ``"unfinished"`` for answers that stop before one, and
    ``"no-answers"`` for a link with none; only ``"card"`` has a situation, blanks and notes.
    """

    state: Literal["card", "unfinished", "no-answers"]
    fragment: str
    ignored: list[str]
    title: str
    lead: str
    reminder: str
    #: With a risk (or not sure), what comes before the card; otherwise "".
    risk_first: str
    level_note: str
    situation: ConsultSituationView | None
    blanks: list[ConsultBlankView]
    notes: list[ConsultNoteView]


class ConsultMessage(ConsultView):
    """The reply to a ``consult`` request: the view, its HTML (rendered and escaped by ``consult.py``), ``platform``."""

    html: str
    platform: str
