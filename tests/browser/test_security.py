"""Content-Security-Policy in force on every page, security headers for static hosts, and no answer
ever leaving the browser in any state of the guide."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, Request, expect

from decision_tree import load_tree
from tests.browser.helpers import (
    HOLD_SEARCH_INDEX,
    STORAGE_PROBE,
    all_pages,
    wait_copy_ready,
    wait_ready,
    walk_to_result,
)
from tests.browser.site_tour import CSP_VIOLATIONS, SiteTour

REQUIRED = {
    "default-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",
}


def policy_of(html: str) -> dict[str, str]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match, "no Content-Security-Policy meta tag"
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in match.group(1).split("; ")}


def test_every_page_declares_the_policy_before_any_script(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text()
        policy = policy_of(html)
        for directive, value in REQUIRED.items():
            assert policy[directive] == value, (page, directive)
        scripts = policy["script-src"].split()
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
        assert all(s.startswith("'sha256-") for s in scripts[2:])
        assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts
        assert html.index("Content-Security-Policy") < html.find("<script"), page
        assert html.index('<meta charset="utf-8">') < 1024, page
        assert '<meta name="referrer" content="no-referrer">' in html


def test_headers_file_for_static_hosts(site: Path) -> None:
    text = (site / "_headers").read_text()
    meta = policy_of((site / "index.html").read_text())
    header = dict(re.findall(r"^  ([\w-]+): (.+)$", text, flags=re.M))
    policy = {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header["Content-Security-Policy"].split("; ")}
    assert policy == {**meta, "frame-ancestors": "'none'"}
    assert header["X-Content-Type-Options"] == "nosniff"
    assert header["Referrer-Policy"] == "no-referrer"
    assert header["X-Frame-Options"] == "DENY"
    assert "camera=()" in header["Permissions-Policy"] and "geolocation=()" in header["Permissions-Policy"]


def test_injected_inline_script_is_refused(page: Page, site_url: str) -> None:
    page.add_init_script(CSP_VIOLATIONS)
    page.goto(site_url + "guide/")
    # An allowed inline script would run as it is appended; a refused one fires the violation event.
    injected = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener('securitypolicyviolation',
                () => resolve(window.__injected ?? null), {once: true});
            const s = document.createElement('script');
            s.textContent = 'window.__injected = 1';
            document.body.append(s);
            if (window.__injected !== undefined) resolve(window.__injected);
        })"""
    )
    assert injected is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__cspViolations"))


def test_no_page_logs_a_csp_violation(site: Path, site_tour: SiteTour) -> None:
    """Every page, the guide once ready and after an answer (the shared tour: site_tour.py)."""
    assert [visit.path for visit in site_tour.visits] == all_pages(site)
    for visit in site_tour.visits:
        assert visit.csp_violations == [], visit.path


def test_no_answer_ever_leaves_the_browser(browser: Browser, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    # The site's own search index loads at the reader's first pause, which can fall between answers.
    context.add_init_script(HOLD_SEARCH_INDEX)
    page = context.new_page()
    page.goto(site_url + "guide/")
    wait_ready(page)
    # The offline copy is completed in the background once the engine is ready: only the site's
    # own files (test_offline.py), and never caused by an answer. Let it finish first.
    wait_copy_ready(page)
    page.wait_for_load_state("networkidle")
    before_answers = len(requests)
    walk_to_result(
        page,
        {
            "risk": ["no"],
            "phase": ["ongoing"],
            "in-session": ["strong-emotion"],
            "attendance": ["missed-session"],
            "about-us": ["explicit-blame"],
            "after-difficult": ["yes"],
            "still-attending": ["no"],
        },
    )
    expect(page.locator("section.guide-result")).to_have_attribute("data-level", "tertiary")
    # Answering sends nothing at all: every step is computed inside the page. (Chromium itself
    # fetches the favicon again when the address changes; it carries nothing of the answers.)
    sent = [r.url for r in requests[before_answers:] if not r.url.endswith("/assets/images/favicon.png")]
    assert sent == []
    page.locator("li.phrasing button").first.click()
    page.get_by_role("button", name="Back", exact=True).click()
    page.go_back()
    page.reload()
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    answer_ids = {*load_tree().signs, "risk=", "phase=", "missed-session"}
    for request in requests:
        assert "#" not in request.url
        payload = (request.url + (request.post_data or "")).lower()
        assert not [a for a in answer_ids if a in payload], request.url
        # A HEAD (the service worker checks that a preloaded page is the current build's) has no body.
        assert request.method in ("GET", "HEAD"), request.url
        assert request.post_data is None, request.url
    assert context.cookies() == []
    assert page.evaluate(STORAGE_PROBE) == {"local": [], "session": [], "databases": []}
    context.close()
