"""Where things are: the project's folders, the Pyodide runtime, and where the guide goes in the site."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
ENGINE_SRC = ROOT / "src" / "decision_tree"
TREE_PATH = ENGINE_SRC / "tree.toml"
GUIDE_SRC = ROOT / "guide"
#: The training scenarios: data beside the page they appear on, not published as a file (mkdocs.yml exclude_docs).
SCENARIOS_PATH = ROOT / "docs" / "guide" / "scenarios.toml"
#: "Say it": the patient statements to rehearse with, as data beside their page (not published either).
SAY_IT_PATH = ROOT / "docs" / "guide" / "practice" / "say-it.toml"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
#: Wheels and lock files, one folder per hash of the engine's sources.
BUILD_DIR = ROOT / "build" / "guide"
#: Only the files Pyodide needs at run time (no source maps, typings or consoles).
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The two largest, which the site ships packed with zstd as ``<name>.zst`` (sitegen/packed_runtime.py),
#: and the decoder that unpacks them in the engine's worker.
PACKED = ("pyodide.asm.wasm", "python_stdlib.zip")
PACKED_SUFFIX = ".zst"
ZSTD_DECODER = "zstd-decoder.wasm"
#: The runtime as the site publishes it, in assets/pyodide/.
PUBLISHED_RUNTIME = (
    *(name + PACKED_SUFFIX if name in PACKED else name for name in PYODIDE_RUNTIME),
    ZSTD_DECODER,
)
PYODIDE_DEST = "assets/pyodide"
#: zstd's decoder, compiled to WebAssembly, in the streaming build of the pinned npm package zstddec.
ZSTD_DECODER_NPM = ROOT / "node_modules" / "zstddec" / "dist" / "zstddec-stream.mjs"
#: The standard-library modules the site ships (derived by tools/stdlib-modules; guide/sitegen/trimmed_runtime.py).
STDLIB_MODULES = GUIDE_SRC / "stdlib-modules.txt"
#: The engine's wheel, as the lock file names its package.
ENGINE_PACKAGE = "decision-tree"
#: The packages the shipped lock file lists (with what they depend on): the engine's wheel only.
SITE_PACKAGES = (ENGINE_PACKAGE,)
GUIDE_DEST = "assets/guide"
GUIDE_PAGE = "guide/index.md"
PRACTICE_PAGE = "guide/practice/index.md"
#: "Prepare for supervision": the card and the note for a guide result (decision_tree/consult.py).
CONSULT_PAGE = "guide/consult.md"
#: The pages that run the engine: it starts from their <head>, before the rest of the page.
ENGINE_PAGES = (GUIDE_PAGE, PRACTICE_PAGE, CONSULT_PAGE)
#: Of those, the pages whose engine starts once the page has loaded and is idle, or when the reader
#: needs it, not with the first paint: a practice case is read before it is answered (practice.mjs).
STARTS_WHEN_NEEDED = (PRACTICE_PAGE,)


def site_root(page: Page) -> str:
    """The relative path from a page to the site's root ('../' from guide/)."""
    return "../" * page.url.count("/")
