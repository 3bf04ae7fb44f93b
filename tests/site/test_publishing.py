"""Citations cite the real address (issue 24, point 11): a publishing build refuses the example domain.

Every page's "Cite this page" names site_url plus the page's address. mkdocs.yml falls back to an
example domain so that a local build works anywhere; the Pages workflow sets the real address and
RUPTURE_GUIDE_PUBLISH, and with that set the build fails on the example domain.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tools.harness import BIN, QUIET_ENV, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
REAL_ADDRESS = "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/"


def build(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {key: value for key, value in QUIET_ENV.items() if not key.startswith("RUPTURE_GUIDE_")}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, cwd=ROOT, env={**environ, **env},
    )  # fmt: skip


def test_a_publishing_build_with_the_example_address_fails(tmp_path: Path) -> None:
    run = build(tmp_path, RUPTURE_GUIDE_PUBLISH="1")
    assert run.returncode != 0
    assert "RUPTURE_GUIDE_SITE_URL" in run.stderr and "example" in run.stderr, run.stderr[-2000:]
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_pages_workflow_publishes_with_the_repository_address() -> None:
    workflow = WORKFLOW.read_text(encoding="utf-8")
    build_step = workflow[workflow.index("name: Build the site") :]
    build_step = build_step[: build_step.index("- uses:")]
    assert re.search(r"run: \.venv/bin/mkdocs build --strict\b", build_step)
    assert f"RUPTURE_GUIDE_SITE_URL: {REAL_ADDRESS}" in build_step
    assert re.search(r"RUPTURE_GUIDE_PUBLISH: \"?1\"?", build_step)
    assert "example" not in build_step.split("RUPTURE_GUIDE_SITE_URL:", 1)[1].splitlines()[0]


def test_the_check_accepts_a_real_address_and_a_local_build() -> None:
    from tree_pages import check_published_address  # the hook module, on the tests' path (guide/)

    check_published_address("https://someone.github.io/rupture-guide/", {"RUPTURE_GUIDE_PUBLISH": "1"})
    check_published_address("https://rupture-guide.example.org/", {})  # make serve, a local make build
