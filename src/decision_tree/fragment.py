"""Read and write the guide's links: the state in a URL fragment.

A fragment such as ``risk=no&phase=ongoing&signs=missed-session,easy-explanation``
holds the answers under the public IDs. Links come from anywhere (training
material, a colleague's message, a mangled copy-paste), so parsing never fails:
whatever is not understood is left out and named in ``ignored``. Writing gives
the canonical link of a result (``result_fragment``) and of a walk still under
way (``pending_fragment``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .engine import State, Walk
from .model import NONE, SIGNS_KEY, Tree

#: Links longer than this are cut; nothing legitimate comes close.
MAX_FRAGMENT = 2000
#: How many ignored parts are named one by one before the rest is counted.
MAX_NAMED = 5
#: How much of an ignored value is quoted back to the reader.
MAX_QUOTED = 40

Answers = dict[str, tuple[str, ...]]
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


def unquote(text: str) -> str:
    """Percent-decode as ``urllib.parse.unquote`` does (UTF-8, invalid bytes replaced).

    Written out because importing ``urllib.parse`` costs about a tenth of a second in
    the browser, on the way to the guide's first answer.
    """
    if "%" not in text:
        return text
    raw = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    index = 0
    while index < len(raw):
        is_escape = raw[index] == 0x25 and index + 2 < len(raw)
        if is_escape and raw[index + 1] in _HEX_DIGITS and raw[index + 2] in _HEX_DIGITS:
            out.append(int(raw[index + 1 : index + 3], 16))
            index += 3
        else:
            out.append(raw[index])
            index += 1
    return out.decode("utf-8", "replace")


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
            known = _without_conflicts(tree, known, ignored)
            if known or not values or NONE in values:
                answers[key] = tuple(known)
        elif len(values) == 1 and values[0] in valid:
            answers[key] = (values[0],)
        else:
            ignored.append(f"{_quoted(','.join(values))}, which is not an answer to {_quoted(key)}")
    if len(ignored) > MAX_NAMED:
        ignored = [*ignored[:MAX_NAMED], f"{len(ignored) - MAX_NAMED} more"]
    return Parsed(answers, tuple(ignored))


def _without_conflicts(tree: Tree, values: list[str], ignored: list[str]) -> list[str]:
    """Keep the first of signs that exclude each other (spec rule 13), and name the others as ignored."""
    kept: list[str] = []
    for value in values:
        group = tree.exclusive_group(value)
        first = next((k for k in kept if group is not None and k in group.signs), None)
        if first is not None:
            ignored.append(f"{_quoted(value)}, which cannot go with {_quoted(first)}")
        else:
            kept.append(value)
    return kept


def format_answers(pairs: Iterable[tuple[str, Iterable[str]]]) -> str:
    """``key=v1,v2&...`` in the given order; an empty choice is written ``none``.

    Keys and values are IDs of the tree, which the loader restricts to lowercase
    letters, digits and hyphens, so they never need percent-encoding.
    """
    return "&".join(f"{key}={','.join(values) or NONE}" for key, values in pairs)


def _ordered(tree: Tree, answers: Mapping[str, Sequence[str]]) -> list[tuple[str, Sequence[str]]]:
    """Answers in the order of the questions, with the signs shortcut after the last question about signs."""
    order = list(tree.questions)
    last_signs_question = max(i for i, q in enumerate(tree.questions.values()) if q.sets == "signs")
    order.insert(last_signs_question + 1, SIGNS_KEY)
    return [(key, answers[key]) for key in order if key in answers]


def pending_fragment(tree: Tree, walk: Walk, answers: Mapping[str, tuple[str, ...]]) -> str:
    """The link of a walk still under way: the questions asked so far, then any answers given ahead."""
    kept: dict[str, Sequence[str]] = {a.question.id: a.values for a in walk.asked}
    asked_signs_questions = {a.question.id for a in walk.asked if a.question.sets == "signs"}
    for key, values in answers.items():
        if key not in kept:
            kept[key] = values
    if SIGNS_KEY in kept:
        # Signs already placed in the questions asked so far are not repeated in the shortcut.
        placed = {v for key in asked_signs_questions for v in kept[key]}
        kept[SIGNS_KEY] = [s for s in kept[SIGNS_KEY] if s not in placed]
        if not kept[SIGNS_KEY] and asked_signs_questions:
            del kept[SIGNS_KEY]
    return format_answers(_ordered(tree, kept))


def back_fragment(walk: Walk) -> str | None:
    """The link of the question before the current one, or ``None`` at the first."""
    if not walk.asked:
        return None
    return format_answers((a.question.id, a.values) for a in walk.asked[:-1])


def result_fragment(tree: Tree, state: State) -> str:
    """The canonical link for a result: risk, phase, signs, then any follow-up answers."""
    pairs: list[tuple[str, Sequence[str]]] = [
        ("risk", [state.risk]),
        ("phase", [state.phase]),
        (SIGNS_KEY, [s for s in tree.signs if s in state.signs]),
    ]
    pairs += [(key, [value]) for key, value in state.followups]
    return format_answers(pairs)
