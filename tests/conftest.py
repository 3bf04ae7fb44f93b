"""Shared fixtures: the project's paths, a site built once per run, and local HTTP servers.

The built-site and browser tests share one ``mkdocs build --strict`` of the real
project into a temporary folder, served on 127.0.0.1 with the MIME types a
static host must use (``application/wasm``, JavaScript for ``.mjs``). Building,
serving and finding Chromium are in ``tools/harness.py``, shared with the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from decision_tree import load_tree
from decision_tree.model import Tree
from tests.support.built_site import built_address, prebuilt_site, published_site_port, served_path
from tests.support.serving import ServeFn
from tests.support.workers import queue_order, work_unit
from tools.harness import free_port, mkdocs_build, served


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, which `make test` runs
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadfile``, whole modules to each worker, the every-page sweeps to one, and the
    longest units first (tests/support/workers.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling  # type: ignore[import-untyped]  # xdist ships no type hints

    class ModulesAndTheTourTogether(LoadFileScheduling):  # type: ignore[misc]  # an untyped base
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            # The queue is made once the workers have collected; it is put in order before the first unit goes.
            if not getattr(self, "ordered", False):
                units = dict(self.workqueue)
                self.workqueue.clear()
                self.workqueue.update((unit, units[unit]) for unit in queue_order(units))
                self.ordered = True
            super()._assign_work_unit(node)

    return ModulesAndTheTourTogether(config, log)


@pytest.fixture(scope="session")
def tree() -> Tree:
    """The shipped decision tree (the engine's own tests have the same fixture, for their run in Pyodide)."""
    return load_tree()


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the built site is served on. A site built here names it in its site_url, so instant
    navigation is active; one built for its published address is served where that works too."""
    return published_site_port() if prebuilt_site() else free_port()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real project, built once with `mkdocs build --strict`, or the build RUPTURE_GUIDE_BUILT_SITE names
    (CI tests the very folder it publishes; tests/support/built_site.py)."""
    prebuilt = prebuilt_site()
    if prebuilt is not None:
        return prebuilt
    site_dir = tmp_path_factory.mktemp("site")
    run = mkdocs_build(site_dir, site_url=f"http://127.0.0.1:{site_port}/")
    assert run.returncode == 0, run.stderr[-4000:]
    return site_dir


@pytest.fixture(scope="session")
def serve() -> Iterator[ServeFn]:
    """Start a static server for a folder; returns its base URL. All stop at the end of the run."""
    with ExitStack() as running:

        def start(
            directory: Path,
            prefix: str = "/",
            overrides: dict[str, tuple[int, str, bytes]] | None = None,
            port: int = 0,
        ) -> str:
            base, _ = running.enter_context(served(directory, prefix=prefix, overrides=overrides, port=port))
            return base

        yield start


@pytest.fixture(scope="session")
def site_url(site: Path, serve: ServeFn, site_port: int) -> str:
    """Where the tests open the site: 127.0.0.1 on site_port, under the sub-path of the address it was built for."""
    base = serve(site, prefix=served_path(site), port=site_port)
    return base.replace(":80/", "/", 1) if site_port == 80 else base  # as the browser writes it


@pytest.fixture(scope="session")
def site_address(site: Path) -> str:
    """The address the site was built for (its site_url), which its citations name: site_url's own when
    the tests build it, the published one for a site built for publishing."""
    return built_address(site)
