"""How ``make test`` splits the run between its workers (pytest-xdist, ``--dist loadfile``).

Each worker takes whole test modules, beside their module's fixtures, as ``loadfile`` does; the
modules that judge the every-page tour (``tests/browser/site_tour.py``, a session fixture that loads
every page) go to one worker together, so that the tour is made once, not in both workers.
tests/test_structure.py checks that this list names every module that uses the tour.

The offline copy's tests and the smoke tests in the other browsers also go to one worker together,
so that they take turns. With two workers, the test of a text-only update failed in two runs of
four, each time while the smoke tests ran beside it: the new build's service worker stayed waiting
("installed") behind the old one, and the copy never completed. The cause is not known yet (the code
before the engine tab did the same under a heavy load); test_offline.py says where a copy stopped.
"""

from __future__ import annotations

#: The modules whose tests take the ``site_tour`` fixture.
EVERY_PAGE_SWEEPS = frozenset(
    {"tests/browser/test_accessibility.py", "tests/browser/test_privacy.py", "tests/browser/test_security.py"}
)


#: The modules that start engines from nothing and make offline copies, in Chromium and in the other browsers.
FULL_STARTS = frozenset({"tests/browser/test_offline.py", "tests/other_engines/test_smoke.py"})


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its module, or one of the groups above."""
    module = nodeid.split("::", 1)[0]
    if module in EVERY_PAGE_SWEEPS:
        return "the every-page sweeps"
    return "the full starts and offline copies" if module in FULL_STARTS else module
