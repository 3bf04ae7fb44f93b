"""The wheel the site ships: the engine's wheel compiled to bytecode by the site's own Pyodide.

``compiled_wheel(source)`` runs ``bytecode.compiled_wheel_bytes`` inside the pinned npm package's
Pyodide under Node.js (``in-pyodide.mjs``), since bytecode belongs to the Python that made it. The
result keeps the source wheel's name and is cached in the build folder under a hash of the wheel,
of the Pyodide package and of the step itself: about three seconds, once per change of the engine.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

from .build_cache import written_whole
from .paths import BUILD_DIR, PYODIDE_NPM

_STEP = Path(__file__).with_name("bytecode.py")
_RUNNER = Path(__file__).with_name("in-pyodide.mjs")


def compiled_wheel(source: Path) -> Path:
    """``source`` with its modules as Pyodide's bytecode, built once for each wheel and runtime."""
    key = b"\0".join(path.read_bytes() for path in (source, PYODIDE_NPM / "package.json", _STEP, _RUNNER))
    out = BUILD_DIR / f"compiled-{hashlib.sha256(key).hexdigest()[:16]}" / source.name
    if out.exists():
        return out
    node = shutil.which("node")
    if node is None:
        raise PluginError("Node.js is needed to compile the engine's wheel for Pyodide: install it, then `npm ci`")
    with written_whole(out.parent) as folder:
        step = [str(_RUNNER), str(PYODIDE_NPM), str(_STEP), "compiled_wheel_bytes", str(source), str(folder / out.name)]
        run = subprocess.run([node, *step], capture_output=True, text=True)
        if run.returncode != 0:
            raise PluginError(f"compiling {source.name} in Pyodide failed:\n{run.stderr}")
    return out
