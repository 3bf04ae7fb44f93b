"""What is published is what was tested, built with locked tools.

- The Pages workflow builds the site once, for its published address, runs the tests against that
  folder (RUPTURE_GUIDE_BUILT_SITE, tests/support/built_site.py) and uploads the same folder.
- The Python development tools are locked with hashes in requirements/dev.lock; tools/setup, which
  CI runs, installs from it with --require-hashes, and the lock covers pyproject's dependencies.
  The installer that does so, uv, is locked with hashes in requirements/installer.lock.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML ships no types; the workflow is read as plain data
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.built_site import BUILT_SITE_ENV
from tools.harness import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LOCK = ROOT / "requirements" / "dev.lock"
INSTALLER_LOCK = ROOT / "requirements" / "installer.lock"
SETUP = ROOT / "tools" / "setup"

#: A step that builds the site (make test and make build build it too).
BUILDS = re.compile(r"\b(?:mkdocs|properdocs) build\b|\bmake (?:build|test)\b")
SITE_DIR = re.compile(r"--site-dir[ =](\S+)")


def steps(workflow: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    """(job, position, step) for every step of every job."""
    return [(job, i, step) for job, spec in workflow["jobs"].items() for i, step in enumerate(spec.get("steps", []))]


def publishing_problems(workflow: dict[str, Any]) -> list[str]:
    """Why a workflow would publish something other than what it tested ([] when it does not)."""
    everything = steps(workflow)
    builds = [(job, i, s) for job, i, s in everything if BUILDS.search(s.get("run", ""))]
    if len(builds) != 1:
        return [f"{len(builds)} steps build the site; one must: {[s.get('run') for _, _, s in builds]}"]
    job, built_at, build = builds[0]
    problems: list[str] = []
    named = SITE_DIR.search(build["run"])
    folder = os.path.normpath(named.group(1)) if named else "site"
    env = {**workflow.get("env", {}), **workflow["jobs"][job].get("env", {}), **build.get("env", {})}
    if "github.io" not in str(env.get("RUPTURE_GUIDE_SITE_URL", "")):
        problems.append("the build is not for the Pages address (RUPTURE_GUIDE_SITE_URL)")
    if not env.get("RUPTURE_GUIDE_PUBLISH"):
        problems.append("the build does not set RUPTURE_GUIDE_PUBLISH")
    tests = [(i, s) for j, i, s in everything if j == job and "pytest" in s.get("run", "")]
    tested = [i for i, s in tests if os.path.normpath(str(s.get("env", {}).get(BUILT_SITE_ENV, ""))) == folder]
    if not tested or min(tested) < built_at:
        problems.append(f"no test step after the build, in its job, is given {BUILT_SITE_ENV}: {folder}")
    uploads = [
        (j, i, s) for j, i, s in everything if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")
    ]
    if len(uploads) != 1:
        return [*problems, f"{len(uploads)} steps upload the site; one must"]
    upload_job, uploaded_at, upload = uploads[0]
    if upload_job != job or os.path.normpath(str(upload.get("with", {}).get("path", ""))) != folder:
        problems.append(f"the upload is not the built folder {folder} of job {job}: {upload}")
    if tested and uploaded_at < max(tested):
        problems.append("the upload comes before the tests")
    deploys = [j for j, spec in workflow["jobs"].items() if j != job and job in str(spec.get("needs", ""))]
    if not deploys:
        problems.append(f"no job deploys after {job}")
    return problems


def workflow() -> dict[str, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text(encoding="utf-8")))


def test_the_pages_workflow_publishes_the_one_build_it_tested() -> None:
    assert publishing_problems(workflow()) == []


def test_the_check_refuses_a_workflow_that_tests_one_build_and_publishes_another() -> None:
    """The workflow as it was: `make test` in one job, then `make build` and the upload in another."""
    two_builds = {
        "jobs": {
            "test": {"steps": [{"run": "make test"}]},
            "build": {
                "needs": "test",
                "steps": [
                    {"run": "make build", "env": {"RUPTURE_GUIDE_SITE_URL": "https://o.github.io/r/"}},
                    {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "site"}},
                ],
            },
            "deploy": {"needs": "build", "steps": [{"uses": "actions/deploy-pages@v4"}]},
        }
    }
    assert publishing_problems(two_builds) != []
    untested = workflow()
    for _, _, step in steps(untested):
        step.get("env", {}).pop(BUILT_SITE_ENV, None)
    assert any(BUILT_SITE_ENV in problem for problem in publishing_problems(untested))


def locked(lock: Path = LOCK) -> dict[str, list[tuple[str, list[str]]]]:
    """A lock's entries: name -> [(version, hashes)] (a name may be pinned once per environment marker)."""
    text = re.sub(r"\\\n", " ", lock.read_text(encoding="utf-8"))
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pin = re.match(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)", line)
        assert pin, f"requirements/{lock.name}: not pinned with ==: {line[:80]}"
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})\b", line)
        found.setdefault(canonicalize_name(pin.group(1)), []).append((pin.group(2), hashes))
    return found


def test_every_package_in_the_lock_is_pinned_with_its_hashes() -> None:
    entries = locked()
    assert len(entries) > 20
    unhashed = [name for name, pins in entries.items() for _, hashes in pins if not hashes]
    assert unhashed == []


def test_the_installer_is_locked_with_its_hashes_too() -> None:
    entries = locked(INSTALLER_LOCK)
    assert list(entries) == ["uv"]
    assert all(len(hashes) > 1 for _, hashes in entries["uv"])  # a wheel for each platform


def test_the_lock_covers_every_dependency_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project.get("dependencies", []), *project["optional-dependencies"]["dev"]]
    entries = locked()
    for spec in wanted:
        requirement = Requirement(spec)
        pins = entries.get(canonicalize_name(requirement.name), [])
        assert pins, f"requirements/dev.lock lacks {requirement.name}: regenerate it (its first lines say how)"
        for version, _ in pins:
            assert requirement.specifier.contains(version, prereleases=True), f"{requirement.name}=={version}: {spec}"


def pip_installs(script: str) -> list[str]:
    """Each line that installs with pip or uv pip, by name or through the set-up's pip arrays
    (``"${pip_into_venv[@]}" install``)."""
    installs = r"\bpip install\b|\{pip\w*\[@\]\}\" install\b"
    return [line.strip() for line in script.splitlines() if re.search(installs, line)]


def unlocked_installs(script: str) -> list[str]:
    """The pip (or uv pip) installs of a script other than from a lock with hashes, or of the project alone."""
    return [
        line
        for line in pip_installs(script)
        if not ("--require-hashes" in line and re.search(r"-r requirements/(dev|installer)\.lock\b", line))
        and not ("--no-deps" in line and re.search(r"-e \.(\s|$)", line))
    ]


def test_setup_installs_the_tools_from_the_lock_only() -> None:
    script = SETUP.read_text(encoding="utf-8")
    assert any("--require-hashes -r requirements/dev.lock" in line for line in pip_installs(script))
    assert any("--require-hashes -r requirements/installer.lock" in line for line in pip_installs(script))
    assert unlocked_installs(script) == []
    assert re.search(r"stamp\(\).*requirements/dev\.lock", script), "a change of the lock must re-run the install"
    assert re.search(r"stamp\(\).*requirements/installer\.lock", script), "so must a change of the installer"


@pytest.mark.parametrize(
    "bad",
    [
        "pip install -e '.[dev]'",
        "pip install --upgrade pip",
        "pip install -e .",
        "pip install uv",
        "uv pip install -r requirements/dev.lock",
        '"${pip_into_venv[@]}" install uv',
    ],
)
def test_the_setup_check_refuses_an_install_outside_the_lock(bad: str) -> None:
    assert unlocked_installs(bad) == [bad]


def test_ci_sets_up_with_tools_setup_and_installs_nothing_unlocked() -> None:
    runs = [step.get("run", "") for _, _, step in steps(workflow())]
    setup_at = [i for i, run in enumerate(runs) if re.search(r"(^|\s)tools/setup\b", run)]
    build_at = [i for i, run in enumerate(runs) if BUILDS.search(run)]
    assert setup_at and build_at and setup_at[0] < build_at[0], runs
    assert [line for run in runs for line in unlocked_installs(run)] == []
