"""Fixtures for the engine tests. These tests also run inside Pyodide: standard library and pytest only
(hypothesis where it is installed)."""

from __future__ import annotations

import pytest

from decision_tree import load_tree
from decision_tree.model import Tree


@pytest.fixture(scope="session")
def tree() -> Tree:
    return load_tree()
