"""How ``make test`` splits the run between its workers (pytest-xdist, ``--dist loadfile``), and in
what order it hands out the work.

Each worker takes whole test modules, beside their module's fixtures, as ``loadfile`` does; the
modules that judge the every-page tour (``tests/browser/site_tour.py``, a session fixture that loads
every page) go to one worker together, so that the tour is made once, not in both workers.
tests/test_structure.py checks that this list names every module that uses the tour.

The offline copy's tests and the smoke tests in the other browsers also go to one worker together,
so that they take turns: both start engines from nothing and make copies, the heaviest work of the
run. (Under load, the test of a text-only update used to fail: the page asked the old service
worker for the copy, which started it again and kept it running, so the new one waited behind it.
Pages now ask the newest worker: guide/js/offline-copy.mjs, completeTheCopy.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sized

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


#: The units that take longest, longest first, with the seconds each took of one worker in a run of
#: `make test` on two cores. The workers take the units in this order as they become free, the rest
#: after these by their number of tests (xdist's own order). Handed out by their number of tests
#: alone, the two units of a single long test (the engine's suite in Pyodide, `mkdocs serve`) came
#: last, and one worker ran on 34 s after the other; with the long units first, the short ones fill
#: the end, and the two finish within seconds of each other.
LONGEST_FIRST = (
    "the full starts and offline copies",  # 196 s
    "the every-page sweeps",  # 91 s
    "tests/browser/test_interaction.py",  # 37 s
    "tests/browser/test_say_it.py",  # 35 s
    "tests/browser/test_practice.py",  # 33 s
    "tests/browser/test_guide.py",  # 32 s
    "tests/browser/test_first_paint.py",  # 32 s
    "tests/browser/test_hostile_links.py",  # 26 s
    "tests/pyodide/test_engine_in_pyodide.py",  # 24 s
    "tests/browser/test_failures.py",  # 22 s
    "tests/site/test_serve.py",  # 19 s
    "tests/browser/test_phone_network.py",  # 14 s
    "tests/browser/test_result_size.py",  # 14 s
    "tests/browser/test_consult.py",  # 13 s
    "tests/site/test_stable_links.py",  # 12 s
    "tests/browser/test_in_view.py",  # 10 s
    "tests/browser/test_guide_runs_in_pyodide.py",  # 10 s
)


def queue_order(units: Mapping[str, Sized]) -> list[str]:
    """The units of work (each with its tests) in the order the workers take them: LONGEST_FIRST,
    then the others, the most tests first."""
    rank = {unit: place for place, unit in enumerate(LONGEST_FIRST)}
    return sorted(units, key=lambda unit: (rank.get(unit, len(rank)), -len(units[unit])))
