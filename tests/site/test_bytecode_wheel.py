"""The wheel's modules as bytecode (guide/sitegen/bytecode.py), on this Python: the build runs the same
function in Pyodide's (tests/pyodide checks the engine imports its .pyc files there)."""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import marshal
import types
import zipfile

from sitegen.bytecode import compiled_wheel_bytes, pyc_bytes

SOURCE = b'"""A module."""\nTOTAL = sum(range(5))\n\n\ndef twice(x):\n    return 2 * x\n'
RECORD = "demo-1.0.dist-info/RECORD"
#: The source wheel's time stamp, which the compiled wheel keeps.
DATE = (2026, 1, 2, 3, 4, 6)


def _wheel() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        wheel.writestr(zipfile.ZipInfo("demo/__init__.py", date_time=DATE), SOURCE)
        wheel.writestr(zipfile.ZipInfo("demo/data.toml", date_time=DATE), b"x = 1\n")
        wheel.writestr(zipfile.ZipInfo("demo-1.0.dist-info/METADATA", date_time=DATE), b"Name: demo\n")
        wheel.writestr(zipfile.ZipInfo(RECORD, date_time=DATE), b"stale,,\n")
    return out.getvalue()


def test_each_module_becomes_bytecode_that_runs_as_its_source_did() -> None:
    wheel = zipfile.ZipFile(io.BytesIO(compiled_wheel_bytes(_wheel())))
    assert wheel.namelist() == ["demo/__init__.pyc", "demo/data.toml", "demo-1.0.dist-info/METADATA", RECORD]
    pyc = wheel.read("demo/__init__.pyc")
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    assert pyc[4:8] == b"\x01\x00\x00\x00"  # PEP 552: hash-based, unchecked
    assert pyc[8:16] == importlib.util.source_hash(SOURCE)
    namespace: dict[str, object] = {}
    exec(marshal.loads(pyc[16:]), namespace)
    assert namespace["TOTAL"] == 10 and namespace["__doc__"] == "A module."
    twice = namespace["twice"]
    assert isinstance(twice, types.FunctionType) and twice.__code__.co_filename == "demo/__init__.py"
    assert wheel.read("demo/data.toml") == b"x = 1\n"


def test_the_record_lists_what_the_wheel_holds() -> None:
    wheel = zipfile.ZipFile(io.BytesIO(compiled_wheel_bytes(_wheel())))
    rows = list(csv.reader(io.StringIO(wheel.read(RECORD).decode())))
    assert [row[0] for row in rows] == [*wheel.namelist()[:-1], RECORD]
    for name, digest, size in rows[:-1]:
        content = wheel.read(name)
        assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
        assert int(size) == len(content)
    assert rows[-1] == [RECORD, "", ""]


def test_the_same_wheel_gives_the_same_bytes() -> None:
    """No time stamp of today in the zip or the .pyc: a rebuild of unchanged sources changes no file
    of the site, so a reader's offline copy fetches nothing again."""
    assert compiled_wheel_bytes(_wheel()) == compiled_wheel_bytes(_wheel())
    wheel = zipfile.ZipFile(io.BytesIO(compiled_wheel_bytes(_wheel())))
    assert {info.date_time for info in wheel.infolist()} == {DATE}
    assert pyc_bytes(SOURCE, "a.py") == pyc_bytes(SOURCE, "a.py")
