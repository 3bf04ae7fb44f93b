"""The two largest runtime files, packed with zstd for the phone, and the decoder that unpacks them.

Static hosts send ``pyodide.asm.wasm`` gzipped at a middling level (GitHub Pages, and nginx's
``gzip_comp_level`` that most hosts keep, -6), and ``python_stdlib.zip`` as it is, each of its files
deflated on its own. zstd at level 19 (a window of 8 MB, where gzip's is 32 kB) packs the same bytes
much smaller, measured on Pyodide 314.0.7:

- ``pyodide.asm.wasm``: 2.89 MB instead of 3.56 MB;
- the trimmed standard library, its files stored uncompressed in the zip so that one stream covers
  them all: 293 kB instead of 396 kB.

On Lighthouse's slow 4G that is about four seconds less before the first result (README,
performance). The site ships them as ``<name>.zst``; the engine's worker unpacks each as it arrives
(``guide/js/unpack.mjs``) with zstd's own decoder compiled to WebAssembly, taken from the pinned npm
package ``zstddec``, and hands Pyodide the very bytes of its files. A ``.zst`` is sent as it is
(hosts compress neither it nor archives), so the host's MIME type for ``.wasm`` no longer matters.

- ``packed(source)``: ``<name>.zst`` (``paths.PACKED`` names the files), cached in the build folder
  under a hash of the file.
- ``zstd_decoder()``: the decoder's ``.wasm``, which ``zstddec`` carries in its module as base64.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import zstandard
from mkdocs.exceptions import PluginError

from .build_cache import written_whole
from .paths import BUILD_DIR, PACKED_SUFFIX, ZSTD_DECODER, ZSTD_DECODER_NPM

#: zstd's strongest level short of ``--ultra``: a decoder needs at most an 8 MB window for it.
LEVEL = 19
_WASM_LITERAL = re.compile(r'const wasm = "([A-Za-z0-9+/=]+)"')


def _cached(name: str, key: bytes) -> Path:
    return BUILD_DIR / f"packed-{hashlib.sha256(key).hexdigest()[:16]}" / name


def _write_once(out: Path, content: bytes) -> Path:
    with written_whole(out.parent) as folder:
        (folder / out.name).write_bytes(content)
    return out


def packed(source: Path) -> Path:
    """``source`` packed with zstd (its size written in the frame), rebuilt only when it changes."""
    content = source.read_bytes()
    out = _cached(source.name + PACKED_SUFFIX, content + f"\0zstd {LEVEL} {zstandard.__version__}".encode())
    if out.exists():
        return out
    compressor = zstandard.ZstdCompressor(level=LEVEL, write_content_size=True, write_checksum=True)
    return _write_once(out, compressor.compress(content))


def zstd_decoder(module: Path = ZSTD_DECODER_NPM) -> Path:
    """The WebAssembly decoder of zstddec's streaming build, out of the base64 its module holds."""
    if not module.exists():
        raise PluginError(f"zstd's decoder is missing ({module}): run `npm ci`")
    text = module.read_text(encoding="utf-8")
    found = _WASM_LITERAL.search(text)
    if found is None:
        raise PluginError(f'{module} no longer holds its decoder as `const wasm = "…"`: check zstddec\'s version')
    wasm = base64.b64decode(found.group(1))
    if not wasm.startswith(b"\0asm"):
        raise PluginError(f"the decoder in {module} is not WebAssembly")
    out = _cached(ZSTD_DECODER, wasm)
    return out if out.exists() else _write_once(out, wasm)
