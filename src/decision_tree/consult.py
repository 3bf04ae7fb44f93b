"""The page "Prepare for supervision" (``guide/consult/``): a consultation card and a note for the record.

The texts are clinical content and live in ``consult.toml``, beside the tree; this module reads
and checks them against the tree (``parse_consult``: every problem named by file and entry, as
``TreeError``), chooses what fits a guide result (``consult_view``: which blanks and which notes
apply is decided here, never in the browser) and renders the page's part (``consult_html``, every
text escaped). The browser asks for it through ``browser.handle`` (``{"type": "consult"}``); what a
clinician types into the blanks never reaches Python, and nothing here stores or sends anything.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from . import api
from .errors import Problem, TreeError
from .loader import ID_PATTERN, load_tree
from .model import CONTACTS, Condition, Tree
from .render import _e
from .views import ConsultBlankView, ConsultNoteView, ConsultSituationView, ConsultView

CONSULT_FILE = "consult.toml"
#: The condition keys a consult.toml entry may use: those of tree.toml's rules that a result can decide.
CONDITION_KEYS = ("risk", "phase", "level", "contact", "signs_any", "signs_none", "followup", "unanswered")
RISKS = ("yes", "no", "not-stated")
#: A blank's height in lines: enough to write in, and still one printed page.
MAX_LINES = 4


@dataclass(frozen=True)
class Line:
    """A line of a note (or of what to leave out), and when it applies."""

    text: str
    when: Condition


@dataclass(frozen=True)
class Blank:
    """A blank of the consultation card, for a textarea or pen and paper."""

    id: str
    label: str
    help: str
    lines: int
    when: Condition


@dataclass(frozen=True)
class Note:
    """A neutral note for the record, fitted to a situation: the note's lines and what stays out."""

    id: str
    title: str
    when: Condition
    lines: tuple[Line, ...]
    leave_out: tuple[Line, ...]


@dataclass(frozen=True)
class Card:
    title: str
    lead: str
    reminder: str
    risk_first: str
    level_note: str
    blanks: tuple[Blank, ...]


@dataclass(frozen=True)
class Consult:
    card: Card
    notes: tuple[Note, ...]


# --- Reading and checking consult.toml --------------------------------------------------------


class _Reader:
    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.problems: list[Problem] = []

    def problem(self, entry: str, message: str) -> None:
        self.problems.append(Problem(entry, message))

    def table(self, raw: Any, entry: str) -> dict[str, Any]:
        if isinstance(raw, dict):
            return raw
        self.problem(entry, f"expected a table, found {type(raw).__name__}")
        return {}

    def keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], entry: str) -> None:
        for key in table:
            if key not in allowed:
                self.problem(entry, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, table: Mapping[str, Any], key: str, entry: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{entry}.{key}", "expected non-empty text")
            return ""
        return value.strip()

    def values(
        self, table: Mapping[str, Any], key: str, entry: str, known: tuple[str, ...], what: str
    ) -> tuple[str, ...]:
        raw = table.get(key, [])
        raw = [raw] if isinstance(raw, str) else raw
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.problem(f"{entry}.{key}", "expected a text or a list of texts")
            return ()
        if raw == ["any"] and key in ("risk", "contact"):
            return ()
        for value in raw:
            if value not in known:
                self.problem(f"{entry}.{key}", f"unknown {what} '{value}' (known: {', '.join(known)})")
        return tuple(raw)

    def condition(self, raw: Any, entry: str) -> Condition:
        if raw is None:
            return Condition()
        table = self.table(raw, entry)
        self.keys(table, CONDITION_KEYS, entry)
        tree = self.tree
        signs = tuple(tree.signs)
        followups = {q.id: tuple(a.value for a in q.answers) for q in tree.followup_questions()}
        followup: list[tuple[str, tuple[str, ...]]] = []
        for key, value in self.table(table.get("followup", {}), f"{entry}.followup").items():
            if key not in followups:
                self.problem(f"{entry}.followup", f"unknown follow-up question '{key}' (known: {', '.join(followups)})")
                continue
            followup.append((key, self.values({key: value}, key, f"{entry}.followup", followups[key], "answer")))
        return Condition(
            risk=self.values(table, "risk", entry, RISKS, "risk value"),
            phase=self.values(table, "phase", entry, tuple(tree.phases), "phase"),
            level=self.values(table, "level", entry, tuple(tree.levels), "level"),
            signs_any=self.values(table, "signs_any", entry, signs, "sign"),
            followup=tuple(followup),
            signs_none=self.values(table, "signs_none", entry, signs, "sign"),
            contact=self.values(table, "contact", entry, CONTACTS, "contact"),
            unanswered=self.values(table, "unanswered", entry, tuple(followups), "follow-up question"),
        )

    def lines(self, table: Mapping[str, Any], key: str, entry: str) -> tuple[Line, ...]:
        raw = table.get(key)
        if not isinstance(raw, list) or not raw:
            self.problem(f"{entry}.{key}", 'expected a list of texts or { text = "...", when = { ... } }')
            return ()
        lines = []
        for index, item in enumerate(raw):
            item_entry = f"{entry}.{key}[{index}]"
            if isinstance(item, str):
                item = {"text": item}
            item = self.table(item, item_entry)
            self.keys(item, ("text", "when"), item_entry)
            lines.append(
                Line(self.text(item, "text", item_entry), self.condition(item.get("when"), f"{item_entry}.when"))
            )
        return tuple(lines)

    def identifier(self, table: Mapping[str, Any], entry: str, seen: set[str]) -> str:
        value = table.get("id")
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.problem(f"{entry}.id", "expected an ID: lowercase letters, digits and single hyphens")
            return ""
        if value in seen:
            self.problem(f"{entry}.id", f"duplicate ID '{value}'")
        seen.add(value)
        return value


def _entries(read: _Reader, raw: Any, entry: str) -> list[tuple[str, dict[str, Any]]]:
    """A list of tables, each named by its ID when it has one (``notes[wish-to-end]``), else by its place."""
    if not isinstance(raw, list) or not raw:
        read.problem(entry, "expected a list of entries ([[...]])")
        return []
    named = []
    for index, item in enumerate(raw):
        table = read.table(item, f"{entry}[{index}]")
        key = table.get("id")
        named.append((f"{entry}[{key if isinstance(key, str) and key else index}]", table))
    return named


def parse_consult(text: str, tree: Tree, *, source: str = CONSULT_FILE) -> Consult:
    """Read and check consult.toml against the tree; raise ``TreeError`` listing every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TreeError(source, [Problem("TOML syntax", str(error))]) from None
    read = _Reader(tree)
    read.keys(raw, ("card", "notes"), "top level")
    card = read.table(raw.get("card"), "card")
    read.keys(card, ("title", "lead", "reminder", "risk_first", "level_note", "blanks"), "card")
    blanks, seen = [], set[str]()
    for entry, table in _entries(read, card.get("blanks"), "card.blanks"):
        read.keys(table, ("id", "label", "help", "lines", "when"), entry)
        lines = table.get("lines", 2)
        if not isinstance(lines, int) or isinstance(lines, bool) or not 1 <= lines <= MAX_LINES:
            read.problem(f"{entry}.lines", f"expected a whole number from 1 to {MAX_LINES}")
            lines = 2
        blank_id = read.identifier(table, entry, seen)
        label, help_text = read.text(table, "label", entry), read.text(table, "help", entry)
        blanks.append(Blank(blank_id, label, help_text, lines, read.condition(table.get("when"), f"{entry}.when")))
    notes, seen = [], set()
    for entry, table in _entries(read, raw.get("notes"), "notes"):
        read.keys(table, ("id", "title", "when", "lines", "leave_out"), entry)
        notes.append(
            Note(
                id=read.identifier(table, entry, seen),
                title=read.text(table, "title", entry),
                when=read.condition(table.get("when"), f"{entry}.when"),
                lines=read.lines(table, "lines", entry),
                leave_out=read.lines(table, "leave_out", entry),
            )
        )
    texts = {key: read.text(card, key, "card") for key in ("title", "lead", "reminder", "risk_first", "level_note")}
    if read.problems:
        raise TreeError(source, read.problems)
    return Consult(Card(**texts, blanks=tuple(blanks)), tuple(notes))


def consult_text() -> str:
    """consult.toml as shipped inside the package, read through its loader (it works from the wheel's zip too)."""
    loader = cast(Any, __spec__.loader)
    data: bytes = loader.get_data(str(Path(__file__).with_name(CONSULT_FILE)))
    return data.decode("utf-8")


@cache
def load_consult() -> Consult:
    """The texts shipped inside the package, checked against the shipped tree (read once, then cached)."""
    return parse_consult(consult_text(), load_tree())


# --- Choosing what fits a result --------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What a condition is checked against: a result's answers, its level and where the patient is."""

    risk: str
    phase: str
    level: str
    contact: str
    signs: frozenset[str]
    followups: Mapping[str, str]


def holds(when: Condition, facts: Facts) -> bool:
    """Whether a condition holds, with the meaning of tree.toml's rules ("yes" holds with any risk but "no")."""
    at_risk = facts.risk != "no"
    if when.risk and not (
        ("yes" in when.risk and at_risk) or ("no" in when.risk and not at_risk) or facts.risk in when.risk
    ):
        return False
    return (
        (not when.phase or facts.phase in when.phase)
        and (not when.level or facts.level in when.level)
        and (not when.contact or facts.contact in when.contact)
        and (not when.signs_any or bool(facts.signs & set(when.signs_any)))
        and not facts.signs & set(when.signs_none)
        and all(facts.followups.get(key) in values for key, values in when.followup)
        and not any(key in facts.followups for key in when.unanswered)
    )


def notes_for(consult: Consult, facts: Facts) -> list[ConsultNoteView]:
    """Every note whose condition holds, in the file's order, with only the lines that fit."""
    return [
        {
            "id": note.id,
            "title": note.title,
            "lines": [line.text for line in note.lines if holds(line.when, facts)],
            "leave_out": [line.text for line in note.leave_out if holds(line.when, facts)],
        }
        for note in consult.notes
        if holds(note.when, facts)
    ]


def consult_view(tree: Tree, consult: Consult, link_fragment: str) -> ConsultView:
    """What the page shows for a guide link: the card and the notes for a result, or why there are none."""
    view = api.view(tree, link_fragment)
    card = consult.card
    shown: ConsultView = {
        "state": "no-answers",
        "fragment": view["fragment"],
        "ignored": list(view["ignored"]),
        "title": card.title,
        "lead": card.lead,
        "reminder": card.reminder,
        "risk_first": "",
        "level_note": card.level_note,
        "situation": None,
        "blanks": [],
        "notes": [],
    }
    result = view["result"]
    if result is None:
        shown["state"] = "unfinished" if view["answers"] else "no-answers"
        return shown
    facts = Facts(
        result["risk"],
        result["phase"],
        result["level"],
        result["contact"],
        frozenset(result["signs"]),
        dict(result["followups"]),
    )
    answers = {a["question"]: a for a in view["answers"]}
    situation: ConsultSituationView = {
        "risk": result["risk"],
        "risk_label": ", ".join(answers["risk"]["answers"]) if "risk" in answers else "not stated",
        "phase_label": tree.phases[result["phase"]].label,
        "noted": list(result["noted"]),
        "followups": [
            {"question": q.id, "prompt": q.prompt, "answers": list(answers[q.id]["answers"])}
            for q in tree.followup_questions()
            if q.id in answers
        ],
        "level": result["level"],
        "level_title": result["level_title"],
        "steps": [i["title"] for i in result["interventions"] if not i["standing"]],
    }
    shown["state"] = "card"
    shown["risk_first"] = card.risk_first if result["safety"] else ""
    shown["situation"] = situation
    shown["blanks"] = [
        {"id": b.id, "label": b.label, "help": b.help, "lines": b.lines} for b in card.blanks if holds(b.when, facts)
    ]
    shown["notes"] = notes_for(consult, facts)
    return shown


# --- The page's HTML --------------------------------------------------------------------------


def _marked(text: str) -> str:
    """Escape a text, marking each [blank] for the reader to fill in."""
    out, rest = [], text
    while "[" in rest and "]" in rest[rest.index("[") :]:
        start = rest.index("[")
        end = rest.index("]", start)
        out += [_e(rest[:start]), f'<mark class="consult-blank-mark">{_e(rest[start : end + 1])}</mark>']
        rest = rest[end + 1 :]
    return "".join([*out, _e(rest)])


def _blank(blank: ConsultBlankView) -> str:
    """A labelled textarea, and its twin for print (consult.mjs copies what is typed): lines when empty."""
    bid = _e(blank["id"])
    return (
        f'<div class="consult-blank" data-blank="{bid}" style="--consult-lines: {int(blank["lines"])}">'
        f'<label class="consult-blank__label" for="consult-{bid}">{_e(blank["label"])}</label>'
        f'<p class="consult-blank__help" id="consult-{bid}-help">{_e(blank["help"])}</p>'
        f'<textarea id="consult-{bid}" rows="{int(blank["lines"])}" aria-describedby="consult-{bid}-help" '
        'autocomplete="off" spellcheck="false"></textarea>'
        '<div class="consult-blank__print" aria-hidden="true"></div></div>'
    )


def _situation(view: ConsultView, root: str) -> str:
    situation = view["situation"]
    assert situation is not None
    noted = "; ".join(situation["noted"]) or "no sign of a rupture"
    rows = [
        ("Risk", situation["risk_label"]),
        ("Phase", situation["phase_label"]),
        ("Noted", noted),
        *((f["prompt"], ", ".join(f["answers"])) for f in situation["followups"]),
        ("Level", f"{situation['level_title']}. {view['level_note']}"),
        ("The guide suggested", "; ".join(situation["steps"]) or "no step of its own: the standing practices"),
    ]
    items = "".join(f"<dt>{_e(term)}</dt><dd>{_e(value)}</dd>" for term, value in rows)
    back = f"{_e(root)}guide/#{_e(view['fragment'])}"
    return (
        '<h3 class="consult-part" id="consult-situation">The situation</h3>'
        f'<dl class="consult-situation" data-risk="{_e(situation["risk"])}" data-level="{_e(situation["level"])}">'
        f'{items}</dl><p class="consult-back"><a href="{back}">Open this result in the guide</a></p>'
    )


def _note(note: ConsultNoteView) -> str:
    lines = "".join(f"<li>{_marked(line)}</li>" for line in note["lines"])
    leave = "".join(f"<li>{_e(line)}</li>" for line in note["leave_out"])
    return (
        f'<div class="consult-note" data-note="{_e(note["id"])}">'
        f'<h4 class="consult-note__title">{_e(note["title"])}</h4>'
        f'<ul class="consult-note__lines">{lines}</ul>'
        '<p class="consult-note__leave"><strong>Leave out:</strong></p>'
        f'<ul class="consult-note__leave-list">{leave}</ul>'
        "</div>"
    )


def consult_html(view: ConsultView, root: str) -> str:
    """The card and the note for a result; for a link without a result, a short explanation and a way to the guide."""
    guide = f"{_e(root)}guide/"
    if view["state"] != "card":
        if view["state"] == "unfinished":
            why = (
                "These answers do not reach a result yet. Finish the questions in the guide, "
                "then choose “Prepare for supervision” on the result."
            )
            link = (
                f'<a class="md-button md-button--primary" href="{guide}#{_e(view["fragment"])}">Go on in the guide</a>'
            )
        else:
            why = (
                "This page prepares a consultation card from a result of the decision guide, and this link "
                "holds no answers. Answer the guide's questions, then choose “Prepare for supervision” on the result."
            )
            link = f'<a class="md-button md-button--primary" href="{guide}">Open the decision guide</a>'
        return (
            f'<div class="consult-empty" data-consult-empty="{_e(view["state"])}"><p>{_e(why)}</p><p>{link}</p></div>'
        )
    risk = (
        f'<div class="admonition danger consult-risk" role="note"><p class="admonition-title">Safety first</p>'
        f"<p>{_e(view['risk_first'])}</p></div>"
        if view["risk_first"]
        else ""
    )
    blanks = "".join(_blank(blank) for blank in view["blanks"])
    notes = "".join(_note(note) for note in view["notes"])
    return (
        f'{risk}<section id="consult-card" class="consult-card" aria-labelledby="consult-card-title">'
        f'<h2 id="consult-card-title" class="consult-card__title" tabindex="-1">{_e(view["title"])}</h2>'
        f'<p class="consult-lead">{_e(view["lead"])}</p>'
        f'<p class="consult-reminder"><strong>{_e(view["reminder"])}</strong></p>'
        f"{_situation(view, root)}"
        '<h3 class="consult-part" id="consult-blanks">For supervision</h3>'
        f'<div class="consult-blanks">{blanks}</div></section>'
        '<section id="note-template" class="consult-notes" aria-labelledby="note-template-title">'
        '<h2 id="note-template-title" class="consult-notes__title">A note for the record</h2>'
        '<p class="consult-notes__lead">A neutral template, fitted to this situation: write only what was observed '
        "and done, in your service's record system. Replace each [bracket]; leave out what does not apply.</p>"
        f"{notes}</section>"
    )
