"""The static page of all pathways (for readers without JavaScript, and for trainers), and the
ready-made scenario links, each of which must open the guide at a result."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from sitegen.paths import SCENARIOS_PATH
from sitegen.scenarios import load_scenarios

from decision_tree import api, load_tree
from tests.browser.helpers import click_a_link_in_sight, move_to_fragment, visit, wait_ready

TREE = load_tree()
SCENARIOS = load_scenarios(SCENARIOS_PATH)


def test_pathways_page_has_every_outcome_and_the_diagram(site: Path) -> None:
    html = (site / "guide/pathways/index.html").read_text()
    for anchor in [
        "questions",
        "diagram",
        "outcomes",
        "outcome-safety",
        "outcome-primary-start",
        "outcome-primary",
        "outcome-secondary",
        "outcome-tertiary",
        "signs",
        "follow-ups",
    ]:
        assert f'id="{anchor}"' in html, anchor
    for sign in TREE.signs:
        assert f'id="sign-{sign}"' in html, sign
    for question in TREE.questions.values():
        assert question.prompt.replace("'", "&#x27;") in html or question.prompt in html
    figure = html.index('<figure class="tree-diagram">')
    svg = html[figure : html.index("</svg>", figure)]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<rect") == len(TREE.questions) + 1
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_pathways_work_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "guide/pathways/#outcome-tertiary")
    expect(page.locator("#outcome-tertiary")).to_be_in_viewport()
    expect(page.locator("figure.tree-diagram svg")).to_be_visible()
    page.locator("#sign-dropout ~ ol a").first.click()
    expect(page).to_have_url(re.compile(r"managing/tertiary/#reach-out$"))
    context.close()


@pytest.mark.engine_tab
def test_pathway_links_open_the_same_outcome_in_the_guide(page: Page, site: Path, site_url: str) -> None:
    visit(page, site_url + "guide/pathways/")
    links = page.locator("a.guide-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(links) == 5 + len(TREE.signs)
    for href in links[:6]:
        fragment = href.split("#", 1)[1]
        expected = api.view(TREE, fragment)["result"]
        visit(page, urljoin(site_url + "guide/pathways/", href))  # afresh, not a jump within the guide
        wait_ready(page)
        result = page.locator("section.guide-result")
        expect(result).to_have_attribute("data-level", expected["level"])
        ids = result.locator(".guide-intervention[data-intervention]").evaluate_all(
            "items => items.map(i => i.dataset.intervention)"
        )
        assert ids == [i["id"] for i in expected["interventions"]]


@pytest.mark.engine_tab
def test_every_scenario_link_opens_its_result(page: Page, site_url: str) -> None:
    assert len(SCENARIOS) >= 15
    visit(page, site_url + "guide/scenarios/")
    links = page.locator("a.guide-link").evaluate_all("links => links.map(a => a.href)")
    assert len(links) == len(SCENARIOS)
    for scenario in SCENARIOS:
        expect(page.locator(f"#{scenario.id}")).to_have_count(1)
    # The first link opens the guide; each next one comes to the guide already open, as a new
    # address in the same tab, and must bring a result of its own: the one shown is marked first,
    # so that a check can never pass on it.
    for number, (scenario, link) in enumerate(zip(SCENARIOS, links, strict=True)):
        expected = api.view(TREE, scenario.fragment)["result"]
        page.evaluate("document.querySelector('section.guide-result')?.setAttribute('data-seen', '')")
        if number == 0:
            visit(page, link)
        else:
            move_to_fragment(page, urlsplit(link).fragment)
        wait_ready(page)
        expect(page.locator("#decision-guide")).to_have_attribute("data-state", "result")
        result = page.locator("section.guide-result:not([data-seen])")
        expect(result).to_have_attribute("data-level", scenario.level)
        expect(result).to_have_attribute("data-safety", "true" if expected["safety"] else "false")
        expect(page.locator("[data-guide-ignored]")).to_have_count(0)
        for intervention in expected["interventions"]:
            expect(result.locator(f'a[href$="#{intervention["id"]}"]').first).to_be_attached()


@pytest.mark.engine_tab
def test_an_answer_key_opens_and_its_links_work(page: Page, site_url: str) -> None:
    """The key is folded until asked for, opens by keyboard, and its steps are links to their sections."""
    visit(page, site_url + "guide/scenarios/#kept-waiting")
    key = page.locator("#kept-waiting ~ details.scenario-answer").first
    expect(key).not_to_have_attribute("open", "")
    key.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(key).to_have_attribute("open", "")
    step = key.get_by_role("link", name=TREE.interventions["acknowledge-own-part"].title)
    expect(step).to_be_visible()
    expect(key).not_to_contain_text("**")
    expect(key).not_to_contain_text("](")
    click_a_link_in_sight(page, step)
    expect(page).to_have_url(re.compile(r"managing/secondary/#acknowledge-own-part$"))
    expect(page.locator("#acknowledge-own-part")).to_be_in_viewport()


def test_scenarios_cover_all_levels_risk_and_every_sign() -> None:
    views = [api.view(TREE, s.fragment) for s in SCENARIOS]
    assert {v["result"]["level"] for v in views} == {"primary", "secondary", "tertiary"}
    assert any(v["result"]["safety"] for v in views)
    assert {v["result"]["phase"] for v in views} == {"start", "early", "ongoing"}
    assert {sign for v in views for sign in v["result"]["signs"]} == set(TREE.signs)
