"""The runtime files a phone downloads are trimmed: the standard library to the modules the site runs
(``guide/stdlib-modules.txt``), the lock file to the engine's wheel.

tests/pyodide runs the engine and a whole guide session on the trimmed zip; these are the fast checks
of what the build wrote.
"""

from __future__ import annotations

import ast
import hashlib
import json
import zipfile
from pathlib import Path

from sitegen.trimmed_runtime import module_files, read_module_list

from tests.conftest import ROOT

ORIGINAL_ZIP = ROOT / "node_modules/pyodide/python_stdlib.zip"
ORIGINAL_LOCK = ROOT / "node_modules/pyodide/pyodide-lock.json"
#: Modules Pyodide 314 runs from its WebAssembly binary (their spec's origin is "frozen"), not from the zip.
FROZEN = {"_collections_abc", "_sitebuiltins", "abc", "codecs", "genericpath", "io", "ntpath", "os", "posixpath"}
FROZEN |= {"site", "stat", "zipimport"}


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_stdlib_zip_holds_the_listed_modules_only(site: Path) -> None:
    shipped_zip = site / "assets/pyodide/python_stdlib.zip"
    shipped, original = entries(shipped_zip), entries(ORIGINAL_ZIP)
    listed = read_module_list()
    assert len(listed) > 100
    files = {name for name in shipped if not name.endswith("/")}
    assert files == module_files(listed, original)
    # The same sources as Pyodide's zip, in its format (.py, no bytecode), byte for byte.
    assert all(name.endswith(".py") for name in files)
    assert not any(name.endswith(".pyc") for name in original)
    assert all(shipped[name] == original[name] for name in files)
    assert shipped_zip.stat().st_size < ORIGINAL_ZIP.stat().st_size * 0.4


def test_every_stdlib_module_the_engine_imports_is_listed(site: Path) -> None:
    wheel = next((site / "assets/pyodide").glob("decision_tree-*.whl"))
    imported: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith(".py"):
                for node in ast.walk(ast.parse(archive.read(name))):
                    if isinstance(node, ast.Import):
                        imported |= {alias.name for alias in node.names}
                    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                        imported.add(node.module)
    with zipfile.ZipFile(ORIGINAL_ZIP) as archive:
        in_zip = {name.removesuffix(".py").removesuffix("/__init__").split("/")[0] for name in archive.namelist()}
    listed = set(read_module_list())
    stdlib = {module for module in imported if module.split(".")[0] in in_zip}
    assert {"json", "tomllib", "re", "dataclasses"} <= stdlib
    missing = {module for module in stdlib if module.split(".")[0] not in listed | FROZEN}
    assert not missing, f"not in guide/stdlib-modules.txt (run tools/stdlib-modules --write): {sorted(missing)}"


def test_the_lock_file_lists_only_the_engine(site: Path) -> None:
    shipped = site / "assets/pyodide/pyodide-lock.json"
    lock, original = json.loads(shipped.read_text()), json.loads(ORIGINAL_LOCK.read_text())
    assert set(lock) == set(original)
    assert lock["info"] == original["info"]
    assert list(lock["packages"]) == ["decision-tree"]
    entry = lock["packages"]["decision-tree"]
    wheel = site / "assets/pyodide" / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["depends"] == []
    assert shipped.stat().st_size < 2000 < ORIGINAL_LOCK.stat().st_size
