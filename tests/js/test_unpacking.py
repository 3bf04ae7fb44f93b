"""The worker's unpacking of the runtime files the site ships packed with zstd (``guide/js/unpack.mjs``,
``guide/sitegen/packed_runtime.py``): under Node.js, with the site's own decoder and files, given in
uneven pieces as a network gives them. Each unpacks to the very bytes Pyodide reads, and a damaged
or cut-off file is an error that names it, never wrong bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.support.runtime import unpack
from tools.harness import ROOT

SCRIPT = ROOT / "tests/js/unpack-files.mjs"


def unpacked_by_the_worker(site: Path, *files: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the front end's tests"
    decoder = site / "assets/pyodide/zstd-decoder.wasm"
    run = subprocess.run(
        [node, str(SCRIPT), str(decoder), *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_each_packed_file_unpacks_to_the_bytes_pyodide_reads(site: Path) -> None:
    runtime = site / "assets/pyodide"
    packed = [runtime / "pyodide.asm.wasm.zst", runtime / "python_stdlib.zip.zst"]
    wasm = (ROOT / "node_modules/pyodide/pyodide.asm.wasm").read_bytes()
    expected = [wasm, unpack(packed[1])]  # the stdlib is the build's own trimmed zip (tests/site)
    results = unpacked_by_the_worker(site, *packed)
    assert [result["name"] for result in results] == [path.name for path in packed]
    for result, content in zip(results, expected, strict=True):
        assert "error" not in result, result
        assert (result["bytes"], result["sha256"]) == (len(content), hashlib.sha256(content).hexdigest())
    assert packed[0].stat().st_size < len(wasm) * 0.31  # gzip -6, as hosts send it, gives 0.37


def test_a_damaged_or_cut_off_file_is_an_error_that_names_it(site: Path, tmp_path: Path) -> None:
    packed = (site / "assets/pyodide/python_stdlib.zip.zst").read_bytes()
    damaged = tmp_path / "damaged.zst"
    damaged.write_bytes(packed[:5000] + bytes(64) + packed[5064:])
    cut_off = tmp_path / "cut-off.zst"
    cut_off.write_bytes(packed[: len(packed) // 2])
    not_zstd = tmp_path / "not-zstd.zst"
    not_zstd.write_bytes(b"PK\x03\x04 a zip, not a zstd frame" * 10)
    results = {result["name"]: result for result in unpacked_by_the_worker(site, damaged, cut_off, not_zstd)}
    assert results["damaged.zst"]["damaged"] and results["damaged.zst"]["error"].startswith("damaged.zst is damaged")
    assert results["cut-off.zst"]["damaged"] and "cut-off.zst is cut off" in results["cut-off.zst"]["error"]
    assert results["not-zstd.zst"]["damaged"] and results["not-zstd.zst"]["error"].startswith("not-zstd.zst is damaged")
