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
from tools.stdlib_modules import Session, run_session, wheel_modules

pytestmark = pytest.mark.pyodide


@pytest.fixture(scope="module")
def session(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Session:
    """One whole session, started from the site's own runtime files as the worker starts it."""
    work = tmp_path_factory.mktemp("session")
    runtime = unpacked_runtime(site, work / "runtime")
    wheel = next(runtime.glob("decision_tree-*.whl"))
    stdlib, lock = runtime / "python_stdlib.zip", runtime / "pyodide-lock.json"
    return run_session(
        wheel, lock, work, stdlib=stdlib, imports=wheel_modules(wheel) + read_module_list(), pyodide=runtime
    )


def test_a_whole_guide_session_runs_on_the_trimmed_stdlib(session: Session) -> None:
    listed = read_module_list()
    assert session.requests > 200
    assert {"json", "tomllib", "encodings.utf_8", "zipfile"} <= set(session.modules)
    # Every listed module imported from the trimmed zip; the start-up needed nothing more than it lists.
    assert set(session.modules) == set(listed), "run tools/stdlib-modules --write"
    assert set(session.bootstrap) <= set(listed)


def test_the_engine_is_imported_from_bytecode_so_a_cold_start_compiles_none(session: Session) -> None:
    """The site's wheel holds Pyodide's bytecode (guide/sitegen/bytecode.py): zipimport reads each
    module's .pyc, where from a source it compiled each module twice (issue 20, engine ready)."""
    assert len(session.engine_origins) >= 10, session.engine_origins
    assert all(origin.startswith("/lib/decision-guide/") for origin in session.engine_origins)
    assert all(origin.endswith(".pyc") for origin in session.engine_origins), session.engine_origins
