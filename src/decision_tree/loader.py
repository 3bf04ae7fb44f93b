"""Read the tree data file into the typed model, and refuse an invalid tree.

The data file is meant to be edited by clinicians, so every problem is reported
with the file, the entry (``questions[attendance].next``) and what is wrong,
all problems at once. Structural checks of the question graph live in
``checks.py``; this module checks the shape and the references of each entry.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

from . import checks
from .errors import Problem, TreeError
from .model import (
    CHANNELS,
    CONTACTS,
    EVIDENCE_BASES,
    LEVEL_ORDER,
    RESULT,
    RISK_NOT_STATED,
    RISK_SCOPES,
    Answer,
    Avoid,
    Condition,
    ContactRule,
    Evidence,
    Exclusive,
    Field,
    FollowupCondition,
    Intervention,
    Level,
    Phase,
    Phrasing,
    Question,
    Rule,
    SafetyMessage,
    Sign,
    Text,
    Tree,
    channels_shown,
    risk_fits,
)

T = TypeVar("T")
TREE_FILE = "tree.toml"
FIELDS: tuple[Field, ...] = ("risk", "phase", "signs", "followup")
#: Public IDs appear in links and anchors: lowercase words joined by hyphens, nothing to escape.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TOP_LEVEL_KEYS = {
    "start",
    "max_questions",
    "levels",
    "phases",
    "signs",
    "exclusive",
    "interventions",
    "rules",
    "questions",
    "contacts",
    "on_return_note",
    "levels_note",
    "safety_message",
}
#: Words that show a text is about ending, stopping or putting off contact, referral or changing the
#: work (rule 14): such a text must say which risk it is for, wherever it stands.
ABOUT_ENDING = re.compile(
    r"\b(your decision|yours to decide|respect it|free to stop|when it suits|whenever you|close your file|"
    r"closing (letter|session)|end well|one more session|(one|a) last session|referral|discharge)\b",
    re.IGNORECASE,
)


@cache
def load_tree() -> Tree:
    """The tree shipped inside the package (read once, then cached).

    Read through the package's loader, so it works from an installed package and from
    the wheel imported as a zip, as the browser does.
    """
    loader = cast(Any, __spec__.loader)
    data: bytes = loader.get_data(str(Path(__file__).with_name(TREE_FILE)))
    return parse_tree(data.decode("utf-8"), source=TREE_FILE)


def load_tree_file(path: str | Path) -> Tree:
    path = Path(path)
    return parse_tree(path.read_text(encoding="utf-8"), source=str(path))


class _Reader:
    """Reads typed values out of raw TOML tables and collects problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, entry: str, message: str) -> None:
        self.problems.append(Problem(entry, message))

    def table(self, raw: Any, entry: str) -> dict[str, Any]:
        if isinstance(raw, dict):
            return raw
        self.problem(entry, f"expected a table, found {type(raw).__name__}")
        return {}

    def text(self, table: Mapping[str, Any], key: str, entry: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(entry, f"missing '{key}'")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(f"{entry}.{key}", "expected non-empty text")
            return ""
        return value.strip()

    def texts(self, table: Mapping[str, Any], key: str, entry: str, *, required: bool = True) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(entry, f"missing '{key}'")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(f"{entry}.{key}", "expected a list of non-empty texts")
            return ()
        return tuple(v.strip() for v in value)

    def identifier(self, value: str, entry: str) -> None:
        if not ID_PATTERN.fullmatch(value):
            self.problem(entry, f"'{value}' is not a valid ID: use lowercase letters, digits and single hyphens")

    def unknown_keys(self, table: Mapping[str, Any], allowed: set[str], entry: str) -> None:
        for key in table:
            if key not in allowed:
                self.problem(entry, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def known(self, value: str, known: Mapping[str, Any] | tuple[str, ...], what: str, entry: str) -> bool:
        if value in known:
            return True
        self.problem(entry, f"unknown {what} '{value}' (known: {', '.join(known)})")
        return False

    def entries(self, raw: Any, entry: str, build: Callable[[str, dict[str, Any], str], T | None]) -> dict[str, T]:
        """A table of tables keyed by ID, each built by ``build(id, table, entry)``."""
        result: dict[str, T] = {}
        for key, value in self.table(raw, entry).items():
            self.identifier(key, f"{entry}.{key}")
            item = build(key, self.table(value, f"{entry}.{key}"), f"{entry}.{key}")
            if item is not None:
                result[key] = item
        return result


def parse_tree(text: str, *, source: str = TREE_FILE) -> Tree:
    """Parse and validate tree data; raise ``TreeError`` listing every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TreeError(source, [Problem("TOML syntax", str(error))]) from None
    read = _Reader()
    read.unknown_keys(raw, TOP_LEVEL_KEYS, "top level")

    levels = read.entries(raw.get("levels", {}), "levels", lambda key, t, e: _level(read, key, t, e))
    if tuple(levels) != LEVEL_ORDER:
        read.problem("levels", f"expected exactly the levels {', '.join(LEVEL_ORDER)}, in that order")
    phases = read.entries(raw.get("phases", {}), "phases", lambda key, t, e: Phase(key, read.text(t, "label", e)))
    if not phases:
        read.problem("phases", "at least one phase is needed")
    signs = read.entries(raw.get("signs", {}), "signs", lambda key, t, e: _sign(read, key, t, e, levels))
    exclusive = _exclusive(read, raw.get("exclusive", []), signs)
    interventions = read.entries(
        raw.get("interventions", {}), "interventions", lambda key, t, e: _intervention(read, key, t, e, signs)
    )
    raw_questions = raw.get("questions", [])
    followup_keys = _followup_keys(raw_questions)
    context = _Context(levels, phases, signs, interventions, followup_keys)
    rules = _rules(read, raw.get("rules", []), context)
    questions = _questions(read, raw_questions, context)
    contacts = _contacts(read, raw.get("contacts", []), context)
    safety_message = _safety_message(read, raw.get("safety_message"), signs, context)
    on_return_note = read.text(raw, "on_return_note", "top level")
    levels_note = read.text(raw, "levels_note", "top level")
    _check_neutral_for_every_contact(read, interventions, _possible_contacts(interventions, rules, contacts))
    _check_phrasing_followups(read, interventions, followup_keys)

    start = raw.get("start")
    if not isinstance(start, str) or start not in questions:
        read.problem("start", f"'{start}' is not a question ID")
        start = ""
    max_questions = raw.get("max_questions", 8)
    if not isinstance(max_questions, int) or max_questions < 1:
        read.problem("max_questions", "expected a positive whole number")
        max_questions = 8

    if read.problems:
        raise TreeError(source, read.problems)
    tree = Tree(
        source=source,
        start=start,
        max_questions=max_questions,
        levels=MappingProxyType(levels),
        phases=MappingProxyType(phases),
        signs=MappingProxyType(signs),
        interventions=MappingProxyType(interventions),
        rules=rules,
        questions=MappingProxyType(questions),
        exclusive=exclusive,
        contacts=contacts,
        safety_message=safety_message,
        on_return_note=on_return_note,
        levels_note=levels_note,
    )
    graph_problems = checks.check_tree(tree)
    if graph_problems:
        raise TreeError(source, graph_problems)
    return tree


class _Context:
    def __init__(
        self,
        levels: Mapping[str, Level],
        phases: Mapping[str, Phase],
        signs: Mapping[str, Sign],
        interventions: Mapping[str, Intervention],
        followups: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.levels = levels
        self.phases = phases
        self.signs = signs
        self.interventions = interventions
        self.followups = followups


def _url(read: _Reader, table: Mapping[str, Any], entry: str, *, anchor: str = "") -> str:
    url = read.text(table, "url", entry)
    if url and (url.startswith("/") or "://" in url):
        read.problem(f"{entry}.url", "expected a link relative to the site root, like 'recognising/#withdrawal'")
    if url and anchor and not url.endswith(f"#{anchor}"):
        read.problem(f"{entry}.url", f"expected the link to end with the anchor '#{anchor}'")
    return url


def _level(read: _Reader, key: str, table: dict[str, Any], entry: str) -> Level:
    read.unknown_keys(table, {"title", "summary", "url"}, entry)
    return Level(key, read.text(table, "title", entry), read.text(table, "summary", entry), _url(read, table, entry))


def _sign(read: _Reader, key: str, table: dict[str, Any], entry: str, levels: Mapping[str, Level]) -> Sign:
    read.unknown_keys(table, {"label", "short", "level", "url", "out_of_contact"}, entry)
    level = read.text(table, "level", entry)
    if level:
        read.known(level, levels, "level", f"{entry}.level")
    out_of_contact = table.get("out_of_contact", False)
    if not isinstance(out_of_contact, bool):
        read.problem(f"{entry}.out_of_contact", "expected true or false")
        out_of_contact = False
    return Sign(
        key,
        read.text(table, "label", entry),
        read.text(table, "short", entry),
        level,
        _url(read, table, entry, anchor=key),
        out_of_contact,
    )


def _intervention(
    read: _Reader, key: str, table: dict[str, Any], entry: str, signs: Mapping[str, Sign]
) -> Intervention:
    allowed = {"title", "action", "how", "pitfalls", "phrasings", "url", "avoid", "evidence", *INTERVENTION_FLAGS}
    read.unknown_keys(table, allowed, entry)
    flags = {name: _flag(read, table, name, entry) for name in INTERVENTION_FLAGS}
    scoped: bool | None = None if flags["safety"] else flags["risk_scoped"]
    return Intervention(
        key,
        title=read.text(table, "title", entry),
        actions=_texts(read, table, "action", entry, signs, scoped=scoped, one_per_risk=True),
        hows=_texts(read, table, "how", entry, signs, scoped=scoped, one_per_risk=True),
        pitfall_texts=_texts(read, table, "pitfalls", entry, signs, scoped=scoped),
        phrasings=_phrasings(read, table, entry, signs, scoped=scoped),
        url=_url(read, table, entry, anchor=key),
        standing=flags["standing"],
        avoid=_avoid(read, table, entry),
        safety=flags["safety"],
        on_return_only=flags["on_return_only"],
        risk_scoped=flags["risk_scoped"],
        evidence=_evidence(read, table, entry),
    )


def _evidence(read: _Reader, table: Mapping[str, Any], entry: str) -> tuple[Evidence, ...]:
    """What a step rests on; consensus and research need a citation and its anchor on the references page."""
    missing = "missing 'evidence': what the step rests on, as [{ basis = \"source\" }, ...]"
    found = []
    for item_entry, item_table in _listed_tables(read, table, "evidence", entry, {"basis", "cite", "ref"}, missing):
        basis = read.text(item_table, "basis", item_entry)
        if basis:
            read.known(basis, tuple(EVIDENCE_BASES), "basis", f"{item_entry}.basis")
        cited = basis in ("consensus", "research")
        cite = read.text(item_table, "cite", item_entry, required=cited)
        ref = read.text(item_table, "ref", item_entry, required=cited)
        if ref:
            read.identifier(ref, f"{item_entry}.ref")
        found.append(Evidence(basis, cite, ref))
    return tuple(found)


def _listed_tables(
    read: _Reader, table: Mapping[str, Any], key: str, entry: str, allowed: set[str], missing: str
) -> list[tuple[str, dict[str, Any]]]:
    """A required, non-empty list of tables (``avoid``, ``evidence``): each with its name in errors."""
    raw = table.get(key)
    if not isinstance(raw, list) or not raw:
        read.problem(entry, missing)
        return []
    tables = []
    for index, item in enumerate(raw):
        item_entry = f"{entry}.{key}[{index}]"
        item_table = read.table(item, item_entry)
        read.unknown_keys(item_table, allowed, item_entry)
        tables.append((item_entry, item_table))
    return tables


#: The true-or-false keys of an intervention.
INTERVENTION_FLAGS = ("standing", "safety", "on_return_only", "risk_scoped")


def _flag(read: _Reader, table: Mapping[str, Any], key: str, entry: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        read.problem(f"{entry}.{key}", "expected true or false")
        return False
    return value


def _risk(read: _Reader, item: Mapping[str, Any], entry: str, *, scoped: bool | None, text: str) -> str:
    """The risk a text is for; refused when missing where it must be declared (rule 14).

    ``scoped=None``: the safety step, only ever shown with a risk, so its texts need not say so.
    """
    if "risk" not in item:
        if scoped is None:
            return "any"
        if scoped:
            read.problem(
                entry, 'say which risk this text is for (risk = "yes", "no" or "any"): the step is risk_scoped'
            )
        elif ABOUT_ENDING.search(text):
            read.problem(entry, "this text is about ending, contact or referral: say which risk it is for (risk = ...)")
        return "any"
    value = item["risk"]
    if value not in RISK_SCOPES:
        read.problem(f"{entry}.risk", f"unknown risk '{value}' (known: {', '.join(RISK_SCOPES)})")
        return "any"
    return str(value)


def _texts(
    read: _Reader,
    table: Mapping[str, Any],
    key: str,
    entry: str,
    signs: Mapping[str, Sign],
    *,
    scoped: bool | None,
    one_per_risk: bool = False,
) -> tuple[Text, ...]:
    """A text, or a list of texts, each a plain string or ``{ text = ..., risk = ..., presupposes = [...] }``."""
    raw = table.get(key)
    if raw is None:
        read.problem(entry, f"missing '{key}'")
        return ()
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    if not items:
        read.problem(f"{entry}.{key}", "expected a text or a list of texts")
        return ()
    texts: list[Text] = []
    for index, item in enumerate(items):
        item_entry = f"{entry}.{key}" if isinstance(raw, str) else f"{entry}.{key}[{index}]"
        if isinstance(item, str):
            if not item.strip():
                read.problem(item_entry, "expected non-empty text")
            texts.append(Text(item.strip(), _risk(read, {}, item_entry, scoped=scoped, text=item)))
            continue
        if not isinstance(item, dict):
            read.problem(item_entry, 'expected a text or { text = "...", risk = "..." }')
            continue
        read.unknown_keys(item, {"text", "risk", "presupposes"}, item_entry)
        text = read.text(item, "text", item_entry)
        presupposes = read.texts(item, "presupposes", item_entry, required=False)
        for sign in presupposes:
            read.known(sign, signs, "sign", f"{item_entry}.presupposes")
        texts.append(Text(text, _risk(read, item, item_entry, scoped=scoped, text=text), presupposes))
    if one_per_risk:
        for at_risk, words in ((False, "without a risk"), (True, "with a risk")):
            if not any(risk_fits(t.risk, at_risk) and not t.presupposes for t in texts):
                read.problem(f"{entry}.{key}", f"give a text for every situation {words} (one with no 'presupposes')")
    return tuple(texts)


def _avoid(read: _Reader, table: Mapping[str, Any], entry: str) -> tuple[Avoid, ...]:
    missing = 'missing \'avoid\': at least one "don\'t say" line, as { text = "...", why = "..." }'
    return tuple(
        Avoid(read.text(item, "text", item_entry), read.text(item, "why", item_entry))
        for item_entry, item in _listed_tables(read, table, "avoid", entry, {"text", "why"}, missing)
    )


def _followup_condition(read: _Reader, raw: Any, entry: str) -> FollowupCondition:
    """``{ question = "answer" }`` or ``{ question = ["answer", ...] }``."""
    if raw is None:
        return ()
    table = read.table(raw, entry)
    return tuple((str(key), read.texts(table, key, entry)) for key in table)


def _phrasings(
    read: _Reader, table: Mapping[str, Any], entry: str, signs: Mapping[str, Sign], *, scoped: bool | None
) -> tuple[Phrasing, ...]:
    raw = table.get("phrasings")
    if not isinstance(raw, list):
        read.problem(entry, "missing 'phrasings' (a list of { text = ..., channel = ..., presupposes = [...] })")
        return ()
    phrasings = []
    for index, item in enumerate(raw):
        item_entry = f"{entry}.phrasings[{index}]"
        if not isinstance(item, dict):
            read.problem(item_entry, 'expected { text = "...", channel = "in-session", presupposes = [] }')
            continue
        read.unknown_keys(
            item,
            {"text", "presupposes", "not_with", "channel", "risk", "followup", "not_followup", "contacts"},
            item_entry,
        )
        if "presupposes" not in item:
            read.problem(item_entry, "say which signs this phrasing presupposes (presupposes = [] if none)")
        channel = item.get("channel")
        if channel not in CHANNELS:
            read.problem(item_entry, f"say its channel: channel = one of {', '.join(CHANNELS)}")
            channel = "in-session"
        presupposes = read.texts(item, "presupposes", item_entry, required=False)
        not_with = read.texts(item, "not_with", item_entry, required=False)
        for key, listed in (("presupposes", presupposes), ("not_with", not_with)):
            for sign in listed:
                read.known(sign, signs, "sign", f"{item_entry}.{key}")
        contacts = read.texts(item, "contacts", item_entry, required=False)
        for contact in contacts:
            read.known(contact, CONTACTS, "contact", f"{item_entry}.contacts")
        text = read.text(item, "text", item_entry)
        phrasings.append(
            Phrasing(
                text,
                presupposes,
                not_with,
                channel=str(channel),
                risk=_risk(read, item, item_entry, scoped=scoped, text=text),
                followup=_followup_condition(read, item.get("followup"), f"{item_entry}.followup"),
                not_followup=_followup_condition(read, item.get("not_followup"), f"{item_entry}.not_followup"),
                contacts=contacts,
            )
        )
    if len(phrasings) < 2:
        read.problem(f"{entry}.phrasings", "give at least two sample phrasings")
    elif not any(p.neutral for p in phrasings):
        read.problem(f"{entry}.phrasings", "give at least one phrasing that presupposes nothing (presupposes = [])")
    return tuple(phrasings)


def _possible_contacts(
    interventions: Mapping[str, Intervention], rules: tuple[Rule, ...], contacts: tuple[ContactRule, ...]
) -> dict[str, tuple[str, ...]]:
    """The contacts in which each step can be shown. A step that only signs taking the patient out of
    contact bring (reach out, for dropout) is only ever shown out of contact; any other, in any."""
    gone = {
        sign
        for rule in contacts
        if rule.contact == "out-of-contact" and rule.when == Condition(signs_any=rule.when.signs_any)
        for sign in rule.when.signs_any
    }
    possible: dict[str, tuple[str, ...]] = {}
    for intervention_id in interventions:
        adders = [rule for rule in rules if intervention_id in rule.add]
        only_gone = all(rule.when.signs_any and set(rule.when.signs_any) <= gone for rule in adders)
        # A step no rule adds is reported by the coverage check (checks.py), not here.
        possible[intervention_id] = () if not adders else ("out-of-contact",) if only_gone else CONTACTS
    return possible


def _check_neutral_for_every_contact(
    read: _Reader, interventions: Mapping[str, Intervention], possible: Mapping[str, tuple[str, ...]]
) -> None:
    """Rule 15: a step keeps a phrasing that presupposes nothing for every contact and risk it can be shown in,
    and has no phrasing on a channel that none of those contacts shows.

    A step for the room (``on_return_only``) and a standing practice wait, out of contact, for the
    patient's return; the safety step is only ever shown with a risk.
    """
    for intervention in interventions.values():
        reachable = possible.get(intervention.id, CONTACTS)
        if not intervention.phrasings or not reachable:
            continue  # already reported, or by the coverage check
        shown_anywhere = {
            channel
            for contact in reachable
            for at_risk in (False, True)
            for channel in channels_shown(contact, at_risk)
        }
        for index, phrasing in enumerate(intervention.phrasings):
            if phrasing.channel not in shown_anywhere:
                read.problem(
                    f"interventions.{intervention.id}.phrasings[{index}]",
                    f"its channel '{phrasing.channel}' is never shown where this step can be "
                    f"(contacts: {', '.join(reachable)})",
                )
        for contact in reachable:
            if contact == "out-of-contact" and (intervention.on_return_only or intervention.standing):
                continue
            for at_risk in (False, True):
                if intervention.safety and not at_risk:
                    continue
                shown = channels_shown(contact, at_risk)
                if not any(
                    p.neutral and p.channel in shown and p.for_contact(contact) and risk_fits(p.risk, at_risk)
                    for p in intervention.phrasings
                ):
                    risk_words = "with a risk" if at_risk else "without a risk"
                    read.problem(
                        f"interventions.{intervention.id}.phrasings",
                        f"no phrasing that presupposes nothing fits the contact '{contact}' {risk_words} "
                        f"(channels shown there: {', '.join(shown)})",
                    )


def _contacts(read: _Reader, raw: Any, context: _Context) -> tuple[ContactRule, ...]:
    if not isinstance(raw, list):
        read.problem("contacts", "expected a list of [[contacts]] entries")
        return ()
    rules = []
    for index, item in enumerate(raw):
        entry = f"contacts[{index}]"
        table = read.table(item, entry)
        read.unknown_keys(table, {"contact", "when", "withheld"}, entry)
        contact = read.text(table, "contact", entry)
        if contact:
            read.known(contact, CONTACTS, "contact", f"{entry}.contact")
        rules.append(
            ContactRule(
                contact,
                _condition(read, table.get("when", {}), f"{entry}.when", context),
                read.text(table, "withheld", entry),
            )
        )
    return tuple(rules)


def _safety_message(read: _Reader, raw: Any, signs: Mapping[str, Sign], context: _Context) -> SafetyMessage | None:
    entry = "safety_message"
    if raw is None:
        read.problem(entry, "missing [safety_message]: the message for a patient at risk who is not in the room")
        return None
    table = read.table(raw, entry)
    read.unknown_keys(table, {"received", "not_received", "beside", "received_when", "signs_any", "withheld"}, entry)
    signs_any = read.texts(table, "signs_any", entry, required=False)
    for sign in signs_any:
        read.known(sign, signs, "sign", f"{entry}.signs_any")
    return SafetyMessage(
        received=read.text(table, "received", entry),
        not_received=read.text(table, "not_received", entry),
        beside=read.text(table, "beside", entry),
        received_when=_condition(read, table.get("received_when", {}), f"{entry}.received_when", context),
        signs_any=signs_any,
        withheld=read.text(table, "withheld", entry),
    )


def _exclusive(read: _Reader, raw: Any, signs: Mapping[str, Sign]) -> tuple[Exclusive, ...]:
    if not isinstance(raw, list):
        read.problem("exclusive", "expected a list of [[exclusive]] entries")
        return ()
    groups = []
    grouped: set[str] = set()
    for index, item in enumerate(raw):
        table, group_id, entry = _listed_entry(read, item, "exclusive", index)
        read.unknown_keys(table, {"id", "signs", "prompt", "none_label", "because"}, entry)
        members = read.texts(table, "signs", entry)
        if len(members) < 2:
            read.problem(f"{entry}.signs", "an exclusive group needs at least two signs")
        for sign in members:
            if read.known(sign, signs, "sign", f"{entry}.signs") and sign in grouped:
                read.problem(f"{entry}.signs", f"'{sign}' is already in another exclusive group")
            grouped.add(sign)
        groups.append(
            Exclusive(
                group_id,
                members,
                prompt=read.text(table, "prompt", entry),
                none_label=read.text(table, "none_label", entry),
                because=read.text(table, "because", entry),
            )
        )
    return tuple(groups)


def _followup_keys(raw_questions: Any) -> dict[str, tuple[str, ...]]:
    """Follow-up question IDs and their answer values, for checking conditions on them."""
    keys: dict[str, tuple[str, ...]] = {}
    if isinstance(raw_questions, list):
        for raw in raw_questions:
            if isinstance(raw, dict) and raw.get("sets") == "followup" and isinstance(raw.get("id"), str):
                answers = raw.get("answers", [])
                values = [a.get("value") for a in answers if isinstance(a, dict)] if isinstance(answers, list) else []
                keys[raw["id"]] = tuple(v for v in values if isinstance(v, str))
    return keys


#: The risk values a condition may name: "yes" holds with a risk, "not sure" and not stated.
CONDITION_RISKS = ("yes", "no", RISK_NOT_STATED)


def _any_or(read: _Reader, table: Mapping[str, Any], key: str, entry: str) -> tuple[str, ...]:
    """A list of values, where "any" (all of them) is the empty tuple."""
    values = read.texts(table, key, entry, required=False)
    return () if values == ("any",) else values


def _condition(read: _Reader, raw: Any, entry: str, context: _Context) -> Condition:
    table = read.table(raw, entry)
    read.unknown_keys(
        table,
        {"risk", "phase", "level", "signs_any", "signs_none", "followup", "unanswered", "contact", "two_of"},
        entry,
    )

    def listed(
        key: str, known: Mapping[str, Any] | tuple[str, ...], what: str, *, any_is_all: bool = False
    ) -> tuple[str, ...]:
        """The values under ``key``, each checked against ``known`` ("any" is all of them where allowed)."""
        values = _any_or(read, table, key, entry) if any_is_all else read.texts(table, key, entry, required=False)
        for value in values:
            read.known(value, known, what, f"{entry}.{key}")
        return values

    risk = listed("risk", CONDITION_RISKS, "risk value", any_is_all=True)
    phase = listed("phase", context.phases, "phase")
    level = listed("level", context.levels, "level")
    signs = listed("signs_any", context.signs, "sign")
    signs_none = listed("signs_none", context.signs, "sign")
    contact = listed("contact", CONTACTS, "contact", any_is_all=True)
    unanswered = listed("unanswered", context.followups, "follow-up question")
    two_of = listed("two_of", context.interventions, "intervention")
    followup = _checked_followup(read, table.get("followup", {}), f"{entry}.followup", context.followups)
    return Condition(risk, phase, level, signs, followup, signs_none, contact, unanswered, two_of)


def _checked_followup(
    read: _Reader, raw: Any, entry: str, followups: Mapping[str, tuple[str, ...]]
) -> FollowupCondition:
    """Follow-up answers a condition names, each checked against its question."""
    checked: list[tuple[str, tuple[str, ...]]] = []
    for key, values in _followup_condition(read, raw, entry):
        if read.known(key, followups, "follow-up question", entry):
            for value in values:
                read.known(value, followups[key], f"answer to '{key}'", f"{entry}.{key}")
            checked.append((key, values))
    return tuple(checked)


def _check_phrasing_followups(
    read: _Reader, interventions: Mapping[str, Intervention], followups: Mapping[str, tuple[str, ...]]
) -> None:
    for intervention in interventions.values():
        for index, phrasing in enumerate(intervention.phrasings):
            for key, condition in (("followup", phrasing.followup), ("not_followup", phrasing.not_followup)):
                entry = f"interventions.{intervention.id}.phrasings[{index}].{key}"
                _checked_followup(read, {k: list(v) for k, v in condition}, entry, followups)


def _rules(read: _Reader, raw: Any, context: _Context) -> tuple[Rule, ...]:
    if not isinstance(raw, list):
        read.problem("rules", "expected a list of [[rules]] entries")
        return ()
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        table, rule_id, entry = _listed_entry(read, item, "rules", index)
        read.unknown_keys(table, {"id", "when", "add", "because", "note", "note_on", "first", "glance"}, entry)
        if rule_id in seen:
            read.problem(entry, f"duplicate rule ID '{rule_id}'")
        seen.add(rule_id)
        add = read.texts(table, "add", entry, required=False)
        for intervention in add:
            read.known(intervention, context.interventions, "intervention", f"{entry}.add")
        note = read.text(table, "note", entry, required=False)
        note_on = read.text(table, "note_on", entry, required=False)
        if note_on:
            read.known(note_on, context.interventions, "intervention", f"{entry}.note_on")
        if not add and not note:
            read.problem(entry, "a rule must 'add' interventions or give a 'note'")
        when = table.get("when", {})
        if note and isinstance(when, dict):
            # Rule 14: a note says the risk and the contact it is for, so none written for a safe patient
            # in the room reaches one at risk, or out of contact.
            for key in ("risk", "contact"):
                if key not in when:
                    read.problem(f"{entry}.when", f'a rule with a note must say its {key} ({key} = "any" for all)')
        condition = _condition(read, when, f"{entry}.when", context)
        if condition.two_of and (note_on or add):
            read.problem(entry, "a rule with 'two_of' gives a note on the first of those steps: no 'note_on' or 'add'")
        rules.append(
            Rule(
                id=rule_id,
                when=condition,
                add=add,
                because=read.text(table, "because", entry),
                note=note,
                note_on=note_on,
                first=_flag(read, table, "first", entry),
                glance=_flag(read, table, "glance", entry),
            )
        )
    return tuple(rules)


def _questions(read: _Reader, raw: Any, context: _Context) -> dict[str, Question]:
    if not isinstance(raw, list):
        read.problem("questions", "expected a list of [[questions]] entries")
        return {}
    questions: dict[str, Question] = {}
    for index, item in enumerate(raw):
        table, question_id, entry = _listed_entry(read, item, "questions", index)
        read.unknown_keys(table, {"id", "kind", "sets", "prompt", "help", "answers", "signs", "next", "ask_if"}, entry)
        if question_id == RESULT or question_id in ("signs",):
            read.problem(entry, f"'{question_id}' is reserved and cannot be a question ID")
        if question_id in questions:
            read.problem(entry, f"duplicate question ID '{question_id}'")
        kind = table.get("kind", "single")
        if kind not in ("single", "multi"):
            read.problem(f"{entry}.kind", f"unknown kind '{kind}' (known: single, multi)")
            kind = "single"
        sets = table.get("sets")
        if sets not in FIELDS:
            read.problem(f"{entry}.sets", f"unknown field '{sets}' (known: {', '.join(FIELDS)})")
            sets = "followup"
        answers = _answers(read, table, entry, cast(Field, sets), context)
        if (sets == "signs") != (kind == "multi"):
            read.problem(entry, "questions about signs are 'multi', all others 'single'")
        questions[question_id] = Question(
            id=question_id,
            kind=kind,
            sets=cast(Field, sets),
            prompt=read.text(table, "prompt", entry),
            help=read.text(table, "help", entry, required=False),
            answers=answers,
            next=read.text(table, "next", entry, required=False),
            ask_if=_condition(read, table.get("ask_if", {}), f"{entry}.ask_if", context),
        )
    return questions


def _answers(read: _Reader, table: Mapping[str, Any], entry: str, sets: Field, context: _Context) -> tuple[Answer, ...]:
    if sets == "signs":
        signs = read.texts(table, "signs", entry)
        if "answers" in table:
            read.problem(entry, "a question about signs lists 'signs', not 'answers'")
        answers = []
        for sign_id in signs:
            if read.known(sign_id, context.signs, "sign", f"{entry}.signs"):
                answers.append(Answer(sign_id, context.signs[sign_id].label))
        _no_duplicates(read, [a.value for a in answers], f"{entry}.signs")
        return tuple(answers)
    raw_answers = table.get("answers")
    if not isinstance(raw_answers, list) or not raw_answers:
        read.problem(entry, "missing 'answers' (a list of [[questions.answers]])")
        return ()
    answers = []
    for index, raw in enumerate(raw_answers):
        answer_table = read.table(raw, f"{entry}.answers[{index}]")
        value = read.text(answer_table, "value", f"{entry}.answers[{index}]")
        answer_entry = f"{entry}.answers[{value or index}]"
        if value:
            read.identifier(value, f"{answer_entry}.value")
        read.unknown_keys(answer_table, {"value", "label", "help", "next"}, answer_entry)
        answers.append(
            Answer(
                value,
                read.text(answer_table, "label", answer_entry),
                read.text(answer_table, "help", answer_entry, required=False),
                read.text(answer_table, "next", answer_entry, required=False),
            )
        )
    values = [a.value for a in answers]
    _no_duplicates(read, values, f"{entry}.answers")
    expected: tuple[str, ...] = ()
    if sets == "risk":
        expected = ("yes", "no")
    elif sets == "phase":
        expected = tuple(context.phases)
    if expected and sorted(values) != sorted(expected):
        read.problem(f"{entry}.answers", f"expected one answer for each of: {', '.join(expected)}")
    return tuple(answers)


def _listed_entry(read: _Reader, item: Any, kind: str, index: int) -> tuple[dict[str, Any], str, str]:
    """An entry of a [[list]]: its table, its ``id`` (its position when missing) and its name in errors."""
    table = read.table(item, f"{kind}[{index}]")
    value = table.get("id")
    entry_id = value if isinstance(value, str) else str(index)
    entry = f"{kind}[{entry_id}]"
    if isinstance(value, str):
        read.identifier(entry_id, f"{entry}.id")
    else:
        read.problem(entry, "missing 'id'")
    return table, entry_id, entry


def _no_duplicates(read: _Reader, values: list[str], entry: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            read.problem(entry, f"duplicate answer '{value}'")
        seen.add(value)
