"""Firefox, WebKit (Safari's engine family) and the full Chromium: find them, start them, drive them alike.

The browser tests run in Chromium's headless shell (tools/find-chromium); the smoke tests run
here, in the browsers as readers run them, with Debian's packages only, never a downloaded
browser or driver:

- Firefox: ``firefox-esr`` headless with a throwaway profile, driven over Marionette
  (``marionette-driver``); the profile switches off everything that would call home.
- WebKit: ``WebKitWebDriver`` (``webkit2gtk-driver``) driving WebKitGTK's ``MiniBrowser``
  in an Xvfb display of its own, through Selenium, told where the driver is so that
  Selenium Manager never looks for one.

- Chromium: the full browser (``find_chromium``), driven by Playwright, the tests' own.

``firefox()``, ``webkit()`` and ``chromium()`` are context managers that yield an ``EngineDriver``
(open a URL, run a script, wait on a condition, click) and stop every process and remove every
temporary folder they made, even when the block fails. ``python -m tools.other_engines``
names the Debian packages still missing (``tools/setup --browser`` installs them).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from marionette_driver import errors as marionette_errors  # type: ignore[import-untyped]  # the driver ships no type hints
from marionette_driver.marionette import Marionette  # type: ignore[import-untyped]  # the driver ships no type hints
from marionette_driver.wait import Wait  # type: ignore[import-untyped]  # the driver ships no type hints
from playwright.sync_api import Page, Playwright
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.wait import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options as WebKitOptions
from selenium.webdriver.webkitgtk.service import Service as WebKitService

T = TypeVar("T")

#: Debian package -> what it provides here.
PACKAGES = {"firefox-esr": "Firefox", "webkit2gtk-driver": "WebKitWebDriver and MiniBrowser", "xvfb": "Xvfb"}

#: The machine may have no network: nothing in Firefox may try to update, report or probe.
FIREFOX_PREFS: dict[str, bool | int | str] = {
    "marionette.port": 0,  # any free port; Firefox writes the one it took into MarionetteActivePort
    "app.update.disabledForTesting": True,
    "app.update.auto": False,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.server": "",
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.policy.firstRunURL": "",
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.search.update": False,
    "browser.region.update.enabled": False,
    "browser.region.network.url": "",
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "browser.aboutwelcome.enabled": False,
    "extensions.update.enabled": False,
    "extensions.blocklist.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "services.settings.server": "http://127.0.0.1:9/",  # remote settings: a closed local port, never the internet
    "toolkit.startup.max_resumed_crashes": -1,
}

WINDOW = (1280, 900)

#: Under Xvfb there is no GPU: WebKitGTK composites through Mesa's software OpenGL, whose
#: compositor thread crashed the page on a busy CI machine ("general protection fault ... in
#: swrast_dri.so" in the kernel log, and the WebDriver session gone). Painting without OpenGL
#: compositing takes that thread away; Safari on a real device never runs that code.
WEBKIT_ENV = {"WEBKIT_DISABLE_COMPOSITING_MODE": "1"}


def find_firefox() -> str | None:
    return shutil.which("firefox-esr") or shutil.which("firefox")


def find_webkit() -> tuple[str, str] | None:
    """WebKitWebDriver and the MiniBrowser it drives (Debian keeps it out of $PATH)."""
    driver = shutil.which("WebKitWebDriver")
    browsers = sorted(
        glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser") + glob.glob("/usr/libexec/webkit2gtk-4.*/MiniBrowser")
    )
    return (driver, browsers[-1]) if driver and browsers else None


def missing_packages() -> list[str]:
    found = {"firefox-esr": find_firefox(), "webkit2gtk-driver": find_webkit(), "xvfb": shutil.which("Xvfb")}
    return [package for package, path in found.items() if not path]


class EngineDriver(ABC):
    """The few things the smoke tests do, the same way in every engine."""

    name: str
    version: str

    @abstractmethod
    def open(self, url: str) -> None:
        """Navigate and wait for the page's load event."""

    @abstractmethod
    def run(self, script: str, *args: Any) -> Any:
        """Run a function body in the page (``arguments`` holds args) and return what it returns."""

    @abstractmethod
    def wait_until(self, condition: Callable[[], T], timeout: float, what: str) -> T:
        """Poll a condition with the driver's own wait until it is truthy; fail naming `what` after `timeout` s."""

    @abstractmethod
    def displayed(self, css: str) -> bool:
        """Whether the first element matching `css` exists and is displayed."""

    @abstractmethod
    def click(self, css: str) -> None: ...

    def wait_for_script(self, script: str, timeout: float, what: str) -> Any:
        return self.wait_until(lambda: self.run(script), timeout, what)

    def wait_displayed(self, css: str, timeout: float) -> None:
        self.wait_until(lambda: self.displayed(css), timeout, f"{css} displayed")


class FirefoxDriver(EngineDriver):
    def __init__(self, client: Any) -> None:
        self.client = client
        self.name = "Firefox"
        self.version = str(client.session_capabilities.get("browserVersion"))

    def open(self, url: str) -> None:
        self.client.navigate(url)

    def run(self, script: str, *args: Any) -> Any:
        return self.client.execute_script(script, script_args=args)

    def wait_until(self, condition: Callable[[], T], timeout: float, what: str) -> T:
        ignored = [marionette_errors.NoSuchElementException, marionette_errors.StaleElementException]
        wait = Wait(self.client, timeout=timeout, interval=0.05, ignored_exceptions=ignored)
        message = f"{self.name}: timed out after {timeout} s waiting for {what}"
        # The untyped wait returns what the condition returned.
        found: T = wait.until(lambda _: condition(), message=message)
        return found

    def displayed(self, css: str) -> bool:
        found = self.client.find_elements("css selector", css)
        return bool(found) and bool(found[0].is_displayed())

    def click(self, css: str) -> None:
        self.client.find_element("css selector", css).click()


class WebKitDriver(EngineDriver):
    def __init__(self, client: webdriver.WebKitGTK) -> None:
        self.client = client
        self.name = "WebKitGTK"
        self.version = str(client.capabilities.get("browserVersion"))

    def open(self, url: str) -> None:
        self.client.get(url)

    def run(self, script: str, *args: Any) -> Any:
        return self.client.execute_script(script, *args)

    def wait_until(self, condition: Callable[[], T], timeout: float, what: str) -> T:
        wait = WebDriverWait(
            self.client, timeout, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
        )
        return wait.until(lambda _: condition(), message=f"{self.name}: timed out after {timeout} s waiting for {what}")

    def displayed(self, css: str) -> bool:
        found = self.client.find_elements("css selector", css)
        return bool(found) and found[0].is_displayed()

    def click(self, css: str) -> None:
        self.client.find_element("css selector", css).click()


class ChromiumDriver(EngineDriver):
    def __init__(self, page: Page, version: str) -> None:
        self.page = page
        self.name = "Chromium"
        self.version = version

    def open(self, url: str) -> None:
        self.page.goto(url)

    def run(self, script: str, *args: Any) -> Any:
        # A function body, as WebDriver runs one, its arguments in `arguments`; written into the
        # expression Playwright runs, not made with new Function, which the site's policy forbids.
        return self.page.evaluate(f"(args) => (function () {{\n{script}\n}}).apply(null, args)", list(args))

    def wait_until(self, condition: Callable[[], T], timeout: float, what: str) -> T:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = condition()
            if found:
                return found
            # The next frame: a round trip to the page, never a sleep.
            self.page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve(null)))")
        raise TimeoutError(f"{self.name}: timed out after {timeout} s waiting for {what}")

    def displayed(self, css: str) -> bool:
        return self.page.locator(css).first.is_visible()

    def click(self, css: str) -> None:
        self.page.locator(css).first.click()


def kernel_faults(last: int = 5) -> list[str]:
    """The kernel's last lines about a crashed process (a browser's page dying leaves one), if readable."""
    try:
        log = subprocess.run(["dmesg"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line for line in log.splitlines() if "segfault" in line or "traps:" in line][-last:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_file(path: Path, process: subprocess.Popen[bytes], timeout: float, what: str) -> str:
    """Poll until a process has written a file, failing at once if the process ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and (text := path.read_text().strip()):
            return text
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before it was ready")
        time.sleep(0.05)
    raise TimeoutError(f"{what} was not ready after {timeout} s")


@contextmanager
def firefox(startup_timeout: float = 60) -> Iterator[FirefoxDriver]:
    """Headless Firefox in a fresh profile, driven over Marionette; everything removed afterwards."""
    binary = find_firefox()
    if binary is None:
        raise FileNotFoundError(
            "no firefox-esr found: run `tools/setup --browser` (Debian: apt-get install firefox-esr)"
        )
    profile = Path(tempfile.mkdtemp(prefix="rupture-firefox-"))
    try:
        prefs = "".join(
            f"user_pref({json.dumps(name)}, {json.dumps(value)});\n" for name, value in FIREFOX_PREFS.items()
        )
        (profile / "user.js").write_text(prefs, encoding="utf-8")
        with (profile / "firefox.log").open("wb") as log:
            process = subprocess.Popen(
                [binary, "--marionette", "--headless", "-no-remote", "-profile", str(profile), "about:blank"],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            port = int(_wait_for_file(profile / "MarionetteActivePort", process, startup_timeout, "Firefox"))
            client = Marionette(host="127.0.0.1", port=port, startup_timeout=startup_timeout)
            client.start_session()
            try:
                width, height = WINDOW
                client.set_window_rect(width=width, height=height)
                yield FirefoxDriver(client)
            finally:
                client.delete_session()
        finally:
            _stop(process)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def xvfb(startup_timeout: float = 30) -> Iterator[str]:
    """A virtual X display of its own (Xvfb picks a free number and tells it through -displayfd)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise FileNotFoundError("no Xvfb found: run `tools/setup --browser` (Debian: apt-get install xvfb)")
    read_end, write_end = os.pipe()
    width, height = WINDOW
    process = subprocess.Popen(
        [binary, "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # blocks until the display is ready; empty if Xvfb died
        if not number:
            raise RuntimeError(f"Xvfb exited with status {process.wait(timeout=startup_timeout)} before it was ready")
        yield f":{number}"
    finally:
        _stop(process)


@contextmanager
def webkit() -> Iterator[WebKitDriver]:
    """WebKitGTK's MiniBrowser in its own Xvfb display, driven by WebKitWebDriver through Selenium."""
    found = find_webkit()
    if found is None:
        raise FileNotFoundError(
            "no WebKitWebDriver or MiniBrowser found: run `tools/setup --browser`"
            " (Debian: apt-get install webkit2gtk-driver)"
        )
    driver_path, minibrowser = found
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never try to download a driver or browser
    with xvfb() as display:
        options = WebKitOptions()
        options.binary_location = minibrowser
        options.add_argument("--automation")
        log_dir = Path(tempfile.mkdtemp(prefix="rupture-webkit-"))
        service = WebKitService(
            executable_path=driver_path,
            log_output=str(log_dir / "webkitwebdriver.log"),
            env={**os.environ, "DISPLAY": display, "NO_AT_BRIDGE": "1", **WEBKIT_ENV},
        )
        try:
            client = webdriver.WebKitGTK(options=options, service=service)
            try:
                client.set_window_size(*WINDOW)
                yield WebKitDriver(client)
            finally:
                client.quit()
        finally:
            service.stop()
            shutil.rmtree(log_dir, ignore_errors=True)


@contextmanager
def chromium(playwright: Playwright, executable: str, args: list[str]) -> Iterator[ChromiumDriver]:
    """The full Chromium, headless, in a context of its own (service workers allowed, as for a reader)."""
    browser = playwright.chromium.launch(executable_path=executable, args=args)
    try:
        width, height = WINDOW
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        yield ChromiumDriver(page, browser.version)
    finally:
        browser.close()


if __name__ == "__main__":  # the missing packages' names on stdout (for tools/setup), what they are on stderr
    missing = missing_packages()
    for package in missing:
        print(package)
        print(f"missing: {package} ({PACKAGES[package]})", file=sys.stderr)
    sys.exit(1 if missing else 0)
