"""The build folder's cache (``build/guide/``): each product in a folder named for a hash of what
made it, written whole or not at all, so that an interrupted build never leaves half a file that a
later build would take for finished (the wheel, its compiled copy, the packed and trimmed runtime).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(folder: Path) -> Iterator[Path]:
    """A new, empty folder to write into; it becomes ``folder`` (replacing any old one) only if the
    block ends without an error, and is removed otherwise."""
    tmp = folder.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
