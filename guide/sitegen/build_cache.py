"""The build folder's cache (``build/guide/``): each product in a folder named for a hash of what
made it, written whole or not at all, so that an interrupted build never leaves half a file that a
later build would take for finished (the wheel, its compiled copy, the packed and trimmed runtime);
and one build at a time, so that two builds at once never write the same product side by side.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform != "win32":  # Windows has no fcntl: builds there are not guarded against each other
    import fcntl

#: The file whose lock `one_build_at_a_time` holds, in the cache's folder.
LOCK_FILE = ".lock"


@contextmanager
def one_build_at_a_time(cache: Path) -> Iterator[None]:
    """The cache to this process alone for the block. A second build at the same moment (``make serve``
    beside ``make test``, or the test run's workers, each building the site at its start) waits here,
    then finds the products the first one made, instead of building the same ones into the same
    folders. The lock goes with the file's closing, so a build that dies never leaves it held."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / LOCK_FILE, "a") as handle:
        if sys.platform != "win32":
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


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
