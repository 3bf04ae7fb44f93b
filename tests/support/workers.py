"""How ``make test`` splits the run between its workers (pytest-xdist, ``--dist loadfile``).

Each worker takes whole test modules, beside their module's fixtures, as ``loadfile`` does; the
modules that judge the every-page tour (``tests/browser/site_tour.py``, a session fixture that loads
every page) go to one worker together, so that the tour is made once, not in both workers.
tests/test_structure.py checks that this list names every module that uses the tour.
"""

from __future__ import annotations

#: The modules whose tests take the ``site_tour`` fixture.
EVERY_PAGE_SWEEPS = frozenset(
    {"tests/browser/test_accessibility.py", "tests/browser/test_privacy.py", "tests/browser/test_security.py"}
)


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its module, or the every-page sweeps together."""
    module = nodeid.split("::", 1)[0]
    return "the every-page sweeps" if module in EVERY_PAGE_SWEEPS else module
