"""The rupture decision tree: questions about what a clinician observed, and what to do.

The tree is data (``tree.toml``); ``loader`` reads and validates it into the
typed model of ``model``; ``engine`` holds the rules; ``api`` gives JSON-ready
views; ``fragment`` reads and writes shareable links; ``render`` makes the
guide's HTML; ``cli`` is the command line; ``browser`` is the Pyodide bridge.
"""

from .engine import InvalidInput, Result, State, recommend, walk
from .errors import TreeError
from .loader import load_tree, load_tree_file, parse_tree

__all__ = [
    "InvalidInput",
    "Result",
    "State",
    "TreeError",
    "load_tree",
    "load_tree_file",
    "parse_tree",
    "recommend",
    "walk",
]
__version__ = "0.1.0"
