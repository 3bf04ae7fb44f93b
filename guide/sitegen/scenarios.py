"""The training scenarios: read from ``docs/guide/scenarios.toml``, checked against the engine, rendered."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from decision_tree import api, engine, fragment
from decision_tree.engine import Result, recommend
from decision_tree.model import Tree
from sitegen.common import Link, guide_link, result_markdown


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    situation: str
    fragment: str
    level: str
    discuss: tuple[str, ...]


def load_scenarios(path: Path) -> tuple[Scenario, ...]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    scenarios = []
    for index, item in enumerate(raw.get("scenario", [])):
        try:
            scenarios.append(
                Scenario(
                    id=item["id"],
                    title=item["title"],
                    situation=item["situation"].strip(),
                    fragment=item["fragment"],
                    level=item["level"],
                    discuss=tuple(item.get("discuss", ())),
                )
            )
        except (KeyError, AttributeError, TypeError) as error:
            raise ValueError(f"{path}: scenario[{index}]: missing or invalid {error}") from None
    return tuple(scenarios)


def scenario_result(tree: Tree, scenario: Scenario) -> Result:
    """The engine's result for a scenario's link; refuses a link that is not a clean result of its level."""
    view = api.view(tree, scenario.fragment)
    result = view["result"]
    if view["state"] != "result" or view["ignored"] or result is None or result["level"] != scenario.level:
        raise ValueError(
            f"scenarios.toml: scenario[{scenario.id}]: the link does not open to a '{scenario.level}' result "
            f"(state {view['state']}, ignored {view['ignored']}, level {result and result['level']})"
        )
    parsed = fragment.parse(tree, scenario.fragment)
    return recommend(tree, engine.walk(tree, parsed.answers).state())


def scenarios_markdown(tree: Tree, scenarios: tuple[Scenario, ...], link: Link) -> str:
    """Each scenario: the situation, questions for discussion, the answer key (folded), and its guide link.

    The answer key is Markdown inside ``<details markdown="block">`` (the md_in_html
    extension), so its links are real links that MkDocs checks, not raw text.
    """
    out = []
    for scenario in scenarios:
        result = scenario_result(tree, scenario)
        out += [f"## {scenario.title} {{#{scenario.id}}}", "", scenario.situation, ""]
        if scenario.discuss:
            out += ["For discussion:", ""] + [f"- {q}" for q in scenario.discuss] + [""]
        out += [
            f'<details class="scenario-answer" data-level="{result.level.id}" '
            f'data-safety="{str(result.safety).lower()}" markdown="block">',
            "<summary>What the guide recommends</summary>",
            "",
        ]
        out += result_markdown(tree, result, link, actions=True)
        out += ["", "</details>", ""]
        out += [f"<p>{guide_link(scenario.fragment, 'Open this scenario in the guide')}</p>", ""]
    return "\n".join(out)
