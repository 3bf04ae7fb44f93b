"""Bytes: what one cold load of a page requested, as the server logged it, against the runtime alone
(the service worker blocked: its background copy is not the page's own)."""

from __future__ import annotations

import functools
import gzip
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser

from tools.bench.browser import new_context, wait_ready
from tools.bench.common import BARE_RUNTIME_DIR, PYODIDE_DIR, RUNTIME_FILES
from tools.bench.figures import Transfer
from tools.bench.site import wait_quiet
from tools.harness import Hit, RequestLog


@functools.cache
def file_sizes(path: Path) -> tuple[int, int]:
    """Raw size and gzip -6 size of a file on disk."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def disk_file(site_dir: Path, request_path: str) -> Path | None:
    """The file a request path maps to, as http.server would serve it."""
    path = unquote(urlsplit(request_path).path).lstrip("/")
    target = site_dir / path
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def transfer(site_dir: Path, path: str, hits: Sequence[Hit]) -> Transfer:
    """Sum what one page load requested: raw body bytes and gzip -6 sizes of the same files."""
    raw = gz = pyodide_bytes = 0
    files: list[str] = []
    pyodide: list[str] = []
    for hit in hits:
        on_disk = disk_file(site_dir, hit.path)
        if hit.status != 200 or on_disk is None:
            continue
        name = urlsplit(hit.path).path
        raw += hit.body_bytes
        gz += file_sizes(on_disk)[1]
        files.append(name)
        if name.startswith(f"/{PYODIDE_DIR}/"):
            pyodide.append(name)
            pyodide_bytes += hit.body_bytes
    duplicates = sorted({name for name in files if files.count(name) > 1})
    return Transfer(path, len(hits), raw, gz, pyodide, pyodide_bytes, duplicates, files)


def measure_transfer(browser: Browser, base: str, log: RequestLog, site_dir: Path, path: str, engine: bool) -> Transfer:
    """Load one page cold and add up what the server sent for it: the page's own files. The service
    worker is blocked, so the offline copy's background download (the runtime, fetched when a
    content page is idle; see the network and visits sections) is not counted as the page's."""
    wait_quiet(log)
    log.clear()
    context = new_context(browser, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base + path, wait_until="load")
        failed = wait_ready(page, "guide") if engine else None
        wait_quiet(log)
        result = transfer(site_dir, path, log.hits())
        result.engine_failed = failed
        return result
    finally:
        context.close()


def runtime_sizes(site_dir: Path) -> tuple[int, int]:
    """Raw and gzip -6 size of the five Pyodide runtime files, as published (the bare pages' copy)."""
    sizes = [file_sizes(site_dir / BARE_RUNTIME_DIR / name) for name in RUNTIME_FILES]
    return sum(raw for raw, _ in sizes), sum(gz for _, gz in sizes)

