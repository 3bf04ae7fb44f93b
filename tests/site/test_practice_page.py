"""Practice mode's page in the built site: every scenario listed as a case, the first case
pre-rendered to the page contract, in the navigation, and at the address teaching material uses."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sitegen.practice_case import options

from decision_tree import practice_data
from decision_tree.model import Tree
from tools.harness import ROOT

SCENARIOS = ROOT / "docs/guide/scenarios.toml"


def practice_element(site: Path) -> str:
    page = (site / "guide/practice/index.html").read_text(encoding="utf-8")
    start = page.index('<div id="practice"')
    return page[start : page.index('<div class="practice-view">', start) + 20_000]


def test_every_scenario_is_a_case_in_its_order(site: Path) -> None:
    import tomllib

    scenarios = tomllib.loads(SCENARIOS.read_text(encoding="utf-8"))["scenario"]
    element = practice_element(site)
    match = re.search(r'data-cases="([^"]*)"', element)
    assert match, "the list of cases is on the element"
    cases = json.loads(html.unescape(match.group(1)))
    assert len(cases) >= 15
    assert [c["id"] for c in cases] == [s["id"] for s in scenarios]
    assert [c["fragment"] for c in cases] == [s["fragment"] for s in scenarios]
    assert all(c["title"] and c["situation"] for c in cases)
    assert all(set(c) == {"id", "title", "situation", "fragment"} for c in cases), "no answer key in the data"
    page = (site / "guide/practice/index.html").read_text(encoding="utf-8")
    forms = json.loads(html.unescape(re.search(r'<div hidden data-case-forms="([^"]*)">', page).group(1)))
    assert list(forms) == [c["id"] for c in cases]
    for position, case in enumerate(cases, start=1):  # each form is there, so a linked case shows at once
        form = forms[case["id"]]
        assert f'data-case="{case["id"]}"' in form
        assert f"Case <span data-practice-position>{position}</span> of {len(cases)}" in form
        assert form.count('name="intervention"') >= 5


def test_the_case_on_screen_comes_before_the_other_cases_forms(site: Path) -> None:
    # The forms are four fifths of the page: the browser paints the case before it parses them.
    page = (site / "guide/practice/index.html").read_text(encoding="utf-8")
    on_screen = page.index('<div class="practice-view">')
    forms = page.index("data-case-forms=")
    assert on_screen < forms
    assert len(page) - forms > 0.5 * len(page)
    assert len(page[:on_screen]) < 40_000


def test_the_first_case_is_prerendered_to_the_contract(site: Path, tree: Tree) -> None:
    element = practice_element(site)
    assert element.count('id="practice"') == 1
    assert re.match(r'<div id="practice"[^>]* data-state="case"', element)
    assert "data-platform" not in element[: element.index(">")], "set only once the engine runs"
    cases = json.loads(html.unescape(re.search(r'data-cases="([^"]*)"', element).group(1)))
    form = element[element.index('<form class="practice-case"') : element.index("</form>")]
    assert f'data-case="{cases[0]["id"]}"' in form
    assert re.findall(r'name="level" value="([a-z]+)"', form) == ["primary", "secondary", "tertiary"]
    offered = re.findall(r'name="intervention" value="([a-z-]+)"', form)
    key = practice_data.key_for(cases[0]["id"])
    assert offered == [o["id"] for o in options(tree, key, cases[0]["fragment"])] and len(offered) >= 5
    assert 'type="submit"' in form
    assert "<noscript>" in element and 'role="status"' in element


def test_practice_is_in_the_navigation_under_the_decision_guide(site: Path) -> None:
    guide = (site / "guide/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="practice/"[^>]*>\s*(<[^>]+>\s*)*Practice', guide), "nav entry"


def test_the_engine_ships_practice_and_the_page_loads_its_script(site: Path) -> None:
    assert (site / "assets/guide/practice.mjs").is_file()
    page = (site / "guide/practice/index.html").read_text(encoding="utf-8")
    # site.mjs imports it; the page asks for it with itself (guide/page_loading.py)
    assert '<link rel="modulepreload" href="../../assets/guide/practice.mjs">' in page
