"""The shape of the code: build time apart from run time, small files, tests organised by layer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.support.workers import EVERY_PAGE_SWEEPS, work_unit
from tools.harness import ROOT

#: Code under guide/ stays small: one concern a file.
MAX_LINES = 200


def python_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_file_under_guide_exceeds_the_limit() -> None:
    for path in sorted((ROOT / "guide").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            lines = path.read_text(encoding="utf-8").count("\n")
            assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES})"


def test_hooks_are_small_and_one_concern_each() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = re.findall(r"^  - (guide/\S+\.py)$", config[config.index("\nhooks:") :], re.M)
    assert hooks == [
        "guide/tree_pages.py", "guide/engine_assets.py", "guide/page_loading.py", "guide/security_headers.py",
        "guide/search_keywords.py", "guide/offline.py",
    ]  # fmt: skip


def test_hooks_import_the_engine_normally() -> None:
    for path in python_files("guide"):
        source = path.read_text(encoding="utf-8")
        assert "importlib" not in source and "sys.path" not in source, path.relative_to(ROOT)


def test_the_engine_holds_no_build_time_code() -> None:
    for path in python_files("src/decision_tree"):
        modules = imported_modules(path)
        assert not {m for m in modules if m.split(".")[0] in {"mkdocs", "sitegen", "tomllib"}} - {"tomllib"}, path
    assert not (ROOT / "src/decision_tree/pages.py").exists()
    assert not (ROOT / "src/decision_tree/scenarios.toml").exists()


def test_tools_import_nothing_from_tests() -> None:
    scripts = [p for p in (ROOT / "tools").rglob("*") if p.is_file() and p.suffix in {"", ".py"}]
    for path in scripts:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"^\s*(from tests\b|import tests\b)", text, re.M), path.relative_to(ROOT)


def test_no_test_module_imports_another() -> None:
    for path in python_files("tests"):
        for module in imported_modules(path):
            last = module.rsplit(".", 1)[-1]
            assert not (module.startswith("tests") and last.startswith("test_")), f"{path.relative_to(ROOT)}: {module}"


def test_unknown_markers_are_refused() -> None:
    import tree_pages

    from decision_tree import load_tree

    class FakeFile:
        src_uri = "somewhere.md"

    class FakePage:
        file = FakeFile()

    tree = load_tree()
    expanded = tree_pages.expand_markers("<!-- tree-diagram -->", tree, lambda url: url, FakePage())  # type: ignore[arg-type]
    assert expanded.startswith('<figure class="tree-diagram">')
    refused = r"somewhere.md: unknown marker <!-- pathway --> \(known: [a-z, -]*\bpathways\b"
    with pytest.raises(PluginError, match=refused):
        tree_pages.expand_markers("text <!-- pathway --> text", tree, lambda url: url, FakePage())  # type: ignore[arg-type]
    quoted = "Write `<!-- pathways -->` where the page goes."
    assert tree_pages.expand_markers(quoted, tree, lambda url: url, FakePage()) == quoted  # type: ignore[arg-type]
    with pytest.raises(PluginError, match="names no intervention"):
        tree_pages.expand_markers("<!-- phrasings: nope -->", tree, lambda url: url, FakePage())  # type: ignore[arg-type]


def test_the_modules_that_share_the_every_page_tour_go_to_one_worker_together() -> None:
    """make test's workers make the tour once only if tests/support/workers.py names every module
    whose tests take the site_tour fixture, and no other."""
    users = set()
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(arg.arg == "site_tour" for arg in node.args.args):
                users.add(path.relative_to(ROOT).as_posix())
    assert users == EVERY_PAGE_SWEEPS
    assert len({work_unit(f"{module}::test") for module in users}) == 1
    assert work_unit("tests/browser/test_guide.py::test_x") == "tests/browser/test_guide.py"
