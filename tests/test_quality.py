"""Static checks are part of the test command: ruff (lint) and mypy in strict mode, over src, guide, tools and tests."""

from __future__ import annotations

import subprocess
import sys

from tools.harness import ROOT


def test_ruff_is_clean() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "guide", "tools", "tests"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
