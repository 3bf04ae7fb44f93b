"""Practice mode's answer key, as data: what a supervisor would accept in each case, and why.

The clinical judgement behind the score lives in ``practice.toml`` (beside the tree), one table
per case, keyed by the scenario's ID; never in code. For each case it may list:

- ``defensible``: steps (or standing practices) beyond the guide's that a supervisor would accept, with the reason;
- ``omissions``: steps of the guide's that may be held back in this case, each with its reason;
- ``about``: standing practices this case is about, which then count as steps of the case;
- ``not_here``: why a step offered but not taken here is not for this case;
- ``matters``: why one of the guide's own steps matters for this patient, said beside the step whether
  chosen or missed (every risk case has one for its safety step: a miss there fails the case).

Every reason is written for the case. A step with none of these gets the neutral ``NOT_ADDED``.
This module reads and checks the file against the tree (every problem named by file and entry,
as ``TreeError``); whether a listed step is or is not the guide's own for the case needs the
case's link, and is checked at build time (``guide/sitegen/practice_key.py``) and by the tests.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from .errors import Problem, TreeError
from .loader import ID_PATTERN, load_tree
from .model import Tree

PRACTICE_FILE = "practice.toml"
KINDS = ("defensible", "omissions", "about", "not_here", "matters")
#: What the feedback says of a step that is neither the guide's nor defensible, with no reason of the case's own.
NOT_ADDED = "The guide does not add this here: discuss whether you would."

Reasons = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CaseKey:
    """One case's key; each field holds (step ID, reason written for the case) pairs, in file order."""

    defensible: Reasons = ()
    omissions: Reasons = ()
    about: Reasons = ()
    not_here: Reasons = ()
    matters: Reasons = ()

    def reason(self, kind: str, step: str) -> str | None:
        pairs: Reasons = getattr(self, kind)
        return dict(pairs).get(step)


def parse_keys(text: str, tree: Tree, source: str = PRACTICE_FILE) -> dict[str, CaseKey]:
    """Every case's key, checked: known step IDs, standing practices only under ``about`` or ``defensible``, a
    reason of a few words at least, a step in one list only. Raises ``TreeError`` naming each entry."""
    problems: list[Problem] = []
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TreeError(source, [Problem("(file)", f"not valid TOML: {error}")]) from None
    keys: dict[str, CaseKey] = {}
    unknown = set(raw) - {"cases"}
    problems += [Problem(name, "unknown table (expected [cases.<scenario-id>])") for name in sorted(unknown)]
    for case_id, table in cast(dict[str, Any], raw.get("cases", {})).items():
        entry = f"cases.{case_id}"
        if not ID_PATTERN.fullmatch(case_id) or not isinstance(table, dict):
            problems.append(Problem(entry, "expected a table named by a scenario ID"))
            continue
        problems += [
            Problem(f"{entry}.{k}", f"unknown list (expected one of {', '.join(KINDS)})")
            for k in table
            if k not in KINDS
        ]
        lists = {kind: _reasons(tree, f"{entry}.{kind}", kind, table.get(kind, {}), problems) for kind in KINDS}
        seen: dict[str, str] = {}
        for kind, pairs in lists.items():
            for step, _ in pairs:
                if step in seen:
                    problems.append(Problem(f"{entry}.{kind}.{step}", f"already listed under {seen[step]}"))
                seen[step] = kind
        keys[case_id] = CaseKey(**lists)
    if problems:
        raise TreeError(source, problems)
    return keys


def _reasons(tree: Tree, entry: str, kind: str, raw: object, problems: list[Problem]) -> Reasons:
    if not isinstance(raw, dict):
        problems.append(Problem(entry, "expected a table of step ID = reason"))
        return ()
    pairs = []
    for step, reason in raw.items():
        where = f"{entry}.{step}"
        intervention = tree.interventions.get(step)
        if intervention is None:
            problems.append(Problem(where, f"'{step}' is not an intervention ID"))
        elif (kind == "about" and not intervention.standing) or (
            kind in ("omissions", "not_here", "matters") and intervention.standing
        ):
            need = (
                "a standing practice"
                if kind == "about"
                else "a step (a standing practice is never held back nor wrong)"
            )
            problems.append(Problem(where, f"expected {need}"))
        elif not isinstance(reason, str) or len(reason.split()) < 6:
            problems.append(Problem(where, "expected a reason written for the case (a sentence)"))
        else:
            pairs.append((step, " ".join(reason.split())))
    return tuple(pairs)


def practice_text() -> str:
    """practice.toml as shipped inside the package, read through its loader (it works from the wheel's zip too)."""
    loader = cast(Any, __spec__.loader)
    data: bytes = loader.get_data(str(Path(__file__).with_name(PRACTICE_FILE)))
    return data.decode("utf-8")


@cache
def load_keys() -> dict[str, CaseKey]:
    """The keys shipped inside the package, checked against the shipped tree (read once, then cached)."""
    return parse_keys(practice_text(), load_tree())


def key_for(case_id: str) -> CaseKey:
    """A case's key; a case with no entry has nothing beyond the guide's own answer."""
    return load_keys().get(case_id, CaseKey())
