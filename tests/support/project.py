"""A copy of the project in a temporary folder, for tests that change it (a broken tree, a moved page, a live edit),
with the products of its build cache."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.harness import ROOT


def copy_project(target: Path) -> None:
    for name in ["docs", "guide", "overrides", "includes", "src", "mkdocs.yml", "pyproject.toml", "README.md"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    # The build folder's cache (guide/sitegen/build_cache.py), whose products are named for a hash of
    # what made them: the copy's build finds those its sources share with this project's, instead of
    # making them again (a build without them took 12 s of CPU). Without a lock or a half-written one.
    cache = ROOT / "build" / "guide"
    if cache.is_dir():
        shutil.copytree(cache, target / "build" / "guide", ignore=shutil.ignore_patterns(".lock", "*.tmp"))
