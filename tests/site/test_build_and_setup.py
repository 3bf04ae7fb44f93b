"""The project's shape and its build: layout, pins, the two README commands, what `mkdocs build` ships."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest

from tests.support.project import copy_project
from tests.support.runtime import unpack
from tools.bench.lighthouse import LIGHTHOUSE
from tools.harness import ROOT

#: As the site ships it: the two largest files packed with zstd, and the decoder that unpacks them.
PYODIDE_RUNTIME = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm.zst", "python_stdlib.zip.zst"}
PYODIDE_RUNTIME |= {"zstd-decoder.wasm", "pyodide-lock.json"}


def test_layout() -> None:
    for path in [
        "docs",
        "guide",
        "src/decision_tree",
        "tests",
        "mkdocs.yml",
        "pyproject.toml",
        "package.json",
        "package-lock.json",
        ".ci/run",
        "README.md",
    ]:
        assert (ROOT / path).exists(), path


def test_pins() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.12"
    assert project["dependencies"] == []
    dev = project["optional-dependencies"]["dev"]
    assert "mkdocs>=1.6,<2" in dev and "mkdocs-material>=9.8,<10" in dev
    package = json.loads((ROOT / "package.json").read_text())
    assert re.fullmatch(r"314\.\d+\.\d+", package["dependencies"]["pyodide"])
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/pyodide"]["version"] == package["dependencies"]["pyodide"]


def test_lighthouse_is_the_benchmarks_alone() -> None:
    """`make test` installs the project's npm packages only. Lighthouse and its 200 packages come with
    `make bench` (tools/setup --bench), from the benchmark's own lock."""
    assert not any(
        name.endswith("/lighthouse") for name in json.loads((ROOT / "package-lock.json").read_text())["packages"]
    )
    pinned = json.loads((ROOT / "tools/bench/package.json").read_text())["devDependencies"]["lighthouse"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    bench_lock = json.loads((ROOT / "tools/bench/package-lock.json").read_text())["packages"]
    assert bench_lock["node_modules/lighthouse"]["version"] == pinned
    assert all(entry.get("integrity") for name, entry in bench_lock.items() if name)
    assert LIGHTHOUSE.is_relative_to(ROOT / "tools/bench/node_modules")
    makefile = (ROOT / "Makefile").read_text()
    assert "tools/setup --browser --bench" in makefile.split("bench:")[1].split("\n\n")[0]
    assert "--bench" not in makefile.split("test:")[1].split("\n\n")[0]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash|shell)?\n(.*?)```", text, flags=re.S)
    return [line.strip() for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]


def test_readme_starts_with_exactly_two_commands_after_cloning() -> None:
    commands = readme_commands()
    assert commands[0].startswith("git clone")
    assert commands[1].startswith("cd ")
    assert commands[2:] == ["make serve", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("serve:")[1].split("\n\n")[0]
    assert "tools/setup" in serve and "mkdocs serve --dev-addr 127.0.0.1:8000 --livereload" in serve
    test = makefile.split("test:")[1].split("\n\n")[0]
    assert "tools/setup --browser" in test and "pytest" in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [line for line in (ROOT / ".ci/run").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == "make test"
    assert all(line.startswith(("set ", "export ", "cd ")) for line in lines[:-1]), lines


def test_setup_never_downloads_a_browser() -> None:
    setup = (ROOT / "tools/setup").read_text()
    assert "apt_install chromium" in setup and "apt-get install -y -qq" in setup
    assert "playwright install" not in setup.replace("'.venv/bin/playwright install chromium'", "")


def find_chromium(*options: str, **env: str) -> str:
    """What tools/find-chromium prints, with Playwright's browsers looked for in a folder of the test's."""
    environment = {key: value for key, value in os.environ.items() if key != "CHROMIUM"} | env
    run = subprocess.run([str(ROOT / "tools/find-chromium"), *options], capture_output=True, text=True, env=environment)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


@pytest.mark.parametrize("npm_fails", [True, False])
def test_the_set_up_waits_for_what_it_downloads_in_the_background(tmp_path: Path, npm_fails: bool) -> None:
    """npm ci runs while uv installs (tools/setup): its failure still fails the set-up, and the set-up
    ends only once it has finished. A fake npm stands in; the venv and the wheels are already there."""
    project = tmp_path / "project"
    for name in ["tools/setup", "tools/find-python", "pyproject.toml", "package.json", "package-lock.json"]:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes((ROOT / name).read_bytes())
        (project / name).chmod((ROOT / name).stat().st_mode)
    for name in ["requirements/installer.lock", "requirements/dev.lock", "tests/pyodide/requirements.txt"]:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes((ROOT / name).read_bytes())

    def stamp(*names: str) -> str:
        return hashlib.sha256(b"".join((project / name).read_bytes() for name in names)).hexdigest()[:16]

    (project / ".venv/bin").mkdir(parents=True)
    (project / ".venv/bin/python").symlink_to(sys.executable)
    (project / ".venv/.installed").write_text(
        stamp("pyproject.toml", "requirements/installer.lock", "requirements/dev.lock") + "\n"
    )
    (project / ".cache/pyodide-wheels").mkdir(parents=True)
    (project / ".cache/pyodide-wheels/.installed").write_text(stamp("tests/pyodide/requirements.txt") + "\n")
    fake = tmp_path / "bin/npm"
    fake.parent.mkdir()
    fails, succeeds = "echo 'npm: no registry' >&2; exit 3", 'mkdir -p "$3/node_modules"'  # npm ci --prefix DIR
    fake.write_text(f"#!/bin/sh\n{fails if npm_fails else succeeds}\n")
    fake.chmod(0o755)
    environment = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    run = subprocess.run([str(project / "tools/setup")], capture_output=True, text=True, cwd=project, env=environment)
    if npm_fails:
        assert run.returncode != 0 and "npm: no registry" in run.stderr, run
        assert not (project / "node_modules/.installed").exists()
    else:
        assert run.returncode == 0, run
        assert (project / "node_modules/.installed").read_text().strip() == stamp("package-lock.json")


def test_the_browser_tests_run_in_the_headless_shell_and_the_rest_in_the_full_chromium(tmp_path: Path) -> None:
    """Where both are, the browser tests get Chromium's headless shell and the benchmark and the smoke
    tests the full browser; $CHROMIUM overrides both. A fake of each that Playwright could have
    installed stands in where the system has neither."""
    for path in ["chromium_headless_shell-1/chrome-linux/headless_shell", "chromium-1/chrome-linux/chrome"]:
        fake = tmp_path / path
        fake.parent.mkdir(parents=True)
        fake.write_text("#!/bin/sh\n")
        fake.chmod(0o755)
    browsers = {"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path)}
    assert "headless" in Path(find_chromium("--headless-shell", **browsers)).name
    assert "headless" not in Path(find_chromium(**browsers)).name
    for options in [(), ("--headless-shell",)]:
        assert find_chromium(*options, CHROMIUM="/bin/sh", **browsers) == "/bin/sh"
    setup = (ROOT / "tools/setup").read_text()
    assert "apt_install chromium-headless-shell" in setup


def test_site_ships_only_the_runtime_files(site: Path) -> None:
    shipped = {p.name for p in (site / "assets/pyodide").iterdir()}
    wheels = {name for name in shipped if name.endswith(".whl")}
    assert shipped - wheels == PYODIDE_RUNTIME | {"runtime.json"}  # runtime.json: the build's (guide/offline.py)
    assert [w.split("-")[0] for w in wheels] == ["decision_tree"]
    # The lock file and the standard library are trimmed by the build (tests/site/test_runtime_files.py).
    for name in ("pyodide.mjs", "pyodide.asm.mjs"):
        assert (site / "assets/pyodide" / name).read_bytes() == (ROOT / "node_modules/pyodide" / name).read_bytes()
    # The .wasm unpacks to Pyodide's very file.
    wasm = unpack(site / "assets/pyodide/pyodide.asm.wasm.zst")
    assert wasm == (ROOT / "node_modules/pyodide/pyodide.asm.wasm").read_bytes()


def test_lock_file_lists_the_wheel(site: Path) -> None:
    lock = json.loads((site / "assets/pyodide/pyodide-lock.json").read_text())
    entry = lock["packages"]["decision-tree"]
    wheel = site / "assets/pyodide" / entry["file_name"]
    assert entry["imports"] == ["decision_tree"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    original = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    assert lock["info"] == original["info"]
    assert set(lock["packages"]) == {"decision-tree"}


#: What the browser and the command line run, and nothing used only at build time: each module as
#: Pyodide's bytecode, its source left out (guide/sitegen/bytecode.py), the data files as they are.
WHEEL_FILES = {
    f"decision_tree/{name}"
    for name in [
        "__init__.pyc", "__main__.pyc", "api.pyc", "browser.pyc", "checks.pyc", "cli.pyc", "consult.pyc",
        "consult.toml", "engine.pyc", "errors.pyc", "fragment.pyc", "html_text.pyc", "loader.pyc", "model.pyc",
        "practice.pyc", "practice.toml", "practice_data.pyc", "py.typed", "render.pyc", "render_practice.pyc",
        "tree.toml", "views.pyc",
    ]
}  # fmt: skip
#: The first bytes of an unchecked-hash .pyc (PEP 552) after its magic number: no time stamp, so the
#: same sources always give the same wheel.
UNCHECKED_HASH_FLAGS = b"\x01\x00\x00\x00"


def test_wheel_ships_only_what_the_browser_and_the_cli_run(site: Path) -> None:
    wheel = zipfile.ZipFile(next((site / "assets/pyodide").glob("decision_tree-*.whl")))
    names = {n for n in wheel.namelist() if not n.startswith("decision_tree-")}
    assert names == WHEEL_FILES
    magic = {wheel.read(name)[:4] for name in names if name.endswith(".pyc")}
    assert len(magic) == 1, "every module is compiled by one Python, Pyodide's"
    assert {wheel.read(name)[4:8] for name in names if name.endswith(".pyc")} == {UNCHECKED_HASH_FLAGS}
    for name in names - {n for n in names if n.endswith(".pyc")}:
        assert wheel.read(name) == (ROOT / "src" / name).read_bytes(), name


#: Each shipped module's public functions and classes: what the browser and the command line run,
#: and the types they use. A build-only function (choosing a case's options, a case's form) is not here.
WHEEL_NAMES = {
    "api": "answer first_question question_data recommend_data result_data view",
    "browser": "handle settle",
    "checks": "check_tree longest_path",
    "cli": "UsageError format_result interactive main",
    "consult": "Blank Card Consult Facts Line Note consult_html consult_text consult_view holds load_consult notes_for "
    "parse_consult",
    "engine": "Asked ConflictingSigns InvalidInput Recommended Result SafetyMessageText State Walk at_most "
    "check_values contact_of level_of placeholders recommend validate_state walk",
    "errors": "Problem TreeError",
    "fragment": "Parsed back_fragment format_answers parse pending_fragment result_fragment unquote valid_values",
    "html_text": "escape",
    "loader": "load_tree load_tree_file parse_tree",
    "model": "Answer Avoid Condition ContactRule Evidence Exclusive Intervention Level Phase Phrasing Question Rule "
    "SafetyMessage Sign Text Tree channels_shown risk_fits",
    "practice": "as_the_case case_outcome case_result feedback reading score summary",
    "practice_data": "CaseKey key_for load_keys parse_keys practice_text",
    "render": "evidence_html ignored_html question_html result_html view_html",
    "render_practice": "feedback_html summary_html",
}


def test_wheel_ships_only_the_public_names_that_run(site: Path) -> None:
    """Public module-level functions and classes of every shipped module, read from the source each
    shipped .pyc is compiled from (the views' TypedDicts apart: types, checked by mypy)."""
    wheel = zipfile.ZipFile(next((site / "assets/pyodide").glob("decision_tree-*.whl")))
    shipped = {}
    for name in wheel.namelist():
        module = PurePosixPath(name)
        if module.suffix == ".pyc" and module.parent.name == "decision_tree" and module.stem not in WHEEL_TRIVIAL:
            tree = ast.parse((ROOT / "src/decision_tree" / f"{module.stem}.py").read_text(encoding="utf-8"))
            public = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef) and n.name[0] != "_"]
            shipped[module.stem] = " ".join(sorted(public))
    assert shipped == WHEEL_NAMES


WHEEL_TRIVIAL = {"__init__", "__main__", "views"}


def test_guide_page_prerenders_the_first_question(site: Path) -> None:
    html = (site / "guide/index.html").read_text()
    guide = html[html.index('id="decision-guide"') :]
    assert 'data-state="question"' in guide[:300]
    assert 'data-question="risk"' in guide
    assert "<noscript>" in guide


def test_no_google_fonts_and_no_cdn(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, page


def test_invalid_tree_fails_the_build(tmp_path: Path) -> None:
    from tools.harness import mkdocs_build

    project = tmp_path / "project"
    copy_project(project)
    tree = project / "src/decision_tree/tree.toml"
    tree.write_text(tree.read_text().replace('next = "attendance"', 'next = "atendance"'))
    run = mkdocs_build(tmp_path / "out", project / "mkdocs.yml")
    assert run.returncode != 0
    assert "tree.toml: questions[in-session].next: 'atendance' is not a question ID" in run.stderr


def test_publishing_workflow_and_instructions() -> None:
    workflow = (ROOT / ".github/workflows/pages.yml").read_text()
    # One build, tested and then uploaded: tests/test_release.py reads the steps.
    assert "mkdocs build --strict" in workflow and "path: site" in workflow and "actions/deploy-pages" in workflow
    readme = (ROOT / "README.md").read_text()
    publishing = readme[readme.index("## Publishing") :]
    assert "application/wasm" in publishing and "site/" in publishing


class Landmarks(HTMLParser):
    """The links inside Material's navigation (`nav.md-nav`) and footer, the dialogs, and the ids."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.nav_depth: int | None = None
        self.footer_depth: int | None = None
        self.nav_links: list[str] = []
        self.footer_links: list[str] = []
        self.dialogs: list[dict[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "dialog" or found.get("role") in {"dialog", "alertdialog"}:
            self.dialogs.append({"tag": tag, **found})
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if tag == "nav" and "md-nav" in found.get("class", "").split() and self.nav_depth is None:
            self.nav_depth = len(self.stack)
        if tag == "footer" and self.footer_depth is None:
            self.footer_depth = len(self.stack)
        if tag == "a" and "href" in found:
            if self.nav_depth is not None:
                self.nav_links.append(found["href"])
            if self.footer_depth is not None:
                self.footer_links.append(found["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack and self.stack.pop() != tag:
            pass
        if self.nav_depth is not None and len(self.stack) < self.nav_depth:
            self.nav_depth = None
        if self.footer_depth is not None and len(self.stack) < self.footer_depth:
            self.footer_depth = None


def landmarks(page: Path) -> Landmarks:
    parsed = Landmarks()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def site_path(site: Path, page: Path, href: str) -> str:
    """The site-relative path a link on a built page points at (no query, no fragment)."""
    base = "/" + page.relative_to(site).as_posix()
    return str(PurePosixPath(urlsplit(urljoin(base, href)).path))


def test_every_dialog_has_an_accessible_name(site: Path) -> None:
    """Lighthouse's aria-dialog-name (Material's search is a role="dialog"): a label, or labelling ids that exist."""
    dialogs = 0
    for page in sorted(site.rglob("*.html")):
        parsed = landmarks(page)
        for dialog in parsed.dialogs:
            dialogs += 1
            label = dialog.get("aria-label", "").strip()
            labelled_by = dialog.get("aria-labelledby", "").split()
            assert label or (labelled_by and all(i in parsed.ids for i in labelled_by)), (page, dialog)
    assert dialogs > 0


def test_contributing_is_linked_from_the_footer_only(site: Path) -> None:
    """The contributors' page stays published, out of the clinicians' navigation, found in every footer."""
    assert (site / "contributing/index.html").is_file()
    pages = [p for p in sorted(site.rglob("*.html")) if p.name == "index.html"]
    assert len(pages) > 5
    for page in pages:
        parsed = landmarks(page)
        assert parsed.nav_links, page
        assert "/contributing" not in {site_path(site, page, href) for href in parsed.nav_links}, page
        assert "/contributing" in {site_path(site, page, href) for href in parsed.footer_links}, page


def static_imports(module: Path) -> set[str]:
    """The modules a JavaScript module imports statically, and theirs, by file name."""
    found: set[str] = set()
    for name in re.findall(r'^import [^;]*?from "\./([\w.-]+\.mjs)";', module.read_text(encoding="utf-8"), re.M):
        found |= {name} | static_imports(module.parent / name)
    return found


def test_the_engine_pages_create_the_worker_first_and_it_asks_for_the_runtime_first(site: Path) -> None:
    # On a slow network every round trip before the runtime is asked for costs half a second.
    for page in ["guide/index.html", "guide/practice/index.html"]:
        head = (site / page).read_text(encoding="utf-8").split("</head>")[0]
        first_script = re.search(r"<script[^>]*>(.*?)</script>", head, re.S)
        assert first_script and "new Worker(" in first_script.group(1), page
        assert head.index('http-equiv="Content-Security-Policy"') < first_script.start(), page
        assert "assets/guide/worker.mjs" in first_script.group(1)
    assert "new Worker(" not in (site / "managing/index.html").read_text(encoding="utf-8")
    # The worker imports nothing statically: its first lines ask for the largest files.
    assert static_imports(ROOT / "guide/js/worker.mjs") == set()
