"""`mkdocs serve` rebuilds the engine's wheel when a file under src/decision_tree/ changes.

The test waits on the server's own log lines ("Serving on", then "Reloading browsers" once the
rebuild is served), read as they come: it never sleeps or polls on a clock."""

from __future__ import annotations

import hashlib
import json
import queue
import re
import subprocess
import threading
import urllib.request
from pathlib import Path
from typing import IO

from tests.support.project import copy_project
from tools.harness import BIN, QUIET_ENV, free_port

#: Bound on each wait for a log line: a build of the site with its wheel takes a few seconds.
LOG_TIMEOUT_S = 120


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return bytes(response.read())


def wheel_digest(base: str) -> str:
    lock = json.loads(fetch(base + "assets/pyodide/pyodide-lock.json"))
    entry = lock["packages"]["decision-tree"]
    wheel = fetch(base + "assets/pyodide/" + entry["file_name"])
    assert hashlib.sha256(wheel).hexdigest() == entry["sha256"]
    return str(entry["sha256"])


def read_lines(stream: IO[str]) -> queue.Queue[str | None]:
    """The stream's lines, in a queue filled by a thread; None once the stream ends."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue[str | None], pattern: str, seen: list[str]) -> None:
    """Block until a line matches (each line waited for at most LOG_TIMEOUT_S)."""
    while True:
        try:
            line = lines.get(timeout=LOG_TIMEOUT_S)
        except queue.Empty:
            raise AssertionError(f"no log line {pattern!r}; the server said:\n{''.join(seen)}") from None
        if line is None:
            raise AssertionError(f"the server stopped before {pattern!r}:\n{''.join(seen)}")
        seen.append(line)
        assert not re.search(r"\b(ERROR|Aborted)\b", line), "".join(seen)
        if re.search(pattern, line):
            return


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
    assert server.stderr is not None
    lines, seen = read_lines(server.stderr), list[str]()
    try:
        wait_for_line(lines, r"Serving on http://127\.0\.0\.1:", seen)
        before = wheel_digest(base)
        engine = project / "src/decision_tree/engine.py"
        engine.write_text(engine.read_text() + "\n# an edit while serving\n")
        wait_for_line(lines, r"Detected file changes", seen)
        wait_for_line(lines, r"Reloading browsers", seen)
        assert wheel_digest(base) != before
        page = fetch(base + "guide/").decode()
        assert 'data-question="risk"' in page
    finally:
        server.terminate()
        server.wait(timeout=20)
