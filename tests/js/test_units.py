"""The front end's unit tests: every ``tests/js/*.test.mjs`` under Node's own test runner
(``node --test``, no npm packages), so that ``make test``'s one pytest run includes them.

They drive ``guide/js/engine.mjs`` with a fake Worker (``tests/js/fake-worker.mjs``), and the shared parts of
the page controllers (view state, copying, announcing) with fakes of the DOM."""

from __future__ import annotations

import re
import shutil
import subprocess

from tools.harness import ROOT

HERE = ROOT / "tests/js"

#: As many tests as the files held when this was written: losing some fails too.
AT_LEAST = 64


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node")
    assert node, "Node.js 18 or newer is needed for the front end's unit tests (see the README)"
    files = sorted(HERE.glob("*.test.mjs"))
    assert files, f"no *.test.mjs in {HERE}"
    run = subprocess.run(
        [node, "--test", "--test-reporter=tap", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    counts = {key: int(value) for key, value in re.findall(r"^# (pass|fail|cancelled) (\d+)$", run.stdout, re.M)}
    assert counts.get("fail") == 0 and counts.get("cancelled") == 0, report
    assert counts.get("pass", 0) >= AT_LEAST, report
