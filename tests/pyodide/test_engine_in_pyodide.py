"""Parity: the engine's whole test suite also runs inside real Pyodide (npm package, Node.js, offline),
against the wheel the site ships."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

WHEELS = ROOT / ".cache" / "pyodide-wheels"

pytestmark = pytest.mark.pyodide


def test_engine_suite_passes_in_pyodide(site: Path) -> None:
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
    run = subprocess.run(
        [
            node,
            str(ROOT / "tests/pyodide/run_in_pyodide.mjs"),
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
