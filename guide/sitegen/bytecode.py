"""The engine's wheel with its modules as bytecode, so that a cold start in the browser compiles none.

Python's zipimport, which imports the engine straight from its wheel (``guide/js/engine-files.mjs``),
compiles a module's source twice: once to find it and again to run it. In Pyodide, in the browser,
that was about 110 ms of the engine's cold start, more than half its import (measured under
Node.js, Pyodide 314.0.7). A wheel that holds each module as a ``.pyc`` beside no source is how
Pyodide ships its own packages (pyodide-build's ``pyodide py-compile``); zipimport reads the
``.pyc`` and compiles nothing.

``compiled_wheel_bytes`` turns a wheel's ``.py`` files into ``.pyc`` files, leaves every other file
as it is and writes a ``RECORD`` that lists what the new wheel holds. Bytecode belongs to one
version of Python, so it must run in the Python that will import the wheel: the build runs it in
the site's own Pyodide, under Node.js (``compiled_wheel.py``). It needs only the standard library
for that reason, and is tested here on the build's own Python. The ``.pyc`` files are
"unchecked hash" ones (PEP 552): no time stamp, so the same sources give the same bytes, and a
reader's offline copy is not fetched again for a rebuild of unchanged sources.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import py_compile
import tempfile
import zipfile
from pathlib import Path


def pyc_bytes(source: bytes, filename: str) -> bytes:
    """``source`` compiled by this Python into an unchecked-hash ``.pyc`` whose code names ``filename``."""
    # py_compile reads and writes files only, as in pyodide-build's own ``py-compile``.
    with tempfile.TemporaryDirectory() as work:
        py, pyc = Path(work, "module.py"), Path(work, "module.pyc")
        py.write_bytes(source)
        mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
        py_compile.compile(str(py), cfile=str(pyc), dfile=filename, doraise=True, invalidation_mode=mode)
        return pyc.read_bytes()


def _record_row(name: str, content: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(content))]


def _write_like(target: zipfile.ZipFile, like: zipfile.ZipInfo, name: str, content: bytes) -> None:
    # The source entry's time stamp and mode, not today's: the same wheel in gives the same bytes out.
    entry = zipfile.ZipInfo(name, date_time=like.date_time)
    entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, like.external_attr
    target.writestr(entry, content, compresslevel=9)


def compiled_wheel_bytes(wheel: bytes) -> bytes:
    """The wheel ``wheel`` with each ``.py`` as a ``.pyc`` (no source kept) and a true ``RECORD``."""
    out = io.BytesIO()
    rows = []
    with (
        zipfile.ZipFile(io.BytesIO(wheel)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        record = next(info for info in source.infolist() if info.filename.endswith(".dist-info/RECORD"))
        for info in source.infolist():
            if info is record:
                continue
            name, content = info.filename, source.read(info)
            if name.endswith(".py"):
                name, content = name + "c", pyc_bytes(content, info.filename)
            _write_like(target, info, name, content)
            rows.append(_record_row(name, content))
        rows.append([record.filename, "", ""])
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        _write_like(target, record, record.filename, text.getvalue().encode())
    return out.getvalue()
