"""The engine's views as TypeScript declarations, for the type check of the guide's JavaScript.

``src/decision_tree/views.py`` is the one description of what the engine sends the page; the
scripts of ``guide/js/`` read the same shapes. This writes them as ``guide/js/views.d.ts``, which
the scripts name in their JSDoc (``@param {import("./views").View} view``) and ``tsc --checkJs``
checks them against. A test fails while the file differs from what this writes; to refresh it::

    .venv/bin/python -m tools.js_types
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path

from decision_tree import views

ROOT = Path(__file__).resolve().parents[1]
DECLARATIONS = ROOT / "guide" / "js" / "views.d.ts"

HEADER = """\
// Written by tools/js_types.py from src/decision_tree/views.py: edit views.py, then run
// `.venv/bin/python -m tools.js_types`. What each field means is documented there.
"""
#: An interface of at most this many fields fits on one line.
ONE_LINE = 4
SCALARS = {str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def typed_dicts() -> list[type]:
    """The TypedDicts of views.py, in the order the module defines them."""
    return [item for item in vars(views).values() if typing.is_typeddict(item) and item.__module__ == views.__name__]


def ts_type(hint: object) -> str:
    """One Python annotation of views.py as a TypeScript type."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and hint in SCALARS:
        return SCALARS[hint]
    if isinstance(hint, type) and typing.is_typeddict(hint):
        return hint.__name__
    if origin is typing.Literal:
        return " | ".join(f'"{value}"' for value in args)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(ts_type(arg) for arg in args)
    if origin is list:
        item = ts_type(args[0])
        return f"({item})[]" if " " in item else f"{item}[]"
    if origin is dict and args[0] is str:
        return f"Record<string, {ts_type(args[1])}>"
    raise TypeError(f"views.py uses a type the generator does not know: {hint!r}")


def interface(cls: type) -> str:
    """``export interface Name extends Base { field: type; ... }``, on one line when it is short."""
    bases = [base for base in getattr(cls, "__orig_bases__", ()) if typing.is_typeddict(base)]
    inherited = {key for base in bases for key in typing.get_type_hints(base)}
    hints = {key: hint for key, hint in typing.get_type_hints(cls).items() if key not in inherited}
    extends = f" extends {', '.join(base.__name__ for base in bases)}" if bases else ""
    fields = [f"{key}: {ts_type(hint)};" for key, hint in hints.items()]
    # The docstring's first line, if the class has its own (a TypedDict without one gets none).
    doc = (cls.__doc__ or "").strip().split("\n", 1)[0]
    comment = f"/** {doc.replace('*/', '* /')} */\n" if doc else ""
    if len(fields) <= ONE_LINE:
        return f"{comment}export interface {cls.__name__}{extends} {{ {' '.join(fields)} }}"
    body = "".join(f"\n  {field}" for field in fields)
    return f"{comment}export interface {cls.__name__}{extends} {{{body}\n}}"


def declarations() -> str:
    """The whole of ``guide/js/views.d.ts``."""
    return HEADER + "".join(f"{interface(cls)}\n" for cls in typed_dicts())


def main() -> int:
    DECLARATIONS.write_text(declarations(), encoding="utf-8")
    print(f"wrote {DECLARATIONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
