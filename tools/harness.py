"""One way to build, serve and open the site, shared by the tests and the benchmark.

- ``mkdocs_build``: ``mkdocs build --strict`` of a project into a folder;
- ``StaticHandler``, ``start_server`` and ``served``: a plain static host on 127.0.0.1 with the
  MIME types a host must use (``application/wasm``, JavaScript for ``.mjs``), an
  optional sub-path, optional replaced files (to simulate a broken host), an
  optional log of what it sent, and opt-in gzip (``Content-Encoding: gzip`` as static
  hosts send it, for the benchmark; off by default, so the tests see plain files);
- ``find_chromium`` and ``CHROMIUM_ARGS``: the system's Chromium (or its headless shell), never a downloaded one.

Nothing here imports from ``tests/``: the tests import this module, never the other way.
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: MkDocs 1.x plugins print a long notice about MkDocs 2 at every build; the project pins mkdocs<2.
QUIET_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
#: The same flags for every Chromium the project starts; --no-sandbox only as root, where it is required.
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    CHROMIUM_ARGS.append("--no-sandbox")


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


def find_chromium(headless_shell: bool = False) -> str | None:
    """A Chromium: $CHROMIUM, the system's, or one Playwright already installed. With `headless_shell`,
    for the browser tests, Chromium's headless shell first where there is one (tools/find-chromium
    says why); the benchmark and the smoke test in the full browser ask for the full browser."""
    command = [str(ROOT / "tools" / "find-chromium"), *(["--headless-shell"] if headless_shell else [])]
    found = subprocess.run(command, capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


#: What a static host such as GitHub Pages compresses: text, and WebAssembly; never archives
#: (.zip, .whl) or images, which are compressed already.
GZIP_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".txt", ".xml", ".map", ".ico", ".webmanifest"}
)


@functools.lru_cache(maxsize=64)
def gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's gzip -6 body (as nginx and most hosts use), kept while the file is unchanged."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@dataclass(frozen=True)
class Hit:
    """One request the server answered."""

    path: str
    status: int
    body_bytes: int
    #: The request's headers, as sent (a service worker's navigation preload says itself in one).
    headers: tuple[tuple[str, str], ...] = ()


class RequestLog:
    """What a server sent, shared between its threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: list[Hit] = []
        self._in_flight = 0
        self._last_activity = time.monotonic()

    def started(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._last_activity = time.monotonic()

    def finished(self, hit: Hit) -> None:
        with self._lock:
            self._in_flight -= 1
            self._hits.append(hit)
            self._last_activity = time.monotonic()

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()

    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits()]

    def idle_for(self) -> float | None:
        """Seconds since the last request started or ended, or None while one is in flight."""
        with self._lock:
            return None if self._in_flight else time.monotonic() - self._last_activity


class StaticHandler(SimpleHTTPRequestHandler):
    """A plain static host: correct MIME types, optional sub-path, replaced files and request log."""

    extensions_map = {  # noqa: RUF012 - the base class declares it
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
    }
    prefix: ClassVar[str] = "/"
    #: File suffix -> (status, content type, body), served instead of the file.
    overrides: ClassVar[dict[str, tuple[int, str, bytes]]] = {}
    request_log: ClassVar[RequestLog]
    cache_control: ClassVar[str] = ""
    compress: ClassVar[bool] = False
    _status = 0
    _body_bytes = 0

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def do_GET(self) -> None:
        self.request_log.started()
        self._status, self._body_bytes = 0, 0
        try:
            for suffix, (status, content_type, body) in self.overrides.items():
                if self.path.split("?")[0].endswith(suffix):
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    self._body_bytes = len(body)
                    return
            super().do_GET()
        finally:
            self.request_log.finished(Hit(self.path, self._status, self._body_bytes, tuple(self.headers.items())))

    def send_head(self) -> Any:
        """With compress on, a gzip body for a compressible file when the request accepts gzip."""
        if self.compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if path.is_file() and path.suffix in GZIP_SUFFIXES:
                stat = path.stat()
                body = gzipped(str(path), stat.st_mtime_ns, stat.st_size)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
                self.end_headers()
                return io.BytesIO(body)
        return super().send_head()

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        if self.cache_control:
            self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        while chunk := source.read(256 * 1024):
            outputfile.write(chunk)
            self._body_bytes += len(chunk)

    def log_message(self, format: str, *args: object) -> None:  # keep test and benchmark output readable
        pass


class QuietServer(ThreadingHTTPServer):
    """A threaded server that does not print a traceback when the browser drops a connection."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_server(
    directory: Path,
    *,
    prefix: str = "/",
    overrides: dict[str, tuple[int, str, bytes]] | None = None,
    port: int = 0,
    cache_control: str = "",
    compress: bool = False,
) -> tuple[ThreadingHTTPServer, str, RequestLog]:
    """Serve a folder on 127.0.0.1 in a background thread: the server, its base URL and its log.

    With ``compress``, compressible files (``GZIP_SUFFIXES``) go out gzip-encoded to a request that
    accepts gzip, as static hosts send them; the log then counts the compressed bytes written."""
    log = RequestLog()
    handler = type(
        "Handler",
        (StaticHandler,),
        {
            "prefix": prefix,
            "overrides": overrides or {},
            "request_log": log,
            "cache_control": cache_control,
            "compress": compress,
        },
    )
    server = QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}", log


@contextmanager
def served(directory: Path, **options: Any) -> Iterator[tuple[str, RequestLog]]:
    """``start_server`` for the length of a block (same options): its base URL and log, and the
    server stopped and its port closed when the block ends, however it ends."""
    server, base, log = start_server(directory, **options)
    try:
        yield base, log
    finally:
        server.shutdown()
        server.server_close()
