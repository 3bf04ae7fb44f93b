"""The four smoke checks, the same in every engine: the guide loads and its engine starts, a shared
link opens its result, an answer leads on, and with the server stopped a page never visited opens
and so does the guide (the offline copy). Each returns which path ran, for the summary after the run.

Every wait is on a state in the page, through the driver's own wait, with a generous timeout.
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.harness import served
from tools.other_engines import EngineDriver

#: Pyodide starts in about 3 s in Firefox and 10 s in WebKitGTK under Xvfb on this kind of machine.
ENGINE_TIMEOUT = 90
#: The offline copy includes the Pyodide runtime (megabytes) fetched by the service worker.
OFFLINE_TIMEOUT = 180
#: A link a clinician could share: its result is Secondary management, with "wonder aloud" among its steps.
SHARED_LINK = "risk=no&phase=ongoing&signs=missed-session,easy-explanation"

#: user_properties key under which a test records the path it took (listed after the run).
PATH_RAN = "path ran"

GUIDE = "document.querySelector('#decision-guide')"


def open_fresh(driver: EngineDriver, url: str) -> None:
    """A new document even when only the fragment differs from the page on screen (a shared link is opened cold)."""
    driver.open("about:blank")
    driver.open(url)


def wait_engine_ready(driver: EngineDriver) -> str:
    platform = driver.wait_for_script(f"return {GUIDE}?.dataset.platform", ENGINE_TIMEOUT, "the engine (data-platform)")
    assert platform == "emscripten", f"{driver.name}: the engine says data-platform={platform!r}"
    return str(driver.run(f"return {GUIDE}.dataset.engineStart ?? 'unset'"))


def guide_loads_and_engine_starts(driver: EngineDriver, site_url: str) -> str:
    open_fresh(driver, site_url + "guide/")
    driver.wait_displayed("form[data-question]", ENGINE_TIMEOUT)
    engine_start = wait_engine_ready(driver)
    assert driver.displayed("form[data-question=risk]"), f"{driver.name}: the first question went away"
    return f"{driver.name} {driver.version}: engine ready, data-engine-start={engine_start}"


def shared_link_opens_its_result(driver: EngineDriver, site_url: str) -> str:
    open_fresh(driver, f"{site_url}guide/#{SHARED_LINK}")
    engine_start = wait_engine_ready(driver)
    check_shared_result(driver)
    return f"{driver.name}: data-engine-start={engine_start}"


def check_shared_result(driver: EngineDriver) -> None:
    driver.wait_displayed("section.guide-result", ENGINE_TIMEOUT)
    assert driver.run(f"return {GUIDE}.dataset.state") == "result"
    result = "document.querySelector('section.guide-result')"
    assert driver.run(f"return {result}.dataset.level") == "secondary"
    title = driver.run(f"return {result}.querySelector('h2').textContent.trim()")
    assert title.startswith("Secondary management"), f"{driver.name}: result titled {title!r}"
    steps = driver.run(
        f"return [...{result}.querySelectorAll('li.guide-intervention')].map(s => s.dataset.intervention)"
    )
    assert "wonder-aloud" in steps, f"{driver.name}: steps {steps}"
    assert driver.displayed("li[data-intervention=wonder-aloud] h4 a")


def an_answer_leads_to_the_next_question(driver: EngineDriver, site_url: str) -> str:
    """From the first question, as a reader who starts over on the result a shared link opened (the
    engine already running: starting it has checks of its own), or else on the guide opened afresh."""
    on_a_result = f"return location.href.startsWith({site_url + 'guide/#'!r}) && {GUIDE}?.dataset.state === 'result'"
    if driver.run(on_a_result):
        engine_start = wait_engine_ready(driver)
        driver.click(".guide-nav button[data-goto='']")  # Start over
        driver.wait_for_script("return location.hash === ''", ENGINE_TIMEOUT, "the guide started over")
    else:
        open_fresh(driver, site_url + "guide/")
        engine_start = wait_engine_ready(driver)
    driver.wait_displayed("form[data-question=risk]", ENGINE_TIMEOUT)
    driver.click("form[data-question=risk] button[name=answer][value=no]")
    driver.wait_displayed("form[data-question=phase]", ENGINE_TIMEOUT)
    assert driver.run("return location.hash") == "#risk=no"
    assert not driver.displayed("form[data-question=risk]"), f"{driver.name}: the answered question is still shown"
    return f"{driver.name}: data-engine-start={engine_start}"


def offline_a_new_page_and_the_guide_open(driver: EngineDriver, site: Path) -> str:
    """Visit the guide once on a server of its own, stop that server for real, open a page never
    visited, then a shared link in the guide, whose engine must start from the offline copy."""
    with served(site) as (base, _):
        open_fresh(driver, base + "guide/")
        engine_start = wait_engine_ready(driver)
        if not driver.run("return 'serviceWorker' in navigator"):
            pytest.fail(
                f"{driver.name} {driver.version} has no navigator.serviceWorker: the site cannot work offline here"
            )
        driver.wait_for_script(
            "return navigator.serviceWorker.controller !== null",
            OFFLINE_TIMEOUT,
            "a service worker controlling the page",
        )
        driver.wait_for_script(
            "return document.documentElement.dataset.offlineReady === 'yes'",
            OFFLINE_TIMEOUT,
            "the offline copy (<html data-offline-ready=yes>)",
        )
    port = urlsplit(base).port
    assert port, base
    with pytest.raises(ConnectionRefusedError):  # nothing answers on that port any more
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    driver.open(base + "managing/secondary/")
    driver.wait_displayed("h1#secondary", ENGINE_TIMEOUT)
    heading = driver.run("return document.querySelector('h1#secondary').textContent.trim()")
    assert heading.startswith("Secondary"), f"{driver.name}: offline page headed {heading!r}"
    controlled = driver.run("return navigator.serviceWorker.controller !== null")
    assert controlled, f"{driver.name}: the offline page is not controlled by the service worker"
    driver.open(f"{base}guide/#{SHARED_LINK}")
    offline_start = wait_engine_ready(driver)
    check_shared_result(driver)
    return (
        f"{driver.name} {driver.version}: offline through the service worker;"
        f" data-engine-start={engine_start} online, then {offline_start} offline"
    )
