"""The site's Pyodide runtime as Pyodide reads it: the files the site ships packed with zstd
(``guide/sitegen/packed_runtime.py``) unpacked again, for the tests that run it under Node.js."""

from __future__ import annotations

import shutil
from pathlib import Path

import zstandard
from sitegen.paths import PACKED, PACKED_SUFFIX, PYODIDE_DEST


def unpack(packed: Path) -> bytes:
    """The bytes of a packed file of the site (``<name>.zst``)."""
    return zstandard.ZstdDecompressor().decompress(packed.read_bytes())


def unpacked_runtime(site: Path, target: Path) -> Path:
    """``target`` holding the site's runtime folder with its packed files unpacked; returns ``target``."""
    runtime = site / PYODIDE_DEST
    target.mkdir(parents=True, exist_ok=True)
    for path in runtime.iterdir():
        if path.name.removesuffix(PACKED_SUFFIX) in PACKED and path.name.endswith(PACKED_SUFFIX):
            (target / path.name.removesuffix(PACKED_SUFFIX)).write_bytes(unpack(path))
        elif path.is_file():
            shutil.copyfile(path, target / path.name)
    return target
