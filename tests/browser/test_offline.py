"""The offline copy: after one visit the site and the guide work with the server really stopped,
the engine restores its snapshot on return (and starts in full when the snapshot does not
match), a new build replaces the old one whole, the caches hold only the site's own files, and
the scope page's button removes the copy; and the site can be installed.

Each test serves the built site on a server of its own (stopping it must not touch the
others) and uses a fresh browser context, so the origin's service worker and caches are new; the
tests that only read a copy made on one visit share that visit (``visited_once``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, expect

from decision_tree.model import Tree
from tests.browser.helpers import STORAGE_PROBE, answer, guide, wait_copy_ready, wait_ready, wait_until
from tests.support.browser import ENGINE_TIMEOUT_MS
from tools.harness import BIN, CHROMIUM_ARGS, QUIET_ENV, ROOT, Hit, RequestLog, find_chromium, served

SHARED_LINK = "guide/#risk=no&phase=ongoing&signs=missed-session,easy-explanation"

#: Wait, frame by frame inside the page, until the site's caches are exactly these names.
CACHES_ARE = """async (expected) => {
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  for (let round = 0; round < 20000; round++) {
    const names = (await caches.keys()).filter(name => name.startsWith('rupture-guide-')).sort();
    if (JSON.stringify(names) === JSON.stringify(expected)) return names;
    await frame();
  }
  return (await caches.keys()).sort();
}"""

#: Wait, frame by frame inside the page, until the stored snapshot carries this runtime key.
SNAPSHOT_KEY_IS = """async ([name, url, key]) => {
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  for (let round = 0; round < 20000; round++) {
    const found = await (await caches.open(name)).match(url);
    if (found && found.headers.get('x-runtime-key') === key) return true;
    await frame();
  }
  return false;
}"""

#: Every URL stored in every cache of the origin.
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push([name, request.url]);
  }
  return urls;
}"""

#: The site's service worker registrations and caches on this origin.
WHAT_IS_LEFT = """async () => ({
  registrations: (await navigator.serviceWorker.getRegistrations()).length,
  caches: (await caches.keys()).filter(name => name.startsWith('rupture-guide-')),
})"""


def stop(server_base: str) -> None:
    """Nothing answers at the address any more (checked, not assumed)."""
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(server_base, timeout=5)


#: Where the offline copy stands on this page: the service workers, the caches, the page's build.
COPY_STATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const worker = (w) => (w ? `${w.state} ${w.scriptURL}` : null);
  return {copy: document.documentElement.dataset.offlineCopy, controller: worker(navigator.serviceWorker.controller),
    active: worker(registration?.active), waiting: worker(registration?.waiting),
    installing: worker(registration?.installing), caches: await caches.keys(),
    build: document.querySelector('meta[name="rupture-guide-build"]')?.content};
}"""


def offline_copy_ready(page: Page, said: list[str] | None = None) -> None:
    """Wait for the offline copy; if it never completes, say where it stopped (and what the page
    warned of, when the test listens): a failure seen only on a busy machine."""
    try:
        wait_copy_ready(page)
    except AssertionError as failure:
        state = page.evaluate(COPY_STATE)
        raise AssertionError(f"the offline copy is not ready: {state}; warnings: {said}") from failure


def built(site: Path) -> dict[str, str]:
    """A build's keys, as its service worker reads them: the build's, the Pyodide runtime's and the snapshot's."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    offline = json.loads(text[text.index("{") : text.index(";\n")])
    return {"build": offline["build"], "runtime": offline["runtime"]["key"], "snapshot": offline["snapshotKey"]}


def cache_names(keys: dict[str, str]) -> list[str]:
    """The caches a build's worker keeps, sorted: its pages, its runtime, its engine's snapshot."""
    names = [f"rupture-guide-{keys['build']}", f"rupture-guide-runtime-{keys['runtime']}"]
    return sorted([*names, f"rupture-guide-snapshot-{keys['snapshot']}"])


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    yield context
    context.close()


@dataclass(frozen=True)
class VisitedOnce:
    """A context that visited the guide once, on a server of its own that has since stopped."""

    context: BrowserContext
    base: str
    #: How the guide's engine started on that visit (data-engine-start).
    engine_start: str | None


@pytest.fixture(scope="module")
def visited_once(browser: Browser, site: Path) -> Iterator[VisitedOnce]:
    """One visit to the guide, its offline copy made and its snapshot saved, then the server stopped
    for real. The tests that only read the copy share it: each would otherwise start the engine in
    full and make a copy of its own."""
    context = browser.new_context()
    with served(site) as (base, _):
        page = context.new_page()
        page.goto(base + "guide/")
        wait_ready(page)
        offline_copy_ready(page)
        engine_start = guide(page).get_attribute("data-engine-start")
        key = built(site)["snapshot"]  # the snapshot is saved just after 'ready': let it land first
        snapshot = [f"rupture-guide-snapshot-{key}", base + "assets/pyodide/engine.snapshot", key]
        assert page.evaluate(SNAPSHOT_KEY_IS, snapshot)
        page.close()
    stop(base)  # the block has stopped the server
    yield VisitedOnce(context, base, engine_start)
    context.close()


def test_after_one_visit_the_site_and_the_guide_work_with_the_server_stopped(visited_once: VisitedOnce) -> None:
    context, base = visited_once.context, visited_once.base
    assert visited_once.engine_start == "full"
    page = context.new_page()
    for path, heading in [("managing/secondary/", "Secondary"), ("glossary/", "Glossary"), ("", "The rupture guide")]:
        page.goto(base + path)
        expect(page.locator("h1").first).to_contain_text(heading)
    page.goto(base + "no-such-page/")
    expect(page.locator("h1").first).to_contain_text("This page is not here")  # the site's 404 page, from the copy

    page.goto(base + "guide/")
    wait_ready(page)
    expect(guide(page)).to_have_attribute("data-engine-start", "snapshot")
    answer(page, "no")

    shared = context.new_page()
    shared.goto(base + SHARED_LINK)
    wait_ready(shared)
    expect(shared.locator("section.guide-result h2").first).to_contain_text("Secondary", timeout=ENGINE_TIMEOUT_MS)
    page.close()
    shared.close()


def test_a_snapshot_that_does_not_match_the_runtime_gives_a_full_start(site: Path, context: BrowserContext) -> None:
    keys = built(site)
    with served(site) as (base, _):
        page = context.new_page()
        page.goto(base + "guide/")
        wait_ready(page)
        offline_copy_ready(page)
        snapshot_cache = f"rupture-guide-snapshot-{keys['snapshot']}"
        snapshot_url = base + "assets/pyodide/engine.snapshot"
        assert page.evaluate(CACHES_ARE, cache_names(keys)) == cache_names(keys)
        # The cache is named before the snapshot is written into it: wait for the snapshot itself.
        assert page.evaluate(SNAPSHOT_KEY_IS, [snapshot_cache, snapshot_url, keys["snapshot"]])

        page.goto(base + "guide/")
        wait_ready(page)
        expect(guide(page)).to_have_attribute("data-engine-start", "snapshot")

        # The same cache name, but a snapshot made for another runtime (its header says so).
        page.evaluate(
            """async ([name, url]) => {
                const cache = await caches.open(name);
                await cache.put(url, new Response(new Uint8Array(64), {headers: {'x-runtime-key': 'another-runtime'}}));
            }""",
            [snapshot_cache, snapshot_url],
        )
        page = context.new_page()  # a new load, not a move within the page
        page.goto(base + SHARED_LINK)
        wait_ready(page)
        expect(page.locator("section.guide-result h2").first).to_contain_text("Secondary", timeout=ENGINE_TIMEOUT_MS)
        expect(guide(page)).to_have_attribute("data-engine-start", "full")

        # That full start saves a fresh snapshot once ready: wait for it, so it cannot land after ours.
        assert page.evaluate(SNAPSHOT_KEY_IS, [snapshot_cache, snapshot_url, keys["snapshot"]])
        # Matching key, broken bytes: restoring fails, and the guide starts in full all the same.
        page.evaluate(
            """async ([name, url, key]) => {
                const cache = await caches.open(name);
                await cache.put(url, new Response(new Uint8Array(64), {headers: {'x-runtime-key': key}}));
            }""",
            [snapshot_cache, snapshot_url, keys["snapshot"]],
        )
        page.goto(base + "guide/")
        wait_ready(page)
        expect(guide(page)).to_have_attribute("data-engine-start", "full")


def changed_build(tmp: Path, edited: str, original: str, replacement: str) -> Path:
    """The project built again, in a copy of its own, with one passage of one file replaced."""
    project = tmp / "project"
    for part in ["docs", "guide", "src", "overrides", "includes", "tools"]:
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["mkdocs.yml", "pyproject.toml"]:
        shutil.copy2(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    # The build folder caches the packed runtime by its content's hash (guide/sitegen/packed_runtime.py):
    # shared, the copy packs only what its change touched, as the project's own next build would.
    (ROOT / "build").mkdir(exist_ok=True)
    (project / "build").symlink_to(ROOT / "build", target_is_directory=True)
    path = project / edited
    text = path.read_text(encoding="utf-8")
    assert original in text
    path.write_text(text.replace(original, replacement), encoding="utf-8")
    site = tmp / "site-two"
    env = {**os.environ, **QUIET_ENV, "PYTHONPATH": str(project / "src")}
    command = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)]
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)
    assert run.returncode == 0, run.stderr[-4000:]
    return site


#: The shared link's result title in the site, and in a second build whose tree renames it.
FIRST_TITLE = "Secondary management: nip it in the bud"
SECOND_TITLE = f"{FIRST_TITLE} (second build)"


@pytest.fixture(scope="module")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built again with one change of the engine's tree: the shared link's result renamed
    (built once for the tests that publish it; they copy it, and change nothing in it)."""
    tmp = tmp_path_factory.mktemp("second-build")
    return changed_build(tmp, "src/decision_tree/tree.toml", f'title = "{FIRST_TITLE}"', f'title = "{SECOND_TITLE}"')


def test_a_new_builds_engine_runs_on_the_next_load_where_the_host_lets_browsers_keep_files(
    site: Path, second_build: Path, browser: Browser, tmp_path: Path
) -> None:
    """A new build keeps the names of the engine's lock file and wheel, and a host lets browsers keep
    any file for minutes (GitHub Pages: max-age=600). Without the offline copy, the HTTP cache then
    held the last build's engine and its key, and the next load ran it (or the lock file of one build
    met the wheel of the other, and the guide failed): the worker revalidates them (engine-files.mjs)."""
    second = second_build
    public = tmp_path / "public"
    shutil.copytree(site, public)
    context = browser.new_context(service_workers="block")
    try:
        with served(public, cache_control="max-age=600") as (base, _):
            page = context.new_page()
            page.goto(base + SHARED_LINK)
            wait_ready(page)
            expect(page.locator("section.guide-result h2").first).to_have_text(FIRST_TITLE, timeout=ENGINE_TIMEOUT_MS)
            shutil.rmtree(public)  # the host publishes the second build in place of the first
            shutil.copytree(second, public)
            page.reload()  # the page itself is asked for again; the files it uses may come from the cache
            wait_ready(page)
            expect(page.locator("section.guide-result h2").first).to_have_text(SECOND_TITLE, timeout=ENGINE_TIMEOUT_MS)
    finally:
        context.close()


def test_a_new_build_is_shown_whole_on_the_next_load_and_the_old_copy_is_deleted(
    site: Path, second_build: Path, context: BrowserContext, tmp_path: Path
) -> None:
    second = second_build
    first_keys, second_keys = built(site), built(second)
    assert first_keys["build"] != second_keys["build"] and first_keys["snapshot"] != second_keys["snapshot"]
    public = tmp_path / "public"
    shutil.copytree(site, public)
    with served(public) as (base, _):
        page = context.new_page()
        page.goto(base + "guide/")
        wait_ready(page)
        offline_copy_ready(page)

        shutil.rmtree(public)  # the host publishes the second build in place of the first
        shutil.copytree(second, public)

        page = context.new_page()  # the next load
        page.goto(base + SHARED_LINK)
        wait_ready(page)
        expect(page.locator("section.guide-result h2").first).to_have_text(SECOND_TITLE, timeout=ENGINE_TIMEOUT_MS)
        meta = page.locator('meta[name="rupture-guide-build"]')
        expect(meta).to_have_attribute("content", second_keys["build"])

        # The load after: the second build's worker is in charge, its copy complete, the first gone.
        page = context.new_page()
        page.goto(base + "guide/")
        wait_ready(page)
        offline_copy_ready(page)
        assert page.evaluate(CACHES_ARE, cache_names(second_keys)) == cache_names(second_keys)
        page.goto(base + "glossary/")
        page.goto(base + "guide/")
        wait_ready(page)
        expect(guide(page)).to_have_attribute("data-engine-start", "snapshot")
        page = context.new_page()
        page.goto(base + SHARED_LINK)
        wait_ready(page)
        expect(page.locator("section.guide-result h2").first).to_have_text(SECOND_TITLE, timeout=ENGINE_TIMEOUT_MS)


#: Caches an older build's worker would have left: its pages, its runtime and its snapshot.
OLDER_CACHES = [f"rupture-guide-{'0' * 20}", f"rupture-guide-runtime-{'0' * 20}", f"rupture-guide-snapshot-{'0' * 20}"]


def runtime_requests(site: Path, log: RequestLog) -> list[Hit]:
    """What the server sent of the Pyodide runtime (the files its service worker keeps by the runtime's key)."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    files = {"/" + path for path in json.loads(text[text.index("{") : text.index(";\n")])["runtime"]["files"]}
    assert len(files) == 5  # two of them packed, and the decoder (guide/sitegen/packed_runtime.py)
    return [hit for hit in log.hits() if hit.path in files]


def test_a_text_only_change_downloads_none_of_the_runtime_again_and_older_caches_are_deleted(
    site: Path, context: BrowserContext, tmp_path: Path
) -> None:
    original = "The clinical terms used on this site, listed alphabetically."
    changed = "The clinical terms used on this site, in alphabetical order (second build)."
    second = changed_build(tmp_path, "docs/glossary.md", original, changed)
    first_keys, second_keys = built(site), built(second)
    assert first_keys["build"] != second_keys["build"] and first_keys["runtime"] == second_keys["runtime"]
    public = tmp_path / "public"
    shutil.copytree(site, public)
    with served(public) as (base, log):
        page = context.new_page()
        page.goto(base + "guide/")
        wait_ready(page)
        offline_copy_ready(page)
        assert sum(hit.body_bytes for hit in runtime_requests(site, log)) > 4_000_000  # the count sees them
        page.evaluate("async (names) => { for (const name of names) await caches.open(name); }", OLDER_CACHES)

        shutil.rmtree(public)  # the host publishes the second build in place of the first
        shutil.copytree(second, public)
        log.clear()
        page = context.new_page()
        said: list[str] = []
        page.on("console", lambda message: said.append(message.text) if message.type == "warning" else None)
        page.goto(base + "guide/")  # the guide first: its engine asks for the runtime at once
        expect(page.locator('meta[name="rupture-guide-build"]')).to_have_attribute("content", second_keys["build"])
        wait_ready(page)
        offline_copy_ready(page, said)
        assert page.evaluate(CACHES_ARE, cache_names(second_keys)) == cache_names(second_keys)
        page.goto(base + "glossary/")
        expect(page.locator("article")).to_contain_text(changed)
        assert "/glossary/" in log.paths()  # the change itself was downloaded
        assert runtime_requests(site, log) == []


def test_navigations_use_the_preloaded_response(site: Path, context: BrowserContext) -> None:
    with served(site) as (base, log):
        page = context.new_page()
        page.goto(base + "guide/")
        offline_copy_ready(page)
        preload = "async () => (await (await navigator.serviceWorker.ready).navigationPreload.getState()).enabled"
        assert page.evaluate(preload) is True
        context.new_cdp_session(page).send("Network.clearBrowserCache")  # so the preload goes to the server
        log.clear()
        page.goto(base + "glossary/")
        expect(page.locator("h1").first).to_contain_text("Glossary")
        asked = [{name.lower(): value for name, value in hit.headers} for hit in log.hits() if hit.path == "/glossary/"]
        # One GET, the browser's preload: the worker answered with it instead of asking again.
        assert len(asked) == 1 and asked[0].get("service-worker-navigation-preload") == "true", asked


def test_a_page_of_a_replaced_build_does_not_wait_for_ever_for_its_copy(site: Path, context: BrowserContext) -> None:
    """A page from another build than the worker in charge (a host that has not caught up, or a
    build replaced while the page was open) says the copy is ready once the worker has completed
    it and no newer worker is on its way, instead of "making" for as long as it stays open."""
    current = built(site)["build"]
    other = "0" * len(current)
    html = (site / "glossary/index.html").read_text(encoding="utf-8")
    meta = 'name="rupture-guide-build" content="{}"'
    assert meta.format(current) in html
    stale = html.replace(meta.format(current), meta.format(other))
    with served(site, overrides={"/glossary/": (200, "text/html; charset=utf-8", stale.encode())}) as (base, _):
        page = context.new_page()
        page.goto(base + "guide/")
        wait_ready(page)
        offline_copy_ready(page)
        page.goto(base + "glossary/")
        expect(page.locator('meta[name="rupture-guide-build"]')).to_have_attribute("content", other)
        offline_copy_ready(page)
        expect(page.locator("html")).to_have_attribute("data-offline-ready", "yes")


def answer_ids(tree: Tree) -> set[str]:
    """Every ID an address can carry as an answer: questions, their answers, signs, phases."""
    ids = {*tree.signs, *tree.phases, *tree.risk_values}
    for question in tree.questions.values():
        ids.add(question.id)
        ids.update(choice.value for choice in question.answers)
    return ids


def test_the_caches_hold_only_the_sites_own_files_and_nothing_entered(
    site: Path, context: BrowserContext, tree: Tree
) -> None:
    with served(site) as (base, _):
        page = context.new_page()
        page.goto(base + SHARED_LINK)
        expect(page.locator("section.guide-result")).to_be_visible(timeout=ENGINE_TIMEOUT_MS)
        offline_copy_ready(page)
        page.goto(base + "guide/#risk=no")
        page.reload()
        wait_ready(page)
        answer(page, "ongoing")
        urls = page.evaluate(CACHED_URLS)
        storage = page.evaluate(STORAGE_PROBE)

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    assert len(urls) > 50
    ids = answer_ids(tree)
    for name, url in urls:
        parts = urlsplit(url)
        assert name.startswith("rupture-guide-"), name
        assert f"{parts.scheme}://{parts.netloc}" == origin, url
        assert not parts.query and not parts.fragment and "#" not in url and "?" not in url, url
        assert not ids & set(parts.path.strip("/").split("/")), url
    assert storage == {"local": [], "session": [], "databases": []}


def test_the_scope_pages_button_removes_the_offline_copy(site: Path, context: BrowserContext) -> None:
    with served(site) as (base, _):
        page = context.new_page()
        page.goto(base + "guide/")  # the copy is made once the guide is used
        offline_copy_ready(page)
        page.goto(base + "scope/#offline-copy")
        offline_copy_ready(page)
        panel = page.locator("#offline-copy-panel")
        expect(panel.locator("[data-offline-status]")).to_contain_text("holds an offline copy")
        expect(panel.get_by_role("button", name="Keep an offline copy")).to_be_hidden()
        panel.get_by_role("button", name="Remove the offline copy").click()
        expect(panel.locator("[data-offline-status]")).to_contain_text("removed")
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "off")
        left = page.evaluate(WHAT_IS_LEFT)
        assert left == {"registrations": 0, "caches": []}
        expect(panel.get_by_role("button", name="Keep an offline copy")).to_be_focused()
        expect(panel.get_by_role("button", name="Remove the offline copy")).to_be_hidden()

        page.reload()  # the choice holds: nothing is registered again
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "off")
        assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
        panel.get_by_role("button", name="Keep an offline copy").click()
        offline_copy_ready(page)
        expect(panel.locator("[data-offline-status]")).to_contain_text("holds an offline copy")


def test_a_removal_that_fails_says_so_instead_of_removed(site: Path, context: BrowserContext) -> None:
    with served(site) as (base, _):
        page = context.new_page()
        page.goto(base + "scope/#offline-copy")
        # The page has looked for a copy and found none before the reader asks (no second copy made).
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "not-asked")
        page.locator("#offline-copy-panel").get_by_role("button", name="Keep an offline copy").click()  # asked for
        offline_copy_ready(page)
        page.evaluate("() => { CacheStorage.prototype.delete = () => Promise.reject(new Error('storage busy')); }")
        panel = page.locator("#offline-copy-panel")
        panel.get_by_role("button", name="Remove the offline copy").click()
        expect(page.locator("html")).to_have_attribute("data-offline-copy", "unremoved")
        expect(panel.locator("[data-offline-status]")).to_contain_text("could not be removed")
        expect(panel.locator("[data-offline-status]")).not_to_contain_text("is removed")


def test_a_copy_removed_in_another_tab_is_not_made_again_by_a_guide_still_loading(
    site: Path, context: BrowserContext
) -> None:
    with served(site) as (base, _):
        loading = context.new_page()
        held: list[Route] = []
        loading.route("**/pyodide.asm.wasm.zst", lambda route: held.append(route))  # this tab's engine waits
        loading.goto(base + "guide/")
        wait_until(loading, lambda: bool(held))

        scope = context.new_page()
        scope.goto(base + "scope/#offline-copy")
        expect(scope.locator("html")).to_have_attribute("data-offline-copy", "not-asked")  # no copy yet: ask
        scope.locator("#offline-copy-panel").get_by_role("button", name="Keep an offline copy").click()
        offline_copy_ready(scope)
        scope.locator("#offline-copy-panel").get_by_role("button", name="Remove the offline copy").click()
        expect(scope.locator("html")).to_have_attribute("data-offline-copy", "off")

        held[0].continue_()
        wait_ready(loading)
        expect(loading.locator("html")).to_have_attribute("data-offline-copy", re.compile("^(off|ready|failed)$"))
        expect(loading.locator("html")).to_have_attribute("data-offline-copy", "off")
        left = loading.evaluate(WHAT_IS_LEFT)
        assert left["registrations"] == 0
        assert not [name for name in left["caches"] if not name.startswith("rupture-guide-snapshot-")]


def test_the_site_is_installable_with_its_manifest_and_icons(
    site: Path, playwright: Playwright, tmp_path: Path
) -> None:
    # A normal profile, not an incognito context: browsers never offer to install from one.
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=find_chromium(headless_shell=True), args=CHROMIUM_ARGS
    )
    try:
        with served(site) as (base, _):
            # Installable on the first visit, before the guide is used and any offline copy made:
            # Chromium asks for the manifest and its icons only (this test once waited for the copy).
            page = context.new_page()
            page.goto(base)
            expect(page.locator("html")).to_have_attribute("data-offline-copy", "not-asked")
            cdp = context.new_cdp_session(page)
            manifest = cdp.send("Page.getAppManifest")
            assert manifest["url"] == base + "manifest.webmanifest" and manifest["errors"] == []
            assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
            parsed = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
            assert parsed["start_url"] == "./guide/" and parsed["display"] == "standalone"
            sizes = {icon["sizes"] for icon in parsed["icons"] if icon["type"] == "image/png"}
            assert {"192x192", "512x512"} <= sizes
            for icon in parsed["icons"]:
                assert (site / icon["src"]).is_file(), icon["src"]
    finally:
        context.close()


def test_say_it_and_the_role_cards_work_offline_after_one_visit_to_the_guide(visited_once: VisitedOnce) -> None:
    """Issue 22.6: the rehearsal page opens, reveals and moves on from the copy, like the rest of the site.

    The copy is made once the guide has been used (guide/js/offline.mjs): one visit to the guide, then
    the server stops, and the two training pages, never visited, come from the copy."""
    base = visited_once.base
    page = visited_once.context.new_page()
    page.goto(base + "guide/practice/say-it/#statement=late-again")
    say_it = page.locator("#say-it")
    expect(say_it).to_have_attribute("data-live", "true")
    expect(say_it).to_have_attribute("data-statement", "late-again")
    card = page.locator("#say-it .say-it-card[data-current]")
    card.locator("textarea").fill("I noticed you arrived later than usual. What made today hard?")
    card.locator("[data-action=reveal]").click()
    expect(say_it).to_have_attribute("data-state", "reveal")
    expect(card.locator(".model-response").first).to_be_visible()
    card.locator("input[name=difficulty][value=about-right]").check()
    card.locator("[data-action=next]").click()
    expect(say_it).to_have_attribute("data-state", "statement")
    expect(say_it).not_to_have_attribute("data-statement", "late-again")

    page.goto(base + "role-cards/")
    expect(page.locator("#cards-busy-observer a[href*='observer-checklist/#check-']").first).to_be_visible()
    page.close()
