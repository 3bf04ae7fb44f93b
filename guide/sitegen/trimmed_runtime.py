"""The runtime files a phone downloads, cut down to what the site runs.

- ``trimmed_stdlib``: Pyodide's ``python_stdlib.zip`` holding only the modules listed in
  ``guide/stdlib-modules.txt`` (what Pyodide's start-up, the engine and a whole guide session
  import; ``tools/stdlib-modules`` derives the list), with the parent packages they need, their
  docstrings and comments left out (``minified_stdlib.py``), stored uncompressed for zstd to pack
  (``packed_runtime.py``); cached in the build folder under a hash
  of the list, the original zip, this code and the build's Python version (``ast.unparse`` writes).
- ``trimmed_lockfile``: the lock file with its ``info`` (and ``tool``) and only the packages the site loads
  (the engine's wheel and what it depends on), instead of every package Pyodide builds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.exceptions import PluginError

from . import minified_stdlib
from .build_cache import written_whole
from .minified_stdlib import Outcome, minify
from .paths import BUILD_DIR, SITE_PACKAGES, STDLIB_MODULES

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

REGENERATE = "run tools/stdlib-modules --write"


def read_module_list(listing: Path = STDLIB_MODULES) -> list[str]:
    """The module names of the list file: one a line, ``#`` starts a comment."""
    names = [line.split("#", 1)[0].strip() for line in listing.read_text(encoding="utf-8").splitlines()]
    return [name for name in names if name]


def module_files(modules: Iterable[str], available: Iterable[str]) -> set[str]:
    """The zip entries that hold ``modules`` and their parent packages (``a/b.py`` or ``a/b/__init__.py``)."""
    present = set(available)
    wanted: set[str] = set()
    for module in modules:
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            stem = "/".join(parts[:depth])
            candidates = [f"{stem}/__init__.py"] if depth < len(parts) else [f"{stem}.py", f"{stem}/__init__.py"]
            found = next((name for name in candidates if name in present), None)
            if found is None:
                raise PluginError(
                    f"the standard library module {'.'.join(parts[:depth])} (listed as {module}) is not in "
                    f"Pyodide's python_stdlib.zip: {REGENERATE}"
                )
            wanted.add(found)
    return wanted


def write_trimmed_zip(original: Path, modules: Iterable[str], target: Path) -> Counter[Outcome]:
    """Copy the entries of ``modules`` from ``original``, minified, in its order and with its dates.

    The files are stored, not deflated: the site ships the zip packed with zstd as a whole
    (``packed_runtime.py``), which finds what files have in common, and deflating each file first would
    hide it (293 kB against 379 kB of deflated files)."""
    outcomes: Counter[Outcome] = Counter()
    with zipfile.ZipFile(original) as source:
        infos = source.infolist()
        keep = module_files(modules, (info.filename for info in infos))
        folders = {str(parent) + "/" for name in keep for parent in PurePosixPath(name).parents if str(parent) != "."}
        with zipfile.ZipFile(target, "w") as out:
            for info in infos:
                if info.filename not in keep and info.filename not in folders:
                    continue
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                if info.is_dir():
                    out.writestr(copy, b"")
                else:
                    copy.compress_type = zipfile.ZIP_STORED
                    text, outcome = minify(info.filename, source.read(info))
                    outcomes[outcome] += 1
                    if outcome is not Outcome.MINIFIED:
                        log.info("python_stdlib.zip: %s ships as it is (%s)", info.filename, outcome.value)
                    out.writestr(copy, text)
    return outcomes


def trimmed_stdlib(original: Path, listing: Path = STDLIB_MODULES) -> Path:
    """The trimmed ``python_stdlib.zip``, rebuilt only when the list, the original zip or this code changes."""
    modules = read_module_list(listing)
    digest = hashlib.sha256("\n".join(modules).encode() + b"\0" + original.read_bytes())
    for code in (__file__, minified_stdlib.__file__):
        digest.update(b"\0" + Path(code).read_bytes())
    digest.update(b"\0" + sys.version.encode())
    out = BUILD_DIR / f"stdlib-{digest.hexdigest()[:16]}" / original.name
    if out.exists():
        return out
    with written_whole(out.parent) as folder:
        outcomes = write_trimmed_zip(original, modules, folder / original.name)
    log.info("python_stdlib.zip: %s", ", ".join(f"{count} files {kind.value}" for kind, count in outcomes.items()))
    return out


def lock_packages(lock: dict[str, Any], roots: Iterable[str] = SITE_PACKAGES) -> dict[str, Any]:
    """The entries of ``roots`` and of everything they depend on."""
    packages: dict[str, Any] = lock["packages"]
    kept: dict[str, Any] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in kept:
            continue
        if name not in packages:
            raise PluginError(f"pyodide-lock.json lists no package {name!r}")
        kept[name] = packages[name]
        pending.extend(packages[name].get("depends", []))
    return dict(sorted(kept.items()))


def trimmed_lockfile(full: Path) -> Path:
    """Beside the lock file ``pyodide lockfile add-wheels`` wrote: its ``info`` and the site's packages only."""
    lock = json.loads(full.read_text(encoding="utf-8"))
    text = json.dumps({**lock, "packages": lock_packages(lock)}, sort_keys=True) + "\n"
    out = full.with_name("pyodide-lock.site.json")
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out
