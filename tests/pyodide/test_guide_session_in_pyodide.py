"""The guide runs on the trimmed standard library alone: a whole session in real Pyodide (Node.js),
started from the site's own runtime files as the worker starts it.

The session (``tools/guide_session.mjs``) loads Pyodide with the site's ``python_stdlib.zip`` and
``pyodide-lock.json``, imports the wheel from its zip, imports every module of the wheel and every
module of ``guide/stdlib-modules.txt``, asks every question with every kind of answer, opens every
result, goes back, starts over, and asks for practice feedback. A module the engine or Pyodide
needs that the zip lacks fails it with an ImportError.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitegen.trimmed_runtime import read_module_list

from tests.support.runtime import unpacked_runtime
from tools.stdlib_modules import run_session, wheel_modules

pytestmark = pytest.mark.pyodide


def test_a_whole_guide_session_runs_on_the_trimmed_stdlib(site: Path, tmp_path: Path) -> None:
    runtime = unpacked_runtime(site, tmp_path / "runtime")
    wheel = next(runtime.glob("decision_tree-*.whl"))
    listed = read_module_list()
    session = run_session(
        wheel,
        runtime / "pyodide-lock.json",
        tmp_path,
        stdlib=runtime / "python_stdlib.zip",
        imports=wheel_modules(wheel) + listed,
        pyodide=runtime,
    )
    assert session.requests > 200
    assert {"json", "tomllib", "encodings.utf_8", "zipfile"} <= set(session.modules)
    # Every listed module imported from the trimmed zip; the start-up needed nothing more than it lists.
    assert set(session.modules) == set(listed), "run tools/stdlib-modules --write"
    assert set(session.bootstrap) <= set(listed)
