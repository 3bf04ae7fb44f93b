"""Parity: the engine's whole test suite also runs inside real Pyodide (npm package, Node.js, offline),
against the wheel and the trimmed standard library the site ships.

pytest and Hypothesis need much more of the standard library than the site ships; they get it from a
second zip, only in this test: the modules of Pyodide's zip that the site's zip leaves out, after it on
sys.path. So that this cannot hide a module the engine needs, the run records what the engine's own
code imports, and each of those must come from the site's zip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.runtime import unpacked_runtime
from tools.harness import ROOT

WHEELS = ROOT / ".cache" / "pyodide-wheels"

pytestmark = pytest.mark.pyodide

#: Where Pyodide mounts the standard library given as stdLibURL.
STDLIB_MOUNT = "/lib/python314.zip/"


def write_test_tools_stdlib(site_zip: Path, target: Path) -> None:
    """The files of Pyodide's own python_stdlib.zip that the site's zip leaves out (and every folder)."""
    with zipfile.ZipFile(site_zip) as shipped:
        kept = {name for name in shipped.namelist() if not name.endswith("/")}
    with zipfile.ZipFile(ROOT / "node_modules/pyodide/python_stdlib.zip") as full, zipfile.ZipFile(target, "w") as out:
        for info in full.infolist():
            if info.is_dir() or info.filename not in kept:
                out.writestr(info, full.read(info), compress_type=zipfile.ZIP_DEFLATED)


def test_engine_suite_passes_in_pyodide(site: Path, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the engine's tests in Pyodide"
    wanted = [
        line.split("==")[0]
        for line in (ROOT / "tests/pyodide/requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    present = {p.name.split("-")[0].lower() for p in WHEELS.glob("*.whl")}
    assert set(wanted) <= present, f"run tools/setup: missing wheels in {WHEELS}"
    wheel = next((site / "assets/pyodide").glob("decision_tree-*.whl"))
    site_zip = unpacked_runtime(site, tmp_path / "runtime") / "python_stdlib.zip"
    write_test_tools_stdlib(site_zip, tmp_path / "test-tools-stdlib.zip")
    engine_imports = tmp_path / "engine-imports.json"
    run = subprocess.run(
        [
            node,
            str(ROOT / "tests/pyodide/run_in_pyodide.mjs"),
            "--stdlib",
            str(site_zip),
            "--test-stdlib",
            str(tmp_path / "test-tools-stdlib.zip"),
            "--record-engine-imports",
            str(engine_imports),
            str(ROOT / "node_modules/pyodide"),
            str(wheel),
            str(WHEELS),
            str(ROOT / "tests/engine"),
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(run.stdout[-3000:])
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "on emscripten" in run.stdout

    # The engine took every standard-library module it imports from the site's zip.
    recorded: dict[str, str] = json.loads(engine_imports.read_text())
    assert {"json", "tomllib", "re"} <= set(recorded), recorded
    elsewhere = {name: origin for name, origin in recorded.items() if "/lib/test-tools-stdlib.zip" in origin}
    assert not elsewhere, f"the engine imports what the site does not ship (tools/stdlib-modules --write): {elsewhere}"
    assert any(origin.startswith(STDLIB_MOUNT) for origin in recorded.values())
    summary = re.search(r"(\d+) passed(?:, (\d+) skipped)? in", run.stdout)
    assert summary, run.stdout[-500:]
    passed, skipped = int(summary.group(1)), int(summary.group(2) or 0)

    # Exactly the tests that run on CPython run in Pyodide, less those that need a subprocess.
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", str(ROOT / "tests/engine")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    native = int(re.search(r"(\d+) tests? collected", collected.stdout).group(1))
    assert passed + skipped == native
    assert skipped <= 1
    print(f"Pyodide: {passed} engine tests passed, {skipped} skipped (of {native} collected on CPython)")
