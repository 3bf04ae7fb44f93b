"""Paths, targets and time limits shared by the benchmark's sections, and its progress line."""

from __future__ import annotations

import os
import sys
from typing import Literal

from tools.harness import ROOT

#: The five files that make up the Pyodide runtime the guide ships (the wheel is the project's own).
PYODIDE_DIR = "assets/pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: The pinned npm package, as published: the bare pages' runtime (the site's may be trimmed).
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
BARE_RUNTIME_DIR = "bench-bare/pyodide"
BARE_RUNTIME_FILES = RUNTIME_FILES
GUIDE_PATH = "guide/"
PRACTICE_PATH = "guide/practice/"
CONTENT_PATH = "managing/secondary/"
BARE_WORKER_PATH = "bench-bare/"
BARE_MAIN_PATH = "bench-bare/main-thread.html"
BARE_ENGINE_PATH = "bench-bare/engine.html"
#: The guide as it was before issue 20 deferred Material's search index on the engine's pages:
#: a copy of guide/index.html beside it (same relative addresses) without that script.
SEARCH_NOW_PATH = "guide/bench-search-now.html"
#: Pages left out when looking for the largest content page.
NOT_CONTENT = ("guide/index.html", "handout/index.html", "bench-bare/index.html")

# Targets.
FIRST_QUESTION_MS = 300.0
READY_RATIO = 1.10
CLICK_P95_MS = 16.0
BYTES_RATIO = 1.05

ENGINE_TIMEOUT_MS = 60_000
CLICK_TIMEOUT_MS = 10_000
QUIET_SECONDS = 1.0

Kind = Literal["guide", "bare-worker", "bare-main", "bare-engine", "guide-search-now"]
KIND_PATHS: dict[Kind, str] = {
    "guide": GUIDE_PATH,
    "bare-worker": BARE_WORKER_PATH,
    "bare-main": BARE_MAIN_PATH,
    "bare-engine": BARE_ENGINE_PATH,
    "guide-search-now": SEARCH_NOW_PATH,
}


def load_average() -> str:
    """The 1-minute load average: other work on the machine skews every timing."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)

