"""Say it: the patient statements of ``docs/guide/practice/say-it.toml``, read and checked.

The statements are clinical content kept as data, for clinicians to edit. This loader checks
every entry against the decision tree (its signs and phases) and against the file's own table
of criteria, and names the entry and the problem when something is wrong, so that a mistake
fails the build with a message a clinician can act on. The page is rendered by
``sitegen.say_it_page``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decision_tree.model import Tree

LEVELS = ("beginner", "intermediate", "advanced")
RATINGS = ("too-easy", "about-right", "too-hard")
CONTACTS = ("room", "message", "phone")
#: The criterion a statement with a risk of harm must carry.
SAFETY = "safety"
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: A site address with its section: 'managing/secondary/#wonder-aloud'.
ADDRESS = re.compile(r"^([a-z0-9-]+/)+#[a-z0-9-]+$")
STATEMENT_KEYS = {
    "id", "level", "phase", "contact", "risk", "signs", "context", "says", "criteria", "models", "dont_say",
    "why", "reference",
}  # fmt: skip


class SayItError(ValueError):
    """A problem in say-it.toml, with the entry it is in."""


@dataclass(frozen=True)
class Criterion:
    key: str
    text: str
    link: str


@dataclass(frozen=True)
class Statement:
    id: str
    level: str
    phase: str
    contact: str
    risk: bool
    signs: tuple[str, ...]
    context: str
    says: str
    criteria: tuple[str, ...]
    models: tuple[str, ...]
    dont_say: str
    why: str
    reference: str


@dataclass(frozen=True)
class SayIt:
    #: level -> rating -> the next statement's level.
    next_level: dict[str, dict[str, str]]
    criteria: dict[str, Criterion]
    statements: tuple[Statement, ...]

    def by_level(self, level: str) -> tuple[Statement, ...]:
        """The statements of one level, in the file's order (the order the page offers them in)."""
        return tuple(s for s in self.statements if s.level == level)


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SayItError(f"{where}: '{key}' must be a non-empty text")
    return value.strip()


def _texts(entry: dict[str, Any], key: str, where: str, least: int, most: int) -> tuple[str, ...]:
    value = entry.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SayItError(f"{where}: '{key}' must be a list of non-empty texts")
    if not least <= len(value) <= most:
        raise SayItError(f"{where}: '{key}' has {len(value)} entries (from {least} to {most})")
    if len(set(value)) != len(value):
        raise SayItError(f"{where}: '{key}' lists an entry twice")
    return tuple(v.strip() for v in value)


def _next_level(raw: dict[str, Any], source: str) -> dict[str, dict[str, str]]:
    table = raw.get("next_level")
    if not isinstance(table, dict) or set(table) != set(LEVELS):
        raise SayItError(f"{source}: [next_level] needs exactly the levels {', '.join(LEVELS)}")
    for level, row in table.items():
        if not isinstance(row, dict) or set(row) != set(RATINGS):
            raise SayItError(f"{source}: [next_level.{level}] needs exactly the ratings {', '.join(RATINGS)}")
        for rating, target in row.items():
            if target not in LEVELS:
                raise SayItError(f"{source}: [next_level.{level}] {rating} = '{target}' is not a level")
    return {level: dict(table[level]) for level in LEVELS}


def _criteria(raw: dict[str, Any], source: str) -> dict[str, Criterion]:
    table = raw.get("criteria")
    if not isinstance(table, dict) or SAFETY not in table:
        raise SayItError(f"{source}: [criteria] must define at least '{SAFETY}'")
    criteria = {}
    for key, entry in table.items():
        where = f"{source}: criteria[{key}]"
        link = _text(entry, "link", where)
        if not ADDRESS.match(link):
            raise SayItError(f"{where}: link '{link}' must be a site address with its anchor (page/#anchor)")
        criteria[key] = Criterion(key, _text(entry, "text", where), link)
    return criteria


def _statement(entry: dict[str, Any], index: int, tree: Tree, criteria: dict[str, Criterion], source: str) -> Statement:
    where = f"{source}: statement[{entry.get('id', index)}]"
    unknown = set(entry) - STATEMENT_KEYS
    if unknown or STATEMENT_KEYS - set(entry):
        raise SayItError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(STATEMENT_KEYS - set(entry))}")
    sid = _text(entry, "id", where)
    if not ID.match(sid):
        raise SayItError(f"{where}: id must be lower-case words joined by '-'")
    choices = {"level": LEVELS, "phase": tuple(tree.phases), "contact": CONTACTS}
    for key, allowed in choices.items():
        if entry[key] not in allowed:
            raise SayItError(f"{where}: {key} '{entry[key]}' is not one of {', '.join(allowed)}")
    if not isinstance(entry["risk"], bool):
        raise SayItError(f"{where}: risk must be true or false")
    signs = _texts(entry, "signs", where, 1, 4)
    for sign in signs:
        if sign not in tree.signs:
            raise SayItError(f"{where}: sign '{sign}' is not a sign of the tree")
    keys = _texts(entry, "criteria", where, 3, 6)
    for key in keys:
        if key not in criteria:
            raise SayItError(f"{where}: criterion '{key}' is not in [criteria]")
    if entry["risk"] and SAFETY not in keys:
        raise SayItError(f"{where}: a statement with a risk of harm needs the criterion '{SAFETY}'")
    reference = _text(entry, "reference", where)
    if not ADDRESS.match(reference):
        raise SayItError(f"{where}: reference '{reference}' must be a site address with its anchor (page/#anchor)")
    return Statement(
        id=sid, level=entry["level"], phase=entry["phase"], contact=entry["contact"], risk=entry["risk"],
        signs=signs, context=_text(entry, "context", where), says=_text(entry, "says", where), criteria=keys,
        models=_texts(entry, "models", where, 2, 3), dont_say=_text(entry, "dont_say", where),
        why=_text(entry, "why", where), reference=reference,
    )  # fmt: skip


def parse_say_it(text: str, tree: Tree, source: str = "say-it.toml") -> SayIt:
    """The statements of a say-it file's text, checked; raises ``SayItError`` naming the entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SayItError(f"{source}: {error}") from None
    next_level, criteria = _next_level(raw, source), _criteria(raw, source)
    entries = raw.get("statement")
    if not isinstance(entries, list) or not entries:
        raise SayItError(f"{source}: no [[statement]]")
    statements = tuple(_statement(e, i, tree, criteria, source) for i, e in enumerate(entries))
    ids = [s.id for s in statements]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise SayItError(f"{source}: statement ids used twice: {', '.join(twice)}")
    for level in LEVELS:
        if not any(s.level == level for s in statements):
            raise SayItError(f"{source}: no statement at level '{level}'")
    return SayIt(next_level, criteria, statements)


def load_say_it(path: Path, tree: Tree) -> SayIt:
    """The statements of ``path``, checked against the tree."""
    return parse_say_it(path.read_text(encoding="utf-8"), tree, source=path.name)
