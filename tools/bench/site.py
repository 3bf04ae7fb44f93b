"""The site under test: built or copied into a temporary folder, and served on 127.0.0.1."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.bench.common import (
    GUIDE_PATH,
    NOT_CONTENT,
    QUIET_SECONDS,
)
from tools.harness import RequestLog, mkdocs_build, served


def build_site(site_dir: Path) -> float:
    """Build the project with `mkdocs build --strict` into site_dir; returns the seconds it took."""
    started = time.perf_counter()
    run = mkdocs_build(site_dir)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build --strict failed:\n{run.stderr[-4000:]}")
    return elapsed


def copy_site(source: Path, site_dir: Path) -> None:
    """Copy an already built site, so that the baselines never land in someone's folder."""
    if not (source / GUIDE_PATH / "index.html").exists():
        raise SystemExit(f"{source} does not look like a built site: no {GUIDE_PATH}index.html")
    shutil.copytree(source, site_dir)



def largest_content_page(site_dir: Path) -> Path:
    """The largest built index.html, leaving out the guide itself, the handout and the baselines."""
    pages = [page for page in site_dir.rglob("index.html") if page.relative_to(site_dir).as_posix() not in NOT_CONTENT]
    return max(pages, key=lambda page: page.stat().st_size)


def url_path(site_dir: Path, page: Path) -> str:
    """The address of a built page relative to the site root ('managing/secondary/')."""
    relative = page.relative_to(site_dir).as_posix()
    return relative.removesuffix("index.html")



@contextmanager
def serve(site_dir: Path, compress: bool = False) -> Iterator[tuple[str, RequestLog]]:
    """Serve site_dir on 127.0.0.1 (the tests' static host, with browser caching allowed, and gzip
    like a static host's if `compress`); yields URL and log."""
    with served(site_dir, cache_control="max-age=600", compress=compress) as (base, log):
        yield base, log


def wait_quiet(log: RequestLog, quiet: float = QUIET_SECONDS, limit: float = 20.0) -> None:
    """Wait until no request is in flight and none has started for `quiet` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        idle = log.idle_for()
        if idle is not None and idle >= quiet:
            return
        time.sleep(0.05)

