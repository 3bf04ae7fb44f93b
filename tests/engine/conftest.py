"""Fixtures for the engine tests. These tests also run inside Pyodide: standard library and pytest only
(hypothesis where it is installed)."""

from __future__ import annotations

import pytest

from decision_tree import load_tree
from decision_tree.model import Tree


@pytest.fixture(scope="session")
def tree() -> Tree:
    return load_tree()


try:  # Hypothesis is installed under CPython and in the Pyodide test run; guard anyway.
    from hypothesis import settings
except ImportError:  # pragma: no cover
    pass
else:
    # Deterministic: no per-example deadline (a busy machine must not fail a test) and a fixed
    # seed per test, so that a run that passed once passes again on the same code.
    settings.register_profile("deterministic", deadline=None, derandomize=True, print_blob=True)
    settings.load_profile("deterministic")
