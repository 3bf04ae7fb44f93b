"""A plain Material page to compare the guide's pages with (issue 20), built by the benchmark.

The project's own pages, built by Material for MkDocs with the project's theme settings, Markdown
extensions, navigation and search, and nothing of its own: no hooks (so no engine, no security
meta, no offline copy), no template overrides, no extra styles or scripts. It goes into the
served site under ``bench-plain/``; the page compared is ``PLAIN_PAGE`` there, a content page of
about the guide page's size. Both are served by the same server, so only the pages differ.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tools.harness import BIN, QUIET_ENV, ROOT

#: Where the plain site goes in the served site, and the page of it that the benchmark loads.
PLAIN_DIR = "bench-plain"
PLAIN_SOURCE = "alliance.md"
PLAIN_PAGE = f"{PLAIN_DIR}/alliance/"
#: What the plain build leaves out of the project's configuration: everything that is the project's
#: own rather than Material's (its hooks, its template overrides, its styles and scripts).
LEFT_OUT = ("hooks", "extra_css", "extra_javascript", "extra", "validation", "strict", "exclude_docs")


def plain_config() -> dict[str, Any]:
    """The project's mkdocs.yml, minus what is the project's own (see LEFT_OUT)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        config: dict[str, Any] = yaml_load(file)
    for key in LEFT_OUT:
        config.pop(key, None)
    config["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    config["plugins"] = ["search"]
    config["docs_dir"] = str(ROOT / "docs")
    config["exclude_docs"] = "guide/scenarios.toml\n"
    extensions: list[Any] = []
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = dict(extension["pymdownx.snippets"], base_path=[str(ROOT)])
            extension = {"pymdownx.snippets": options}
        extensions.append(extension)
    config["markdown_extensions"] = extensions
    return config


def write_plain_site(site_dir: Path) -> None:
    """Build the plain site into site_dir/bench-plain (MkDocs' non-strict build: the project's hooks
    are what resolve some of its links, so a plain build warns about them)."""
    with tempfile.TemporaryDirectory(prefix="rupture-plain-") as tmp:
        config = Path(tmp) / "mkdocs.yml"
        config.write_text(json.dumps(plain_config(), indent=1), encoding="utf-8")  # JSON is YAML too
        command = [str(BIN / "mkdocs"), "build", "--config-file", str(config), "--site-dir", str(site_dir / PLAIN_DIR)]
        run = subprocess.run(command, capture_output=True, text=True, env=QUIET_ENV, cwd=tmp)
    page = site_dir / PLAIN_PAGE / "index.html"
    if run.returncode != 0 or not page.exists():
        raise SystemExit(f"building the plain Material page failed:\n{run.stderr[-4000:]}")
