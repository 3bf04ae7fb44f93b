"""Read and write the guide's state in a URL fragment, forgivingly.

A fragment such as ``risk=no&phase=ongoing&signs=missed-session,easy-explanation``
holds the answers under the public IDs. Links come from anywhere (training
material, a colleague's message, a mangled copy-paste), so parsing never fails:
whatever is not understood is left out and named in ``ignored``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

from .engine import NONE, SIGNS_KEY
from .model import Tree

#: Links longer than this are cut; nothing legitimate comes close.
MAX_FRAGMENT = 2000
#: How many ignored parts are named one by one before the rest is counted.
MAX_NAMED = 5
#: How much of an ignored value is quoted back to the reader.
MAX_QUOTED = 40

Answers = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Parsed:
    answers: Mapping[str, tuple[str, ...]]
    ignored: tuple[str, ...]


def _quoted(text: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"“{text[:MAX_QUOTED]}…”" if len(text) > MAX_QUOTED else f"“{text}”"


def valid_values(tree: Tree, key: str) -> tuple[str, ...]:
    if key == SIGNS_KEY:
        return tuple(tree.signs)
    return tuple(a.value for a in tree.questions[key].answers)


def parse(tree: Tree, fragment: str) -> Parsed:
    """The answers a fragment holds, and a description of each part that was ignored."""
    ignored: list[str] = []
    fragment = fragment.removeprefix("#")
    if len(fragment) > MAX_FRAGMENT:
        ignored.append(f"everything after the first {MAX_FRAGMENT} characters (the link is too long)")
        fragment = fragment[:MAX_FRAGMENT]
    answers: Answers = {}
    for part in fragment.split("&"):
        if not part.strip():
            continue
        key, equals, raw_value = part.partition("=")
        key = unquote(key).strip()
        if not equals:
            ignored.append(f"{_quoted(key)} (expected key=value)")
            continue
        if key != SIGNS_KEY and key not in tree.questions:
            ignored.append(f"the unknown key {_quoted(key)}")
            continue
        if key in answers:
            ignored.append(f"a repeated {_quoted(key)}")
            continue
        values = [v.strip() for v in unquote(raw_value).split(",")]
        values = [v for v in values if v]
        multi = key == SIGNS_KEY or tree.questions[key].kind == "multi"
        valid = valid_values(tree, key)
        if multi:
            known = [v for v in dict.fromkeys(values) if v in valid]
            for value in values:
                if value not in valid and value != NONE:
                    ignored.append(f"{_quoted(value)}, which is not a choice for {_quoted(key)}")
            if known or not values or NONE in values:
                answers[key] = tuple(known)
        elif len(values) == 1 and values[0] in valid:
            answers[key] = (values[0],)
        else:
            ignored.append(f"{_quoted(','.join(values))}, which is not an answer to {_quoted(key)}")
    if len(ignored) > MAX_NAMED:
        ignored = [*ignored[:MAX_NAMED], f"{len(ignored) - MAX_NAMED} more"]
    return Parsed(answers, tuple(ignored))


def format_answers(pairs: Iterable[tuple[str, Iterable[str]]]) -> str:
    """``key=v1,v2&...`` in the given order; an empty choice is written ``none``."""
    parts = []
    for key, values in pairs:
        joined = ",".join(quote(v, safe="-") for v in values) or NONE
        parts.append(f"{quote(key, safe='-')}={joined}")
    return "&".join(parts)
