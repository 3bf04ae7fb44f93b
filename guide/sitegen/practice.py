"""Practice mode's page: the list of cases as data, every case's form pre-rendered.

The cases are the training scenarios, in the order of ``scenarios.toml`` (the order a trainee
goes through and restarts). The page reads the list without the engine, as JSON in the
``data-cases`` attribute. Not in a ``<script type="application/json">``: Material's instant
navigation re-creates every inline script of the content without its attributes, which would
turn the data into a script the Content-Security-Policy blocks, and drop its id. Each case's
form is rendered here, by the same renderer the browser could use, so a trainee can read and
answer any case, a linked one too, while the engine starts. Everything the answer is compared
with is computed in the browser, by ``decision_tree.practice``.
"""

from __future__ import annotations

import json
from html import escape

from decision_tree import practice as engine_practice
from decision_tree.model import Tree
from sitegen.scenarios import Scenario, scenario_result


def cases_data(tree: Tree, scenarios: tuple[Scenario, ...]) -> list[dict[str, str]]:
    """Each scenario as a case, with its form rendered (its answer key stays out: the engine gives it
    after the answer). A case opened from a link then shows at once, before the engine is ready."""
    cases = []
    for position, scenario in enumerate(scenarios, start=1):
        scenario_result(tree, scenario)  # refuses a scenario whose link does not open its level
        case = {"id": scenario.id, "title": scenario.title, "situation": scenario.situation}
        case["fragment"] = scenario.fragment
        view = engine_practice.case_view(tree, scenario.fragment)
        case["html"] = engine_practice.case_html(case, view, position, len(scenarios))
        cases.append(case)
    return cases


def practice_html(tree: Tree, scenarios: tuple[Scenario, ...], root: str) -> str:
    """The practice element, one line of HTML (a raw block in Markdown must hold no blank line)."""
    cases = cases_data(tree, scenarios)
    if not cases:
        raise ValueError("practice mode needs at least one scenario")
    first = cases[0]
    form = first["html"]
    scenarios_page = f"{root}guide/scenarios/"
    return (
        f'<div id="practice" class="practice decision-guide" data-state="case" data-root="{escape(root)}" '
        f'data-case="{escape(first["id"])}" data-scenarios="{escape(scenarios_page)}" '
        f'data-cases="{escape(json.dumps(cases, ensure_ascii=False))}">'
        '<noscript><div class="admonition failure guide-error"><p class="admonition-title">'
        "Practice mode needs JavaScript</p><p>The same cases, each with the guide’s answer folded "
        f'under it, are on the <a href="{escape(scenarios_page)}">page of scenarios</a>.</p></div></noscript>'
        '<div class="guide-status" role="status" aria-live="polite"></div>'
        '<div class="guide-loading" data-practice-loading hidden><progress aria-label="Loading practice mode">'
        '</progress><span class="guide-loading__text"></span></div>'
        '<div class="guide-error-box" data-practice-error role="alert" hidden></div>'
        f'<div class="practice-view">{form}</div>'
        "</div>"
    )
