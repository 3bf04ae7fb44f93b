"""MkDocs hook: the offline copy (a service worker) and the web app manifest's page links.

After each build it lists the site's own files, hashes them into the build's hash, and writes:

- ``sw.js`` at the site's root, from ``guide/js/sw.js`` with ``OFFLINE`` filled in: the build's
  hash and its pages and assets (``shell``, copied at install), the engine's own small files
  (``engine``: wheel, lock file, runtime.json), the Pyodide runtime with its own key
  (``runtime``: a hash of those files only, which names the cache that keeps them across builds)
  and the snapshot's key; the engine and the runtime are copied only once the guide is used;
- ``assets/pyodide/runtime.json``: the engine's key (a hash of every file the engine loads,
  which names and checks its memory snapshot) and each file's size (the progress bar's total);
- ``<meta name="rupture-guide-build">`` and ``<meta name="rupture-guide-runtime">`` into every
  page: which build a page belongs to, and which runtime it needs (so that a worker of an older
  build can serve a newer page the runtime it already holds).

``mkdocs serve`` gets none of it: a service worker would only get in the way of live reload.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from sitegen.paths import GUIDE_SRC, PUBLISHED_RUNTIME, PYODIDE_DEST

#: Files a reader never needs offline: source maps, search languages other than English,
#: the host's header file, and what the offline copy is made of itself.
LEFT_OUT_SUFFIXES = (".map", ".gz")
LEFT_OUT_PREFIXES = ("assets/javascripts/lunr/",)
LEFT_OUT_NAMES = {"_headers", "sw.js", f"{PYODIDE_DEST}/runtime.json"}
PAGE_META = '<meta name="rupture-guide-build" content="{build}"><meta name="rupture-guide-runtime" content="{runtime}">'

_command: list[str] = []


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _command[:] = [command]


def site_files(site: Path) -> list[str]:
    """The site's files to keep offline, as paths relative to its root, sorted."""
    kept = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative in LEFT_OUT_NAMES or relative.endswith(LEFT_OUT_SUFFIXES):
            continue
        if relative.startswith(LEFT_OUT_PREFIXES):
            continue
        kept.append(relative)
    return kept


def digest(hashes: dict[str, bytes], files: list[str]) -> str:
    """One hash for a set of files, from each file's own (read once per build)."""
    hashed = hashlib.sha256()
    for relative in files:
        hashed.update(relative.encode() + b"\0" + hashes[relative])
    return hashed.hexdigest()[:20]


def cache_key(relative: str) -> str:
    """The address a file is asked for by: a page by its folder ('managing/'), the rest as is."""
    if relative == "index.html":
        return "./"
    return relative.removesuffix("index.html")


def on_post_build(config: MkDocsConfig) -> None:
    if _command and _command[0] == "serve":
        return
    site = Path(config.site_dir)
    files = site_files(site)
    engine_files = [f for f in files if f.startswith(f"{PYODIDE_DEST}/")]
    shell = [f for f in files if f not in engine_files]
    pyodide = [f"{PYODIDE_DEST}/{name}" for name in PUBLISHED_RUNTIME]
    hashes = {relative: hashlib.sha256((site / relative).read_bytes()).digest() for relative in files}
    engine_key = digest(hashes, engine_files)
    sizes = {Path(f).name: (site / f).stat().st_size for f in engine_files}
    (site / PYODIDE_DEST / "runtime.json").write_text(json.dumps({"key": engine_key, "files": sizes}, indent=1))
    build = digest(hashes, files)
    runtime_key = digest(hashes, pyodide)
    offline = {
        "build": build,
        "shell": [cache_key(f) for f in shell],
        "engine": [*(f for f in engine_files if f not in pyodide), f"{PYODIDE_DEST}/runtime.json"],
        "runtime": {"key": runtime_key, "files": pyodide},
        "snapshotKey": engine_key,
    }
    template = (GUIDE_SRC / "js" / "sw.js").read_text()
    (site / "sw.js").write_text(f"const OFFLINE = {json.dumps(offline, indent=1)};\n\n{template}")
    meta = PAGE_META.format(build=build, runtime=runtime_key)
    for page in (f for f in shell if f.endswith(".html")):
        path = site / page
        path.write_text(path.read_text().replace("<head>", f"<head>{meta}", 1))
