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
    """One job sets up, builds, runs every test on that build and uploads it (tests/test_release.py
    checks the steps and their order); deploying waits for that job."""
    workflow = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    jobs = workflow[workflow.index("\njobs:") :]
    job = re.search(r"\n  build-test-upload:\n(.*?)(?=\n  \w[\w-]*:\n)", jobs, re.S)
    assert job, "the workflow has a 'build-test-upload' job"
    assert "run: tools/setup --browser" in job.group(1) and "run: .venv/bin/python -m pytest" in job.group(1)
    deploy_job = jobs[jobs.index("\n  deploy:") :]
    assert "needs: build-test-upload" in deploy_job and "actions/deploy-pages" in deploy_job
