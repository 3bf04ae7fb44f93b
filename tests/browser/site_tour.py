"""One tour of every page of the built site, shared by the sweeps that judge every page (accessibility,
privacy, the security policy): each page is loaded once, in one context, as a reader moves through
the site, and what each sweep judges is recorded on the way. The sweeps then assert on the record,
each in its own test, instead of loading every page three times (``tests/browser/conftest.py``,
``site_tour``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from tests.browser.helpers import (
    COLOUR_RULES,
    STORAGE_PROBE,
    all_pages,
    answer,
    axe_violations,
    open_settled,
    settle,
    wait_ready,
)

#: Material's colour scheme on the body for each of the system's settings (color-scheme.html).
SCHEMES = {"light": "default", "dark": "slate"}
#: Every violation of the page's Content-Security-Policy, as the page reports it.
CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@dataclass(frozen=True)
class PageVisit:
    """What one page showed and did: read once it had settled (the guide once its engine was ready,
    then after one answer)."""

    path: str
    lang: str
    title: str
    #: axe's violations in each colour scheme, the page switching as the system's setting changes
    #: (in dark, of the rules on colour: COLOUR_RULES).
    axe: dict[str, list[Any]]
    csp_violations: list[str]
    storage: dict[str, Any]


@dataclass(frozen=True)
class SiteTour:
    visits: list[PageVisit]
    #: Every address the context asked for, the service worker's included, in order.
    requests: list[str]
    #: Console errors and uncaught exceptions, on any page.
    errors: list[str]
    cookies: list[Any] = field(default_factory=list)


def tour_the_site(browser: Browser, site: Path, site_url: str) -> SiteTour:
    """Load every page once, as a reader moves through the site, and record what the sweeps judge."""
    # Less motion, as a reader may ask: Material then drops its transitions, so each change of scheme
    # shows its end state at once (axe judges only that), without a quarter second of repaints.
    context = browser.new_context(color_scheme="light", reduced_motion="reduce")
    context.add_init_script(CSP_VIOLATIONS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    visits = []
    schemes = list(SCHEMES)
    for path in all_pages(site):
        open_settled(page, site_url + path)  # in the scheme the page before ended in
        lang, title = page.evaluate("document.documentElement.lang"), page.title().strip()
        if path == "guide/":
            wait_ready(page)
        axe = {}
        for scheme in schemes:
            page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
            material = SCHEMES[scheme]
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material)
            # Let transitions finish (Material slides the header title on scroll): axe judges what stays.
            # The reader of the tour asks for less motion, so Material switches schemes at once.
            settle(page)
            # Every rule in light; in dark, what the scheme changes: the colours.
            axe[scheme] = axe_violations(page, rules=None if scheme == "light" else COLOUR_RULES)
        schemes.reverse()  # the next page starts in this one's last scheme: one switch a page, not two
        if path == "guide/":
            answer(page, "no")  # the policy holds, and nothing is stored, while the guide is used too
        csp = page.evaluate("window.__cspViolations")
        visits.append(PageVisit(path, lang, title, axe, csp, page.evaluate(STORAGE_PROBE)))
    cookies = context.cookies()
    context.close()
    return SiteTour(visits, requests, errors, cookies)
