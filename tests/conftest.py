"""Shared fixtures: the project's paths, a site built once per run, and local HTTP servers.

The built-site and browser tests share one ``mkdocs build --strict`` of the real
project into a temporary folder, served on 127.0.0.1 with the MIME types a
static host must use (``application/wasm``, JavaScript for ``.mjs``).
"""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUIET_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs_build(
    site_dir: Path, config: Path = ROOT / "mkdocs.yml", site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**QUIET_ENV, "RUPTURE_GUIDE_SITE_URL": site_url} if site_url else QUIET_ENV
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the built site is served on; the build's site_url names it, so instant navigation is active."""
    return free_port()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real project, built once with `mkdocs build --strict`."""
    site_dir = tmp_path_factory.mktemp("site")
    run = mkdocs_build(site_dir, site_url=f"http://127.0.0.1:{site_port}/")
    assert run.returncode == 0, run.stderr[-4000:]
    return site_dir


class StaticHandler(SimpleHTTPRequestHandler):
    """A plain static host: correct MIME types, optional sub-path, optional blocked files."""

    extensions_map = {  # noqa: RUF012 - the base class declares it
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }
    prefix: ClassVar[str] = "/"
    overrides: ClassVar[dict[str, tuple[int, str, bytes]]] = {}
    log: ClassVar[list[str]] = []

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def do_GET(self) -> None:
        self.log.append(self.path)
        for suffix, (status, content_type, body) in self.overrides.items():
            if self.path.split("?")[0].endswith(suffix):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # keep test output readable
        pass


ServeFn = Callable[..., str]


@pytest.fixture(scope="session")
def serve() -> Iterator[ServeFn]:
    """Start a static server for a folder; returns its base URL. All stop at the end of the run."""
    servers: list[ThreadingHTTPServer] = []

    def start(
        directory: Path,
        prefix: str = "/",
        overrides: dict[str, tuple[int, str, bytes]] | None = None,
        port: int = 0,
    ) -> str:
        handler = type("Handler", (StaticHandler,), {"prefix": prefix, "overrides": overrides or {}, "log": []})
        server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(site: Path, serve: ServeFn, site_port: int) -> str:
    return serve(site, port=site_port)
