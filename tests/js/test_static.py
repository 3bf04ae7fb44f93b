"""Static checks of the guide's JavaScript, part of the test command like ruff and mypy for the Python.

- The scripts read the engine's views as typed: ``guide/js/views.d.ts`` is written from
  ``src/decision_tree/views.py`` (``tools/js_types.py``) and must be current, and ``tsc --checkJs``
  (TypeScript, a pinned npm development dependency; ``tsconfig.json``) checks the scripts against it.
- Biome formats and lints them (``biome.jsonc``).
- No script names an ID of the tree: what the engine warms up on is written by the build.
- The worker settles Python (``browser.settle()``) before it answers a request.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from decision_tree import load_tree
from tools import js_types
from tools.harness import ROOT

BIN = ROOT / "node_modules" / ".bin"
SCRIPTS = ROOT / "guide" / "js"
#: The JavaScript tools the checks run, pinned to one version each (package.json and its lock file).
PINNED = ("typescript", "@biomejs/biome")


def run_tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    tool = BIN / name
    assert tool.exists(), f"{tool.relative_to(ROOT)} is missing: run tools/setup (npm ci)"
    return subprocess.run([str(tool), *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_the_javascript_tools_are_pinned_development_dependencies() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name in PINNED:
        version = package["devDependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version}: pin one exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, f"{name}: package-lock.json differs"


def test_the_views_declarations_are_written_from_views_py() -> None:
    written = js_types.DECLARATIONS.read_text(encoding="utf-8")
    assert written == js_types.declarations(), (
        "guide/js/views.d.ts differs from src/decision_tree/views.py: run `.venv/bin/python -m tools.js_types`"
    )


def test_every_view_of_views_py_is_declared() -> None:
    declared = set(re.findall(r"^export interface (\w+)", js_types.declarations(), re.M))
    assert declared == {cls.__name__ for cls in js_types.typed_dicts()}
    assert {"View", "GuideMessage", "Failure", "PracticeView", "ConsultMessage"} <= declared


def test_tsc_checks_the_scripts_against_the_views() -> None:
    shown = run_tool("tsc", "-p", "tsconfig.json", "--showConfig")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    config = json.loads(shown.stdout)
    assert config["compilerOptions"]["checkJs"] is True and config["compilerOptions"]["noEmit"] is True
    checked = {Path(name).name for name in config["files"]}
    assert {"guide.mjs", "practice.mjs", "engine.mjs", "worker.mjs", "views.d.ts"} <= checked
    run = run_tool("tsc", "-p", "tsconfig.json")
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_typed_scripts_pass_tsc_in_full_strict_mode() -> None:
    """tsconfig.strict.json lists the scripts typed in full (the shared view state among them)."""
    shown = run_tool("tsc", "-p", "tsconfig.strict.json", "--showConfig")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    config = json.loads(shown.stdout)
    options = config["compilerOptions"]
    assert options["noImplicitAny"] is True and options["strictNullChecks"] is True, options
    assert {"view-state.mjs", "announce.mjs", "copy.mjs"} <= {Path(name).name for name in config["files"]}
    run = run_tool("tsc", "-p", "tsconfig.strict.json")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("body", "fails"),
    [
        ("return view.question ? view.question.step : view.result?.level_title;", False),
        ("return view.question.stepp;", True),  # no such field
        ('return view.state === "feedback";', True),  # not a state of a guide view
    ],
)
def test_tsc_refuses_a_script_that_misreads_a_view(tmp_path: Path, body: str, fails: bool) -> None:
    views = f"{SCRIPTS.as_posix()}/views"
    (tmp_path / "reader.mjs").write_text(
        f'/** @param {{import("{views}").View}} view */\nexport function read(view) {{\n  {body}\n}}\n'
    )
    config = {"extends": (ROOT / "tsconfig.json").as_posix(), "include": ["reader.mjs"], "exclude": []}
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    run = run_tool("tsc", "-p", str(tmp_path / "tsconfig.json"))
    assert (run.returncode != 0) is fails, run.stdout + run.stderr


def test_biome_formats_and_lints_the_scripts() -> None:
    run = run_tool("biome", "ci", "--colors=off", "guide/js", "guide/sitegen", "tests/js")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-6000:]
    assert re.search(r"Checked [1-9]\d* files", run.stdout + run.stderr), run.stdout + run.stderr


def test_biome_leaves_no_script_out() -> None:
    """Every script is formatted and linted: no override turns either off for a file (engine.mjs was
    left out until it was split, since formatted it passed the 200-line cap), and only the written
    views.d.ts is outside what Biome reads."""
    config = json.loads(code_without_comments((ROOT / "biome.jsonc").read_text(encoding="utf-8")))
    for override in config.get("overrides", []):
        for part in ("formatter", "linter"):
            assert override.get(part, {}).get("enabled", True), f"biome.jsonc turns the {part} off for {override}"
    assert [entry for entry in config["files"]["includes"] if entry.startswith("!")] == ["!guide/js/views.d.ts"]


def tree_ids() -> set[str]:
    """The tree's IDs that could only mean the tree: every ID of two words or more, and each link key."""
    tree = load_tree()
    ids = {*tree.levels, *tree.phases, *tree.signs, *tree.interventions, *tree.questions}
    ids |= {answer.value for question in tree.questions.values() for answer in question.answers}
    return {item for item in ids if "-" in item} | set(tree.questions)


def code_without_comments(text: str) -> str:
    """A script's lines without its comments: whole comment lines, trailing `  // …` and /* … */ blocks."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return "\n".join(re.sub(r"\s+//\s.*$", "", line) for line in lines)


def test_no_script_names_an_id_of_the_tree() -> None:
    ids = tree_ids()
    assert {"safety-first", "still-attending", "risk"} <= ids
    found = []
    for path in sorted([*SCRIPTS.glob("*.mjs"), *SCRIPTS.glob("*.js")]):
        code = code_without_comments(path.read_text(encoding="utf-8"))
        for literal in re.findall(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`', code):
            words = set(re.findall(r"[a-z][a-z0-9-]*(?==)", literal))  # a link's keys: "risk=yes&…"
            words |= {word for word in re.findall(r"[a-z][a-z0-9-]*", literal) if "-" in word}
            found += [f"{path.name}: {item} in {literal[:60]}" for item in sorted(words & ids)]
    assert not found, "IDs of the tree belong to the tree (the build passes them on):\n" + "\n".join(found)


def test_no_page_script_formats_with_intl() -> None:
    # Intl's first use in a page sets up its locale data: 17 to 34 ms of a blocked page on this
    # machine, four times that on Lighthouse's phone (issue 20), when the guide mounted with it.
    found = []
    for path in sorted([*SCRIPTS.glob("*.mjs"), *SCRIPTS.glob("*.js")]):
        code = code_without_comments(path.read_text(encoding="utf-8"))
        found += [f"{path.name}: {call}" for call in re.findall(r"\bIntl\.\w+|\.toLocale\w*String\(", code)]
    assert not found, "format without Intl (as guide-view.mjs's printedOn does):\n" + "\n".join(found)


def test_the_worker_settles_python_before_it_reads_a_request() -> None:
    # Without browser.settle(), a full garbage collection of the warm engine fell on every few dozen
    # answers in the browser: 20 ms instead of 1 to 3 (issue 20's answer → next view p95).
    code = code_without_comments((SCRIPTS / "worker.mjs").read_text(encoding="utf-8"))
    imported = code.index('const browser = pyodide.pyimport("decision_tree.browser");')
    settled = code.index("browser.settle();")
    answered = code.index("return { handle:")
    assert imported < settled < answered, "worker.mjs calls browser.settle() once Python is warm, before any request"


def test_the_search_index_waits_for_the_offline_copys_pause() -> None:
    # search-later.js is inlined in the <head> and cannot import offline.mjs, so it keeps its own copy
    # of the reader's pause; the two must stay one rule (the same events, the same half second).
    offline = code_without_comments((SCRIPTS / "offline.mjs").read_text(encoding="utf-8"))
    search = code_without_comments((SCRIPTS / "search-later.js").read_text(encoding="utf-8"))
    offline_events, search_events = (re.search(r"READER_EVENTS = (\[[^\]]*\])", code) for code in (offline, search))
    assert offline_events and search_events, "both scripts name the reader's events READER_EVENTS"
    assert json.loads(offline_events.group(1)) == json.loads(search_events.group(1))
    assert re.search(r"readerPause\(\{[^)]*quietMs = 500\b", offline)
    assert re.search(r"__decisionGuideSearchPauseMs\) : 500;", search)
