"""The platform's future stays open, and publishing never skips the tests.

MkDocs 1.x is unmaintained; ProperDocs is its maintained drop-in continuation (it comes in
with mkdocs-redirects). The site must build the same pages with either.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tools.harness import BIN, QUIET_ENV, ROOT


def pages(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}


def test_properdocs_builds_the_same_pages_as_mkdocs(site: Path, tmp_path: Path) -> None:
    properdocs = BIN / "properdocs"
    if not properdocs.exists():
        pytest.fail("properdocs is missing from the environment: it comes with mkdocs-redirects")
    out = tmp_path / "properdocs-site"
    run = subprocess.run(
        [str(properdocs), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        env=QUIET_ENV,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert pages(out) == pages(site)
    assert len(pages(site)) > 15


def test_publishing_runs_every_test_before_it_deploys() -> None:
    workflow = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    jobs = workflow[workflow.index("\njobs:") :]
    test_job = re.search(r"\n  test:\n(.*?)(?=\n  \w[\w-]*:\n)", jobs, re.S)
    assert test_job, "the workflow has a 'test' job"
    assert "run: make test" in test_job.group(1), "the test job runs the README's test command"
    build_job = re.search(r"\n  build:\n(.*?)(?=\n  \w[\w-]*:\n)", jobs, re.S)
    assert build_job and "needs: test" in build_job.group(1), "building for publication waits for the tests"
    deploy_job = jobs[jobs.index("\n  deploy:") :]
    assert "needs: build" in deploy_job and "actions/deploy-pages" in deploy_job
