"""The type of the ``serve`` fixture (tests/conftest.py), for tests that start their own static server."""

from __future__ import annotations

from collections.abc import Callable

#: ``serve(directory, prefix="/", overrides=None, port=0)`` returns the base URL of a static server for the folder.
ServeFn = Callable[..., str]
