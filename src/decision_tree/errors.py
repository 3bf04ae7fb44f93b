"""The one error the tree loader raises, naming the file, the entry and the problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    entry: str
    message: str


class TreeError(ValueError):
    """The tree data is invalid. ``problems`` lists every problem found, in file order."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: {p.entry}: {p.message}" for p in self.problems]
        super().__init__("invalid decision tree\n" + "\n".join(lines))
