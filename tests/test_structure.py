"""The shape of the code: build time apart from run time, small files, tests organised by layer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.support.workers import EVERY_PAGE_SWEEPS, FULL_STARTS, LONGEST_FIRST, queue_order, work_unit
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


def test_the_offline_copys_tests_and_the_other_browsers_take_turns() -> None:
    assert all((ROOT / module).is_file() for module in FULL_STARTS)
    assert len({work_unit(f"{module}::test") for module in FULL_STARTS}) == 1
    assert work_unit(f"{sorted(FULL_STARTS)[0]}::test") != work_unit(f"{sorted(EVERY_PAGE_SWEEPS)[0]}::test")


def test_the_workers_take_the_longest_units_first() -> None:
    """Each unit LONGEST_FIRST names exists, and the queue gives them out before the rest, in order,
    however many tests they hold."""
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")}
    every_unit = {work_unit(f"{module}::test") for module in modules}
    assert set(LONGEST_FIRST) <= every_unit
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
    units = {"tests/engine/test_rules.py": range(400), "tests/site/test_serve.py": range(1)}
    units |= {"tests/site/test_links.py": range(3), LONGEST_FIRST[0]: range(20)}
    assert queue_order(units) == [
        LONGEST_FIRST[0],
        "tests/site/test_serve.py",
        "tests/engine/test_rules.py",
        "tests/site/test_links.py",
    ]


#: What a test in the shared engine tab may not do to it (tests/browser/conftest.py, engine_tab): a
#: listener, a route or an init script would outlive the test, and a load or a move through the tab's
#: history would leave the engine or the pages the test opened (helpers.visit opens them).
NOT_IN_THE_ENGINE_TAB = {
    "goto", "reload", "go_back", "go_forward", "route", "route_from_har", "add_init_script", "on", "once",
    "expose_function", "expose_binding", "set_extra_http_headers", "add_style_tag", "close", "open_settled",
}  # fmt: skip


#: What the tab, or its context, is called in the tests and helpers (a page the test opens itself may do anything).
TAB_NAMES = {"page", "page.context", "tab", "sized"}


def _marked_engine_tab(function: ast.FunctionDef) -> bool:
    return any(ast.unparse(decorator) == "pytest.mark.engine_tab" for decorator in function.decorator_list)


def engine_tab_misuses(source: str, helpers: dict[str, ast.FunctionDef]) -> list[str]:
    """Where a test marked engine_tab, or a function of the module or of helpers.py it calls, does
    to its tab what NOT_IN_THE_ENGINE_TAB lists: "test_name: line N: page.goto"."""
    module = ast.parse(source)
    functions = {**helpers, **{node.name: node for node in module.body if isinstance(node, ast.FunctionDef)}}
    found = []
    for test in (node for node in module.body if isinstance(node, ast.FunctionDef) and _marked_engine_tab(node)):
        seen, todo = set(), [test]
        while todo:
            function = todo.pop()
            seen.add(function.name)
            for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
                called = call.func
                name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
                on_the_tab = not isinstance(called, ast.Attribute) or ast.unparse(called.value) in TAB_NAMES
                if name in NOT_IN_THE_ENGINE_TAB and on_the_tab:
                    found.append(f"{test.name}: line {call.lineno}: {ast.unparse(called)}")
                elif isinstance(called, ast.Name) and name in functions and name not in seen:
                    todo.append(functions[name])
    return found


def test_the_tests_in_the_engine_tab_leave_it_as_they_found_it() -> None:
    helpers_module = ast.parse((ROOT / "tests/browser/helpers.py").read_text(encoding="utf-8"))
    # helpers.visit is the one way such a test opens a page (a load only in a page not yet opened)
    helpers = {node.name: node for node in helpers_module.body if isinstance(node, ast.FunctionDef)}
    del helpers["visit"]
    marked = [path for path in python_files("tests/browser") if "pytest.mark.engine_tab" in path.read_text("utf-8")]
    assert len(marked) >= 5
    misuses = [f"{path.name}: {m}" for path in marked for m in engine_tab_misuses(path.read_text("utf-8"), helpers)]
    assert misuses == []


def test_the_engine_tab_check_finds_a_load_a_listener_and_one_in_a_helper() -> None:
    source = """
import pytest

def open_it(page, url):
    page.goto(url)

@pytest.mark.engine_tab
def test_a(page):
    page.on("console", print)
    open_it(page, "x")
    open_settled(page, "y")
    elsewhere.goto("a page of its own")

def test_b(page):
    page.goto("z")
"""
    assert engine_tab_misuses(source, {}) == [
        "test_a: line 9: page.on",
        "test_a: line 11: open_settled",
        "test_a: line 5: page.goto",
    ]
