"""The build cache lets one build at a time make its products (guide/sitegen/build_cache.py).

Two builds at once happen: ``make serve`` beside ``make test``, and the test run's workers, each
building the site as it starts. Whether another process could take the lock is asked of a second
Python without waiting (``LOCK_NB``), so no test here waits on a clock.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import engine_assets
import pytest
from sitegen.build_cache import LOCK_FILE, one_build_at_a_time

#: Asked in a process of its own: may another build take the cache's lock now?
ANOTHER_BUILD_MAY_START = """
import fcntl, sys
with open(sys.argv[1], "a") as handle:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("waits")
    else:
        print("starts")
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="builds are guarded with fcntl's locks")


def another_build(cache: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", ANOTHER_BUILD_MAY_START, str(cache / LOCK_FILE)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_a_second_build_waits_while_one_holds_the_cache_and_starts_after(tmp_path: Path) -> None:
    with one_build_at_a_time(tmp_path):
        assert another_build(tmp_path) == "waits"
    assert another_build(tmp_path) == "starts"


def test_a_build_that_fails_lets_the_next_one_start(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), one_build_at_a_time(tmp_path):
        raise RuntimeError("a step of the build failed")
    assert another_build(tmp_path) == "starts"


class Seen(Exception):
    """Raised by a stand-in build step once it has asked what another build could do."""

    def __init__(self, answer: str) -> None:
        self.answer = answer


def probing_step(cache: Path) -> Callable[..., None]:
    """A stand-in for a build step: it asks whether another build could start, and stops the build."""

    def step(*_args: object) -> None:
        raise Seen(another_build(cache))

    return step


def test_the_engines_wheel_is_made_under_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """shipped_engine makes the wheel, its compiled copy and its lock file while it holds the cache:
    a stand-in for the first step asks whether another build could start."""
    monkeypatch.setattr(engine_assets, "BUILD_DIR", tmp_path)
    monkeypatch.setattr(engine_assets, "build_wheel", probing_step(tmp_path))
    with pytest.raises(Seen) as seen:
        engine_assets.shipped_engine()
    assert seen.value.answer == "waits"


def test_the_packed_and_trimmed_runtime_is_made_under_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's hook (on_files) packs and trims the runtime while it holds the cache: stand-ins for
    the two cached steps ask, whichever comes first, whether another build could start."""
    monkeypatch.setattr(engine_assets, "BUILD_DIR", tmp_path)
    monkeypatch.setattr(engine_assets, "_engine_products", lambda: (tmp_path / "engine.whl", tmp_path / "lock.json"))
    monkeypatch.setattr(engine_assets, "trimmed_stdlib", probing_step(tmp_path))
    monkeypatch.setattr(engine_assets, "packed", probing_step(tmp_path))
    monkeypatch.setattr(engine_assets, "_add", lambda *_args: None)  # the files the hook adds to the site
    with pytest.raises(Seen) as seen:
        engine_assets.on_files(None, None)  # type: ignore[arg-type]  # _add, the only user of either, stands in
    assert seen.value.answer == "waits"


def test_the_engines_wheel_is_made_under_the_hooks_lock_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_assets, "BUILD_DIR", tmp_path)
    monkeypatch.setattr(engine_assets, "runtime_file", lambda name: tmp_path / name)
    monkeypatch.setattr(engine_assets, "_engine_products", probing_step(tmp_path))
    with pytest.raises(Seen) as seen:
        engine_assets.on_files(None, None)  # type: ignore[arg-type]
    assert seen.value.answer == "waits"


def test_the_runtime_is_made_while_the_engines_wheel_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook makes the runtime's files beside the engine's wheel, not after it: a stand-in for the
    wheel's steps goes on only once a runtime file has begun (made one after the other, it would wait
    in vain, and the test fail at the bound)."""
    begun = threading.Event()

    def runtime_file(name: str) -> Path:
        begun.set()
        return tmp_path / name

    def engine_products() -> tuple[Path, Path]:
        assert begun.wait(timeout=60), "the runtime's files waited for the engine's wheel"
        return tmp_path / "engine.whl", tmp_path / "lock.json"

    added: list[str] = []
    monkeypatch.setattr(engine_assets, "BUILD_DIR", tmp_path)
    monkeypatch.setattr(engine_assets, "runtime_file", runtime_file)
    monkeypatch.setattr(engine_assets, "_engine_products", engine_products)
    monkeypatch.setattr(engine_assets, "_add", lambda _files, _config, dest, _source: added.append(dest))
    monkeypatch.setattr(engine_assets, "zstd_decoder", probing_step(tmp_path))  # the step after the runtime's files
    with pytest.raises(Seen):
        engine_assets.on_files(None, None)  # type: ignore[arg-type]
    assert "assets/pyodide/pyodide.asm.wasm.zst" in added and "assets/pyodide/python_stdlib.zip.zst" in added, added
