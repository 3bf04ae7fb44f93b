"""Practice mode's page: the list of cases as data, every case's form pre-rendered, two orders.

The cases are the training scenarios, in the order of ``scenarios.toml`` (the listed order), or
in a mixed order: a fixed shuffle made here with ``MIX_SEED``, the same at every build, so that a
link with ``order=mixed`` always means the same sequence and levels do not come sorted. The page
reads the list without the engine, as JSON in the ``data-cases`` attribute. Not in a ``<script
type="application/json">``: Material's instant navigation re-creates every inline script of the
content without its attributes, which would turn the data into a script the Content-Security-Policy
blocks, and drop its id. Each case's form is rendered here, so a trainee can read and answer any
case, a linked one too, while the engine starts. The forms (four fifths of the page) come last, in
the ``data-case-forms`` of an element after the case on screen: the browser parses and paints the
case before it reads them (issue 20: the largest contentful paint). The answer key stays out of the page: the engine
holds it (``decision_tree/practice.toml``) and gives it after the answer.
"""

from __future__ import annotations

import json
import random

from decision_tree.html_text import escape
from decision_tree.model import Tree
from decision_tree.practice_data import CaseKey, load_keys
from sitegen.practice_case import case_html
from sitegen.scenarios import Scenario, scenario_result

#: The seed of the mixed order: change it only to change that order for every link that uses it.
MIX_SEED = "rupture-guide-practice-1"


def mixed_order(ids: list[str]) -> list[str]:
    """The cases' IDs in the mixed order: a fixed shuffle, the same at every build."""
    return random.Random(MIX_SEED).sample(ids, len(ids))


def check_keys(tree: Tree, scenarios: tuple[Scenario, ...], keys: dict[str, CaseKey]) -> None:
    """Refuse a key that does not fit its case: a defensible or "not here" step that is the guide's
    own, an omission or a "matters" that is not, or a key for no scenario. Names the file and the entry."""
    problems = [
        f"cases.{case_id}: no scenario has this ID" for case_id in keys if case_id not in {s.id for s in scenarios}
    ]
    for scenario in scenarios:
        key = keys.get(scenario.id, CaseKey())
        steps = {item.intervention.id for item in scenario_result(tree, scenario).steps}
        entry = f"cases.{scenario.id}"
        problems += [
            f"{entry}.defensible.{s}: already one of the guide's steps here" for s, _ in key.defensible if s in steps
        ]
        problems += [f"{entry}.not_here.{s}: one of the guide's steps here" for s, _ in key.not_here if s in steps]
        problems += [
            f"{entry}.omissions.{s}: not one of the guide's steps here" for s, _ in key.omissions if s not in steps
        ]
        problems += [
            f"{entry}.matters.{s}: not one of the guide's steps here" for s, _ in key.matters if s not in steps
        ]
    if problems:
        raise ValueError("practice.toml: " + "; ".join(problems))


def cases_data(tree: Tree, scenarios: tuple[Scenario, ...]) -> list[dict[str, str]]:
    """Each scenario as a case, with its form rendered (its answer key stays out: the engine gives it
    after the answer). A case opened from a link then shows at once, before the engine is ready."""
    keys = load_keys()
    check_keys(tree, scenarios, keys)
    cases = []
    for position, scenario in enumerate(scenarios, start=1):
        scenario_result(tree, scenario)  # refuses a scenario whose link does not open its level
        case = {"id": scenario.id, "title": scenario.title, "situation": scenario.situation}
        case["fragment"] = scenario.fragment
        case["html"] = case_html(tree, case, keys.get(scenario.id, CaseKey()), position, len(scenarios))
        cases.append(case)
    return cases


def practice_html(tree: Tree, scenarios: tuple[Scenario, ...], root: str) -> str:
    """The practice element, one line of HTML (a raw block in Markdown must hold no blank line)."""
    cases = cases_data(tree, scenarios)
    if not cases:
        raise ValueError("practice mode needs at least one scenario")
    first = cases[0]
    listed = [{key: value for key, value in case.items() if key != "html"} for case in cases]
    forms = {case["id"]: case["html"] for case in cases}
    scenarios_page = f"{root}guide/scenarios/"
    mixed = " ".join(mixed_order([case["id"] for case in cases]))
    return (
        f'<div id="practice" class="practice decision-guide" data-state="case" data-root="{escape(root)}" '
        f'data-case="{escape(first["id"])}" data-scenarios="{escape(scenarios_page)}" '
        f'data-mixed="{escape(mixed)}" data-cases="{escape(json.dumps(listed, ensure_ascii=False))}">'
        '<noscript><div class="admonition failure guide-error"><p class="admonition-title">'
        "Practice mode needs JavaScript</p><p>The same cases, each with the guide’s answer folded "
        f'under it, are on the <a href="{escape(scenarios_page)}">page of scenarios</a>.</p></div></noscript>'
        '<div class="guide-status" role="status" aria-live="polite"></div>'
        '<div class="guide-loading" data-practice-loading hidden><progress aria-label="Loading practice mode">'
        '</progress><span class="guide-loading__text"></span></div>'
        '<div class="guide-error-box" data-practice-error role="alert" hidden></div>'
        f'<div class="practice-view">{first["html"]}</div>'
        '<p class="practice-order"><button type="button" class="md-button" data-practice="order" '
        'aria-pressed="false">Take the cases in mixed order</button></p>'
        f'<div hidden data-case-forms="{escape(json.dumps(forms, ensure_ascii=False))}"></div>'
        "</div>"
    )
