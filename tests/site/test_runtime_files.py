"""The runtime files a phone downloads are trimmed: the standard library to the modules the site runs
(``guide/stdlib-modules.txt``) without docstrings and comments, the lock file to the engine's wheel.

tests/pyodide runs the engine and a whole guide session on the trimmed zip; these are the fast checks
of what the build wrote.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import tokenize
import zipfile
from pathlib import Path

from sitegen.minified_stdlib import EXEMPT, Outcome, minify
from sitegen.trimmed_runtime import module_files, read_module_list

from tests.support.runtime import unpacked_runtime
from tools.harness import ROOT

ORIGINAL_ZIP = ROOT / "node_modules/pyodide/python_stdlib.zip"
ORIGINAL_LOCK = ROOT / "node_modules/pyodide/pyodide-lock.json"
#: Modules Pyodide 314 runs from its WebAssembly binary (their spec's origin is "frozen"), not from the zip.
FROZEN = {"_collections_abc", "_sitebuiltins", "abc", "codecs", "genericpath", "io", "ntpath", "os", "posixpath"}
FROZEN |= {"site", "stat", "zipimport"}


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def shipped_stdlib(site: Path, folder: Path) -> Path:
    """The site's standard-library zip, unpacked into ``folder`` as the worker unpacks it (the site ships it packed)."""
    return unpacked_runtime(site, folder) / "python_stdlib.zip"


def has_docstrings(tree: ast.Module) -> bool:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return any(ast.get_docstring(node) is not None for node in ast.walk(tree) if isinstance(node, kinds))


def has_comments(source: bytes) -> bool:
    return any(token.type == tokenize.COMMENT for token in tokenize.tokenize(io.BytesIO(source).readline))


def top_level_names(tree: ast.Module) -> set[str]:
    """What a module defines at its top level (functions, classes, assigned and imported names)."""
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names |= {node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)}
    return names


def test_the_stdlib_zip_holds_the_listed_modules_only(site: Path, tmp_path: Path) -> None:
    shipped_zip = shipped_stdlib(site, tmp_path)
    shipped, original = entries(shipped_zip), entries(ORIGINAL_ZIP)
    listed = read_module_list()
    assert len(listed) > 100
    files = {name for name in shipped if not name.endswith("/")}
    assert files == module_files(listed, original)
    # Pyodide's format (.py sources, no bytecode), its order and dates; stored, for zstd to pack as a whole.
    assert all(name.endswith(".py") for name in files)
    assert not any(name.endswith(".pyc") for name in original)
    with zipfile.ZipFile(shipped_zip) as ours, zipfile.ZipFile(ORIGINAL_ZIP) as theirs:
        kept = [(info.filename, info.date_time) for info in theirs.infolist() if info.filename in shipped]
        assert [(info.filename, info.date_time) for info in ours.infolist()] == kept
        assert {info.compress_type for info in ours.infolist() if not info.is_dir()} == {zipfile.ZIP_STORED}
    packed = site / "assets/pyodide/python_stdlib.zip.zst"
    assert packed.stat().st_size < ORIGINAL_ZIP.stat().st_size * 0.15


def test_the_stdlib_sources_ship_without_docstrings_and_comments(site: Path, tmp_path: Path) -> None:
    shipped, original = entries(shipped_stdlib(site, tmp_path)), entries(ORIGINAL_ZIP)
    files = sorted(name for name in shipped if not name.endswith("/"))
    assert set(EXEMPT) <= set(files), "an exemption names a file the site does not ship"
    minified = []
    for name in files:
        try:
            before = ast.parse(original[name])
        except SyntaxError:  # Newer syntax than the build's Python reads: shipped as it is.
            assert shipped[name] == original[name], name
            continue
        if name in EXEMPT or shipped[name] == original[name]:
            assert name in EXEMPT or not (has_docstrings(before) or has_comments(original[name])), name
            assert shipped[name] == original[name], name
            continue
        compile(shipped[name], name, "exec", dont_inherit=True)
        after = ast.parse(shipped[name])
        assert len(shipped[name]) < len(original[name]), name
        assert not has_docstrings(after) and not has_comments(shipped[name]), name
        assert top_level_names(after) == top_level_names(before), name
        minified.append(name)
    assert len(minified) >= 0.9 * len(files)


def test_minifying_keeps_what_the_code_does() -> None:
    source = b'''"""Module."""
# A comment.
class Empty:
    """Only a docstring."""
def twice(x):
    """Doubled."""
    return 2 * x  # inline
def blank():
    "Only a docstring."
try:
    result = [twice(3), blank()]
except ValueError:
    "Never."
else:
    "Only a note."
finally:
    "A note."
'''
    smaller, outcome = minify("example.py", source)
    assert outcome is Outcome.MINIFIED
    assert b"docstring" not in smaller and b"comment" not in smaller and b"note" not in smaller
    ours: dict[str, object] = {}
    exec(compile(smaller, "example.py", "exec"), ours)
    assert ours["result"] == [6, None] and ours.get("__doc__") is None
    assert ours["Empty"].__doc__ is None


def test_exempt_and_unparseable_files_ship_as_they_are() -> None:
    source = b'"""Module."""\nvalue = 1  # note\n'
    assert minify("m.py", source) == (b"value = 1\n", Outcome.MINIFIED)
    assert minify("m.py", source, exempt={"m.py": "needs its docstring"}) == (source, Outcome.EXEMPT)
    assert minify("m.py", b"value = (1\n") == (b"value = (1\n", Outcome.UNPARSEABLE)
    assert minify("m.py", b"") == (b"", Outcome.NO_GAIN)


def test_every_stdlib_module_the_engine_imports_is_listed(site: Path) -> None:
    wheel = next((site / "assets/pyodide").glob("decision_tree-*.whl"))
    imported: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith(".pyc"):  # compiled from src/ (guide/sitegen/bytecode.py)
                for node in ast.walk(ast.parse((ROOT / "src" / name.removesuffix("c")).read_bytes())):
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
