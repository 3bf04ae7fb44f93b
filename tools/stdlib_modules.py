"""Derive the standard-library modules the site ships (guide/stdlib-modules.txt) by running the engine in Pyodide.

Two runs under Node.js, both against Pyodide's full ``python_stdlib.zip``:

1. the engine's test suite (``tests/pyodide/run_in_pyodide.mjs --record-engine-imports``), which
   records every module the engine's own code imports, lazy imports inside functions included
   (what pytest and Hypothesis import is not recorded: they are not shipped);
2. a whole guide session started as the worker starts it (``tools/guide_session.mjs``): Pyodide's
   start-up, the wheel imported from its zip, every module of the wheel, every question with every
   kind of answer, every result, back, start over, broken links and requests, practice feedback,
   then the modules of run 1.

The list is what run 2 finds in ``sys.modules`` from the stdlib zip: Pyodide's start-up first, then
what the engine and the session add. Each run imports a module's dependencies itself, so the list is
closed under import.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from decision_tree import load_tree

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
LIST_FILE = ROOT / "guide" / "stdlib-modules.txt"
SCENARIOS = ROOT / "docs" / "guide" / "scenarios.toml"
TEST_WHEELS = ROOT / ".cache" / "pyodide-wheels"
SESSION_SCRIPT = ROOT / "tools" / "guide_session.mjs"
SUITE_SCRIPT = ROOT / "tests" / "pyodide" / "run_in_pyodide.mjs"
STDLIB_MOUNT = "/lib/python314.zip/"

HEADER = """\
# The standard-library modules the site ships in assets/pyodide/python_stdlib.zip: the build
# (guide/sitegen/trimmed_runtime.py) copies only their files and their parent packages from
# node_modules/pyodide/python_stdlib.zip, as .py sources without docstrings and comments
# (guide/sitegen/minified_stdlib.py).
#
# Derived, not chosen: `tools/stdlib-modules --write` runs, in Pyodide under Node.js with the full
# zip, (1) the engine's test suite, recording every module the engine's code imports (not what
# pytest or Hypothesis import: they are never shipped), and (2) a whole guide session started as
# guide/js/worker.mjs starts it (every question with every kind of answer, every result, back,
# start over, broken links and requests, practice feedback, every module of the wheel, then the
# modules of (1)). The list is what sys.modules then holds from the zip. Run it again after
# changing the engine's imports or upgrading Pyodide; `tools/stdlib-modules --check` compares.
#
# tests/pyodide checks it: the session runs with the trimmed zip alone, and the engine suite runs on
# it (with the test tools' extra modules from a second, test-only zip) and fails if the engine
# imports a module from anywhere but the trimmed zip.
"""


@dataclass(frozen=True)
class Session:
    """What ``tools/guide_session.mjs`` reports."""

    #: The stdlib modules loaded by Pyodide's start-up, before any code of the site runs.
    bootstrap: list[str]
    #: The stdlib modules loaded at the end of the session (start-up included).
    modules: list[str]
    questions: list[str]
    levels: list[str]
    requests: int
    #: Where each of the engine's modules was imported from (its spec's origin, a file in the wheel).
    engine_origins: list[str]


def wheel_modules(wheel: Path) -> list[str]:
    """Every module of the engine's wheel, except ``__main__`` (which runs the command line)."""
    with zipfile.ZipFile(wheel) as archive:
        # .pyc: the site's wheel holds Pyodide's bytecode (guide/sitegen/bytecode.py); .py: a wheel of src/.
        files = [name.split(".")[0] for name in archive.namelist() if name.endswith((".py", ".pyc"))]
        names = [name.replace("/", ".") for name in files]
    return sorted(n.removesuffix(".__init__") for n in names if not n.endswith("__main__"))


def practice_cases() -> list[dict[str, str]]:
    """The training scenarios, as the practice page sends them to the engine."""
    scenarios = tomllib.loads(SCENARIOS.read_text(encoding="utf-8"))["scenario"]
    return [{key: str(s[key]) for key in ("id", "title", "situation", "fragment")} for s in scenarios]


def _run(command: list[str], what: str) -> None:
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")


def engine_suite_imports(wheel: Path, work: Path) -> list[str]:
    """The standard-library modules the engine's code imports while its test suite runs in Pyodide."""
    out = work / "engine-imports.json"
    command = ["node", str(SUITE_SCRIPT), "--record-engine-imports", str(out)]
    _run([*command, str(PYODIDE_NPM), str(wheel), str(TEST_WHEELS), str(ROOT / "tests" / "engine"), "-q"], "the suite")
    recorded: dict[str, str] = json.loads(out.read_text())
    return sorted(name for name, origin in recorded.items() if origin.startswith(STDLIB_MOUNT))


def run_session(
    wheel: Path,
    lock: Path,
    work: Path,
    stdlib: Path | None = None,
    imports: list[str] | None = None,
    pyodide: Path = PYODIDE_NPM,
) -> Session:
    """A whole guide session in Pyodide (``tools/guide_session.mjs``), checked to have seen every
    question and every level of the tree. ``stdlib``: the zip to start with (default: ``pyodide``'s)."""
    cases = work / "cases.json"
    cases.write_text(json.dumps(practice_cases()))
    out = work / "session.json"
    command = ["node", str(SESSION_SCRIPT), "--pyodide", str(pyodide), "--wheel", str(wheel), "--lock", str(lock)]
    command += ["--cases", str(cases), "--out", str(out), "--import", ",".join(imports or [])]
    _run(command + (["--stdlib", str(stdlib)] if stdlib else []), "the guide session")
    report = json.loads(out.read_text())
    session = Session(
        report["bootstrap"], report["session"], report["questions"], report["levels"], report["requests"],
        report["engineOrigins"],
    )  # fmt: skip
    tree = load_tree()
    missed = sorted(set(tree.questions) - set(session.questions)) + sorted(set(tree.levels) - set(session.levels))
    if missed:
        raise RuntimeError(f"the guide session never reached {', '.join(missed)}: extend tools/guide_session.mjs")
    return session


def derive(wheel: Path, lock: Path) -> Session:
    """Both runs against Pyodide's full zip: the engine suite's imports, then the session importing them too."""
    with tempfile.TemporaryDirectory(prefix="stdlib-modules-") as tmp:
        work = Path(tmp)
        imports = wheel_modules(wheel) + engine_suite_imports(wheel, work)
        return run_session(wheel, lock, work, imports=imports)


def render(session: Session) -> str:
    """The list file: the header, Pyodide's start-up, then what the engine and the session add."""
    added = sorted(set(session.modules) - set(session.bootstrap))
    lines = [HEADER, "# Pyodide's start-up", *sorted(session.bootstrap)]
    lines += ["", "# The engine and the guide session", *added]
    return "\n".join(lines) + "\n"
