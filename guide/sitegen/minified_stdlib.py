"""Smaller standard-library sources for the phone: docstrings and comments out, behaviour kept.

``minify`` parses a module with ``ast``, drops every statement that is a bare string (the docstrings
of modules, classes and functions, and the notes some modules write under an attribute; ``pass``
where a body would be left empty) and writes the tree back with ``ast.unparse``, which leaves out
comments and blank lines. ``ast`` rather than a filter over tokens, because the result can be
checked: it must parse back to the very tree that was unparsed, or the file ships as it is. What
the code does is then unchanged; only line numbers in tracebacks differ. Dropping docstrings is what
CPython's ``-OO`` does, which the standard library is tested under, so code that reads ``__doc__``
copes with ``None`` (``dataclasses``, ``functools.wraps``, ``typing``, Pyodide's ``_pyodide.docstring``).

A file ships as it is when ``EXEMPT`` names it (with the reason), or when the build's Python cannot
parse it: the sources are Pyodide's Python 3.14, and an older build Python lacks newer syntax
(t-strings in ``annotationlib``, ``except A, B:``).
"""

from __future__ import annotations

import ast
from enum import Enum

#: Zip entries shipped unminified, each with why. None is known to need its docstrings or comments:
#: the modules that read ``__doc__`` at run time all accept ``None``, as under ``python -OO``.
EXEMPT: dict[str, str] = {}


class Outcome(Enum):
    """What became of one file."""

    MINIFIED = "minified"
    EXEMPT = "exempt"
    UNPARSEABLE = "unparseable by the build's Python"
    NO_ROUND_TRIP = "its unparsed form parses to another tree"
    NO_GAIN = "no smaller minified"


def _is_bare_string(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def without_docstrings(tree: ast.Module) -> ast.Module:
    """``tree`` with every bare-string statement removed, in place; a body left empty gets ``pass``."""
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list) or not statements or not isinstance(statements[0], ast.stmt):
                continue
            kept = [statement for statement in statements if not _is_bare_string(statement)]
            # An empty ``else:`` is just left out; any other block needs a statement.
            setattr(node, field, kept or ([] if field == "orelse" else [ast.Pass()]))
    return tree


def minify(name: str, source: bytes, exempt: dict[str, str] = EXEMPT) -> tuple[bytes, Outcome]:
    """The source to ship for the zip entry ``name``, and what was done to it."""
    if name in exempt:
        return source, Outcome.EXEMPT
    try:
        tree = without_docstrings(ast.parse(source, filename=name))
    except SyntaxError:
        return source, Outcome.UNPARSEABLE
    text = ast.unparse(tree) + "\n"
    if ast.dump(ast.parse(text, filename=name)) != ast.dump(tree):
        return source, Outcome.NO_ROUND_TRIP
    smaller = text.encode("utf-8")
    if len(smaller) >= len(source):
        return source, Outcome.NO_GAIN
    return smaller, Outcome.MINIFIED
