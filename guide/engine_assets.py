"""MkDocs hook: the engine and its runtime, as files of the site.

At each build it builds the engine's wheel (pure Python, reused while the sources are unchanged),
registers it in a copy of Pyodide's lock file with pyodide-build's ``pyodide lockfile add-wheels``,
ships it compiled to the bytecode of Pyodide's Python, so that a cold start compiles none
(``sitegen/compiled_wheel.py``), and adds the four Pyodide runtime files (from the pinned npm
package; the two largest packed with zstd, with the decoder that unpacks them:
``sitegen/packed_runtime.py``), the lock file, the wheel and the guide's scripts and styles to the
site, with the views the worker warms up on (``sitegen/warm_up.py``). The standard library and the
lock file are trimmed to what the site runs (``sitegen/trimmed_runtime.py``), so that a phone
downloads fewer bytes (the scripts that start the engine from a page's ``<head>`` are
``page_loading.py``'s). ``mkdocs serve`` watches the engine and the guide: an edit rebuilds the wheel.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from sitegen.build_cache import one_build_at_a_time, written_whole
from sitegen.compiled_wheel import compiled_wheel
from sitegen.packed_runtime import packed, zstd_decoder
from sitegen.paths import (
    BUILD_DIR,
    ENGINE_PACKAGE,
    ENGINE_SRC,
    GUIDE_DEST,
    GUIDE_SRC,
    PACKED,
    PACKED_SUFFIX,
    PYODIDE_DEST,
    PYODIDE_NPM,
    PYODIDE_RUNTIME,
    ROOT,
    TREE_PATH,
    ZSTD_DECODER,
)
from sitegen.trimmed_runtime import trimmed_lockfile, trimmed_stdlib
from sitegen.warm_up import WARM_UP_MODULE, warm_up_module

from decision_tree.loader import load_tree_file


def build_wheel() -> Path:
    """Build the engine's wheel (pure Python), reusing it while the sources are unchanged."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE_SRC.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ENGINE_SRC).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    out = BUILD_DIR / digest.hexdigest()[:16]
    wheels = sorted(out.glob("decision_tree-*.whl"))
    if wheels:
        return wheels[0]
    with written_whole(out) as folder:
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(folder), str(ROOT)]
        run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if run.returncode != 0:
            raise PluginError(f"building the decision_tree wheel failed:\n{run.stdout}\n{run.stderr}")
    # setuptools leaves its staging folders beside ours; they would only go stale.
    for staging in [ROOT / "build" / "lib", *(ROOT / "build").glob("bdist.*")]:
        shutil.rmtree(staging, ignore_errors=True)
    return next(out.glob("decision_tree-*.whl"))


def write_lockfile(wheel: Path, shipped: Path) -> Path:
    """Register the wheel in a copy of Pyodide's lock file with pyodide-build's tool, then give its entry
    the SHA-256 of ``shipped``, the wheel compiled from it, as ``pyodide py-compile`` updates a lock file
    (the tool reads a package's imports from its sources, which the compiled wheel no longer holds)."""
    lock = shipped.parent / "pyodide-lock.json"
    if lock.exists():
        return lock
    tool = Path(sys.executable).parent / "pyodide"
    registered = shipped.parent / "registered-lock.json"
    command = [
        str(tool) if tool.exists() else "pyodide",
        "lockfile",
        "add-wheels",
        "--input",
        str(PYODIDE_NPM / "pyodide-lock.json"),
        "--output",
        str(registered),
        "--base-path",
        str(wheel.parent),
        str(wheel),
    ]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0 or not registered.exists():
        raise PluginError(f"pyodide lockfile add-wheels failed:\n{run.stdout}\n{run.stderr}")
    content = json.loads(registered.read_text(encoding="utf-8"))
    entry = content["packages"][ENGINE_PACKAGE]
    if entry["file_name"] != shipped.name:
        raise PluginError(f"the lock file names {entry['file_name']}, but the site ships {shipped.name}")
    entry["sha256"] = hashlib.sha256(shipped.read_bytes()).hexdigest()
    lock.write_text(json.dumps(content), encoding="utf-8")
    registered.unlink()
    return lock


def _engine_products() -> tuple[Path, Path]:
    source = build_wheel()
    wheel = compiled_wheel(source)
    return wheel, trimmed_lockfile(write_lockfile(source, wheel))


def shipped_engine() -> tuple[Path, Path]:
    """The engine's wheel as the site ships it (compiled to Pyodide's bytecode), and its lock file,
    trimmed to that one package (``tools/stdlib-modules`` runs the same pair)."""
    with one_build_at_a_time(BUILD_DIR):
        return _engine_products()


def runtime_file(name: str) -> Path:
    """One of Pyodide's runtime files as the site ships it: the standard library trimmed, the two
    largest packed (sitegen/packed_runtime.py)."""
    source = trimmed_stdlib(PYODIDE_NPM / name) if name == "python_stdlib.zip" else PYODIDE_NPM / name
    return packed(source) if name in PACKED else source


def _add(files: Files, config: MkDocsConfig, dest: str, source: Path) -> None:
    existing = files.get_file_from_path(dest)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, dest, abs_src_path=str(source)))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    missing = [name for name in PYODIDE_RUNTIME if not (PYODIDE_NPM / name).exists()]
    if missing:
        raise PluginError(f"Pyodide runtime files missing in {PYODIDE_NPM} ({', '.join(missing)}): run `npm ci`")
    # The runtime's files are made in threads while subprocesses build, compile and register the
    # engine's wheel: zstd lets go of the GIL, and the subprocesses wait outside it. From nothing
    # (a fresh clone, CI), the build took 12.8 s one after the other, and takes 8.0 s so, on two cores.
    with one_build_at_a_time(BUILD_DIR), ThreadPoolExecutor() as pool:
        runtime = {name: pool.submit(runtime_file, name) for name in sorted(PYODIDE_RUNTIME)}
        wheel, lock = _engine_products()
        for name, made in runtime.items():
            # A packed file as <name>.zst, which the worker unpacks (sitegen/packed_runtime.py).
            _add(files, config, f"{PYODIDE_DEST}/{name}{PACKED_SUFFIX if name in PACKED else ''}", made.result())
        _add(files, config, f"{PYODIDE_DEST}/{ZSTD_DECODER}", zstd_decoder())
    _add(files, config, f"{PYODIDE_DEST}/pyodide-lock.json", lock)
    _add(files, config, f"{PYODIDE_DEST}/{wheel.name}", wheel)
    for path in sorted(GUIDE_SRC.glob("js/*.mjs")) + sorted(GUIDE_SRC.glob("css/*.css")):
        _add(files, config, f"{GUIDE_DEST}/{path.name}", path)
    # The views the worker warms up on, from the tree (sitegen/warm_up.py).
    warm_up = warm_up_module(load_tree_file(TREE_PATH))
    files.append(File.generated(config, f"{GUIDE_DEST}/{WARM_UP_MODULE}", content=warm_up))
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(ENGINE_SRC))
    server.watch(str(GUIDE_SRC))
    return server
