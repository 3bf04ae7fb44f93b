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


#: The units that take a second and more, longest first, with the seconds each took of one worker in
#: a fresh clone's `make test` on two cores. The workers take the units in this order as they become
#: free, the rest after these by their number of tests (xdist's own order). Handed out by their number
#: of tests alone, the two units of a single long test (the engine's suite in Pyodide, `mkdocs serve`)
#: came last, and one worker ran on 34 s after the other. With the long units first, the short ones
#: fill the end; with every unit of a second or more in its place, the two finish within a second or
#: two of each other (they were 5 s apart with the 17 longest alone listed).
LONGEST_FIRST = (
    "the full starts and offline copies",  # 190 s
    "the every-page sweeps",  # 86 s
    "tests/browser/test_first_paint.py",  # 42 s
    "tests/browser/test_practice.py",  # 33 s
    "tests/browser/test_interaction.py",  # 32 s
    "tests/browser/test_guide.py",  # 32 s
    "tests/browser/test_say_it.py",  # 26 s
    "tests/browser/test_hostile_links.py",  # 25 s
    "tests/pyodide/test_engine_in_pyodide.py",  # 24 s
    "tests/browser/test_failures.py",  # 17 s
    "tests/browser/test_phone_network.py",  # 15 s
    "tests/browser/test_consult.py",  # 13 s
    "tests/browser/test_result_size.py",  # 12 s
    "tests/site/test_stable_links.py",  # 12 s
    "tests/browser/test_search.py",  # 11 s
    "tests/browser/test_guide_runs_in_pyodide.py",  # 11 s
    "tests/browser/test_in_view.py",  # 9 s
    "tests/site/test_serve.py",  # 9 s
    "tests/browser/test_reading.py",  # 8 s
    "tests/browser/test_first_visit.py",  # 7 s
    "tests/test_quality.py",  # 7 s
    "tests/browser/test_role_cards.py",  # 6 s
    "tests/engine/test_properties.py",  # 6 s
    "tests/pyodide/test_guide_session_in_pyodide.py",  # 4 s
    "tests/js/test_static.py",  # 4 s
    "tests/browser/test_pathways_and_scenarios.py",  # 4 s
    "tests/browser/test_observer_checklist.py",  # 4 s
    "tests/engine/test_rules.py",  # 3 s
    "tests/site/test_result_at_a_glance.py",  # 3 s
    "tests/site/test_runtime_files.py",  # 3 s
    "tests/browser/test_practice_for_everyone.py",  # 3 s
    "tests/js/test_units.py",  # 2 s
    "tests/site/test_platform.py",  # 2 s
    "tests/browser/test_print.py",  # 2 s
    "tests/browser/test_pocket_card.py",  # 2 s
)


def queue_order(units: Mapping[str, Sized]) -> list[str]:
    """The units of work (each with its tests) in the order the workers take them: LONGEST_FIRST,
    then the others, the most tests first."""
    rank = {unit: place for place, unit in enumerate(LONGEST_FIRST)}
    return sorted(units, key=lambda unit: (rank.get(unit, len(rank)), -len(units[unit])))
