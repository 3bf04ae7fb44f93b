"""Hostile links: a thousand generated fragments (random bytes, huge values, unknown IDs, repeated keys,
percent-encoding tricks, script and HTML injection) never break the guide or run injected code."""

from __future__ import annotations

import random
import re
from urllib.parse import unquote

from playwright.sync_api import Page, expect

from decision_tree import api, load_tree
from tests.browser.helpers import guide, make_the_first_in_page_navigation, wait_ready

TREE = load_tree()
KEYS = ["risk", "phase", "signs", *TREE.questions, "Risk", "sign", "", "&", "=", "%26", "__proto__", "constructor"]
GOOD = ["yes", "no", "none", "start", "early", "ongoing", "unsure", *TREE.signs]
INJECTIONS = [
    '<img src=x onerror="window.__canary=1">',
    "<script>window.__canary=1</script>",
    '"><svg onload=window.__canary=1>',
    "javascript:window.__canary=1",
    "%3Cimg%20src%3Dx%20onerror%3Dwindow.__canary%3D1%3E",
    "%253Cscript%253Ewindow.__canary%3D1%253C%2Fscript%253E",
    "{{7*7}}",
    "${window.__canary=1}",
    "\u202e\u0000\u2028",
]


def hostile_fragments(count: int, seed: int = 20261126) -> list[str]:
    rng = random.Random(seed)

    def value() -> str:
        kind = rng.randrange(6)
        if kind == 0:
            return ",".join(rng.choices(GOOD, k=rng.randrange(1, 6)))
        if kind == 1:
            return rng.choice(INJECTIONS)
        if kind == 2:
            return "".join(f"%{rng.randrange(256):02X}" for _ in range(rng.randrange(1, 40)))
        if kind == 3:
            return rng.choice(GOOD) * rng.randrange(100, 3000)
        if kind == 4:
            return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(1, 20)))
        return rng.choice(["%", "%%", "%2", "%G1", "%00", ",,", "=", "&&", "#", "%23risk=yes"])

    fragments = []
    for index in range(count):
        if index % 10 == 0:
            fragments.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120))).decode("latin-1"))
            continue
        pairs = [f"{rng.choice(KEYS)}={value()}" for _ in range(rng.randrange(1, 7))]
        if rng.random() < 0.3:
            pairs.append(pairs[0])  # a repeated key
        fragments.append("&".join(pairs))
    return fragments


#: Give the guide one fragment and wait, through a MutationObserver, for the view it causes.
#: An address the browser leaves unchanged is no navigation, so no view comes: nothing to wait for.
#: Otherwise the guide always answers with a new view (data-views) or an error (data-state);
#: the bound only turns a hang into a failure.
APPLY = """async (fragment) => {
    const root = document.getElementById('decision-guide');
    const before = { views: root.dataset.views, href: location.href };
    let observer, bound;
    const shown = new Promise((resolve, reject) => {
        observer = new MutationObserver(() => {
            if (root.dataset.views !== before.views || root.dataset.state === 'error') resolve();
        });
        observer.observe(root, { attributes: true, attributeFilter: ['data-views', 'data-state'] });
        bound = setTimeout(() => reject(new Error('the guide never answered ' + JSON.stringify(fragment))), 20000);
    });
    location.hash = fragment;
    const sent = location.hash;  // as the browser encoded it: what the guide passes to the engine
    try {
        if (location.href !== before.href) await shown;
    } finally {
        observer.disconnect();
        clearTimeout(bound);
    }
    return {
        sent,
        hash: location.hash,
        changed: root.dataset.views !== before.views,
        state: root.dataset.state,
        notice: !!root.querySelector('[data-guide-ignored]'),
        canary: window.__canary,
        injected: root.querySelectorAll(
            '.guide-view script, .guide-view img, .guide-view svg[onload], [onerror]').length,
    };
}"""

#: Every fragment in turn, each given as APPLY gives one, in the page itself: a thousand round trips
#: between pytest and the browser took longer than the guide's own work. The guide opens a fragment
#: once (guide.mjs, onHistory), so each view waited for is the one its own fragment caused.
APPLY_ALL = f"""async (fragments) => {{
    const apply = {APPLY};
    const outcomes = [];
    for (const fragment of fragments) outcomes.push(await apply(fragment));
    return outcomes;
}}"""


def test_a_thousand_hostile_links(page: Page, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site_url + "guide/")
    wait_ready(page)
    # Every fragment below meets the same guide (one sent to the old guide could be dropped with it).
    make_the_first_in_page_navigation(page, "decision-guide", "risk=no")
    expect(guide(page)).to_have_attribute("data-views", "1")
    fragments = hostile_fragments(1000)
    assert len(set(fragments)) > 990
    checked = 0
    outcomes = page.evaluate(APPLY_ALL, fragments)
    for fragment, outcome in zip(fragments, outcomes, strict=True):
        assert outcome["canary"] is None and outcome["injected"] == 0, fragment
        assert outcome["state"] in {"question", "result"}, (fragment, outcome)
        if not outcome["changed"]:
            continue  # the browser normalised it to the address already shown: no new view
        checked += 1
        expected = api.view(TREE, outcome["sent"].removeprefix("#"))
        assert outcome["state"] == expected["state"], fragment
        assert outcome["notice"] == bool(expected["ignored"]), (fragment, expected["ignored"])
    assert checked >= 900
    assert errors == []


def test_hostile_links_opened_directly(page: Page, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for fragment in hostile_fragments(12, seed=7) + INJECTIONS:
        page.goto(site_url + "guide/#" + fragment)
        wait_ready(page)
        # A link that opens in words first passes through "loading"; wait for the view it settles on.
        expect(page.locator("#decision-guide")).to_have_attribute("data-state", re.compile(r"^(question|result)$"))
        state = page.locator("#decision-guide").get_attribute("data-state")
        assert state in {"question", "result"}, fragment
        assert page.evaluate("window.__canary") is None
        assert unquote(page.evaluate("location.hash")) != "" or state == "question"
    assert errors == []
