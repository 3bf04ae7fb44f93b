"""Checks of the question graph and of coverage, run on every load.

The loader has already checked each entry on its own; these checks look at the
tree as a whole: where the paths go, whether every path ends in a result within
the question limit, and whether every sign and intervention can be reached.
"""

from __future__ import annotations

from functools import cache

from .errors import Problem
from .model import RESULT, Tree


def check_tree(tree: Tree) -> list[Problem]:
    problems = _check_targets(tree)
    if problems:
        return problems  # the graph is not well formed; later checks would only repeat this
    problems += _check_cycles(tree)
    if problems:
        return problems
    problems += _check_reachable(tree)
    problems += _check_order(tree)
    problems += _check_length(tree)
    problems += _check_coverage(tree)
    problems += _check_exclusive(tree)
    return problems


def _check_exclusive(tree: Tree) -> list[Problem]:
    """Signs that exclude each other must be offered by one question, so the guide can ask them as one choice."""
    problems = []
    for group in tree.exclusive:
        askers = {
            q.id for q in tree.questions.values() for a in q.answers if q.sets == "signs" and a.value in group.signs
        }
        if len(askers) > 1:
            problems.append(
                Problem(
                    f"exclusive[{group.id}]", f"its signs are offered by several questions: {', '.join(sorted(askers))}"
                )
            )
    return problems


def _check_targets(tree: Tree) -> list[Problem]:
    problems = []
    for question in tree.questions.values():
        entry = f"questions[{question.id}]"
        if not question.next and not all(a.next for a in question.answers):
            problems.append(Problem(entry, f"never reaches a result: give 'next' (another question ID, or '{RESULT}')"))
        targets = [("next", question.next)] + [(f"answers[{a.value}].next", a.next) for a in question.answers]
        for key, target in targets:
            if target and target != RESULT and target not in tree.questions:
                problems.append(
                    Problem(f"{entry}.{key}", f"'{target}' is not a question ID (known: {', '.join(tree.questions)})")
                )
    return problems


def _check_cycles(tree: Tree) -> list[Problem]:
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(node: str, path: list[str]) -> list[str]:
        if node == RESULT or state.get(node) == "done":
            return []
        if state.get(node) == "open":
            return [*path[path.index(node) :], node]
        state[node] = "open"
        for successor in tree.questions[node].successors():
            cycle = visit(successor, [*path, node])
            if cycle:
                return cycle
        state[node] = "done"
        return []

    for question_id in tree.questions:
        cycle = visit(question_id, [])
        if cycle:
            return [Problem(f"questions[{cycle[0]}]", "the path loops back on itself: " + " -> ".join(cycle))]
    return []


def _reachable(tree: Tree) -> set[str]:
    seen: set[str] = set()
    todo = [tree.start]
    while todo:
        node = todo.pop()
        if node in seen or node == RESULT:
            continue
        seen.add(node)
        todo.extend(tree.questions[node].successors())
    return seen


def _check_reachable(tree: Tree) -> list[Problem]:
    reachable = _reachable(tree)
    return [
        Problem(f"questions[{q}]", f"unreachable: no path from the start question '{tree.start}' leads here")
        for q in tree.questions
        if q not in reachable
    ]


def _check_order(tree: Tree) -> list[Problem]:
    problems = []
    start = tree.questions[tree.start]
    if start.sets != "risk":
        problems.append(Problem("start", "the first question must ask about risk: safety always comes first"))
    for field in ("risk", "phase"):
        setters = [q.id for q in tree.questions.values() if q.sets == field]
        if len(setters) != 1:
            problems.append(
                Problem("questions", f"expected exactly one question that sets '{field}', found {len(setters)}")
            )
    return problems


def longest_path(tree: Tree) -> int:
    """The most questions any path can ask (counting every question, whether or not it applies)."""

    @cache
    def longest(node: str) -> int:
        if node == RESULT:
            return 0
        return 1 + max(longest(s) for s in tree.questions[node].successors())

    return longest(tree.start)


def _check_length(tree: Tree) -> list[Problem]:
    length = longest_path(tree)
    if length > tree.max_questions:
        return [
            Problem("questions", f"a path asks {length} questions; the limit (max_questions) is {tree.max_questions}")
        ]
    return []


def _check_coverage(tree: Tree) -> list[Problem]:
    reachable = _reachable(tree)
    offered = {a.value for q in tree.questions.values() if q.id in reachable and q.sets == "signs" for a in q.answers}
    problems = [
        Problem(f"signs.{sign}", "no reachable question offers this sign") for sign in tree.signs if sign not in offered
    ]
    recommended = {i for rule in tree.rules for i in rule.add}
    problems += [
        Problem(f"interventions.{i}", "no rule ever recommends this intervention")
        for i in tree.interventions
        if i not in recommended
    ]
    return problems
