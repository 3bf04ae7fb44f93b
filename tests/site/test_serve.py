"""`mkdocs serve` rebuilds the engine's wheel when a file under src/decision_tree/ changes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.conftest import BIN, QUIET_ENV, free_port
from tests.site.test_skeleton import copy_project


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return bytes(response.read())


def wheel_digest(base: str) -> str:
    lock = json.loads(fetch(base + "assets/pyodide/pyodide-lock.json"))
    entry = lock["packages"]["decision-tree"]
    wheel = fetch(base + "assets/pyodide/" + entry["file_name"])
    assert hashlib.sha256(wheel).hexdigest() == entry["sha256"]
    return str(entry["sha256"])


def wait_for(check: object, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_serve_rebuilds_the_wheel_on_engine_change(tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy_project(project)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=QUIET_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: wheel_digest(base))
        before = wheel_digest(base)
        engine = project / "src/decision_tree/engine.py"
        engine.write_text(engine.read_text() + "\n# an edit while serving\n")
        wait_for(lambda: wheel_digest(base) != before)
        page = fetch(base + "guide/").decode()
        assert 'data-question="risk"' in page
    finally:
        server.terminate()
        server.wait(timeout=20)
