"""The training scenarios (scenarios.toml): what they cover, and that each answer key is the engine's result.

Trainers cite these scenarios by their anchors and compare a trainee's answer
with the key, so a key that drifted from the engine would teach the wrong thing.
The built page is checked in tests/site/test_rendered_text.py; here the keys
are checked as the build generates them. Runs in Pyodide too (standard library).
"""

from __future__ import annotations

import re

import pytest
from sitegen.paths import SCENARIOS_PATH
from sitegen.scenarios import Scenario, load_scenarios, scenarios_markdown

from decision_tree import api
from decision_tree.model import Tree
from decision_tree.views import ResultView

SCENARIOS = load_scenarios(SCENARIOS_PATH)

#: The signs of the decision guide's specification, version 3 ("Signs"), spelt out as the contract.
SPEC_SIGNS = {
    "strong-emotion",
    "withdrawal",
    "late-arrival",
    "missed-session",
    "homework-lapse",
    "medication-lapse",
    "peripheral-complaint",
    "easy-explanation",
    "honeymoon-fading",
    "regression",
    "clinician-reaction",
    "explicit-blame",
    "online-review",
    "deferential-compliance",
    "task-complaint",
    "clinician-lapse",
    "wants-to-end",
    "dropout",
    "clinician-change",
}
#: Scenario IDs already published: anchors that training material may link to. Never remove one.
PUBLISHED = {
    "setting-the-ground-rules",
    "steady-going",
    "just-busy",
    "the-glow-wears-off",
    "kept-waiting",
    "quiet-after-a-hard-session",
    "stopped-the-tablets",
    "you-dont-care",
    "the-review",
    "the-empty-chair",
    "short-notice",
    "arriving-late",
    "not-doing-that",
    "always-agrees",
    "thinking-of-stopping",
    "safety-at-assessment",
    "a-late-night-message",
    "no-reply",
}
LINK = re.compile(r"\[([^\]]+)\]\(([^)#]*)#([a-z-]+)\)")


def _view(tree: Tree, scenario: Scenario) -> ResultView:
    view = api.view(tree, scenario.fragment)
    assert view["state"] == "result", f"{scenario.id}: the link stops at a question"
    assert view["ignored"] == [], f"{scenario.id}: the link has ignored parts: {view['ignored']}"
    result = view["result"]
    assert result is not None
    return result


def _signs(scenario: Scenario) -> set[str]:
    parts = dict(part.split("=", 1) for part in scenario.fragment.split("&"))
    return set(parts["signs"].split(",")) - {"none"}


def test_enough_scenarios_with_unique_and_published_ids() -> None:
    ids = [s.id for s in SCENARIOS]
    assert len(ids) >= 15
    assert len(set(ids)) == len(ids)
    assert set(ids) >= PUBLISHED, f"published scenario anchors removed: {PUBLISHED - set(ids)}"
    for scenario in SCENARIOS:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", scenario.id), scenario.id
        assert scenario.situation and 1 <= len(scenario.discuss) <= 2, scenario.id


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_the_link_opens_the_stated_result(tree: Tree, scenario: Scenario) -> None:
    result = _view(tree, scenario)
    assert result["level"] == scenario.level
    assert set(result["signs"]) == _signs(scenario)
    assert result["safety"] == ("risk=yes" in scenario.fragment.split("&"))


def test_scenarios_cover_every_sign_level_risk_and_phase(tree: Tree) -> None:
    results = [_view(tree, s) for s in SCENARIOS]
    covered = {sign for s in SCENARIOS for sign in _signs(s)}
    assert covered == SPEC_SIGNS == set(tree.signs), f"signs not covered: {SPEC_SIGNS - covered}"
    assert {r["level"] for r in results} == {"primary", "secondary", "tertiary"}
    assert any(r["safety"] for r in results)
    assert {r["phase"] for r in results} == {"start", "early", "ongoing"}


def test_scenarios_exercise_the_v3_contexts(tree: Tree) -> None:
    """Edition 3.0: risk with a wish to end by message, a review with a risk, a change the clinician made,
    and a fee rise that is not the clinician's doing."""

    def parts(scenario: Scenario) -> dict[str, str]:
        return dict(part.split("=", 1) for part in scenario.fragment.split("&"))

    found = {
        "risk and a wish to end by message": [
            s.id
            for s in SCENARIOS
            if parts(s)["risk"] == "yes" and "wants-to-end" in _signs(s) and parts(s).get("told-by") == "message"
        ],
        "a review with a risk": [s.id for s in SCENARIOS if parts(s)["risk"] == "yes" and "online-review" in _signs(s)],
        "a change the clinician made": [s.id for s in SCENARIOS if "clinician-change" in _signs(s)],
        "a complaint that is not the clinician's fault": [
            s.id for s in SCENARIOS if "peripheral-complaint" in _signs(s) and parts(s).get("your-part") == "no"
        ],
    }
    assert all(found.values()), found
    assert _view(tree, next(s for s in SCENARIOS if s.id == "dont-bother-replying"))["safety_message"] is not None


def test_no_scenario_is_both_reachable_and_gone_silent() -> None:
    for scenario in SCENARIOS:
        assert not {"wants-to-end", "dropout"} <= _signs(scenario), scenario.id


def _keys(tree: Tree) -> dict[str, str]:
    """Each scenario's answer key, as the build generates it, by scenario ID."""
    page = scenarios_markdown(tree, SCENARIOS, lambda url: "../" + url.replace("/#", ".md#"))
    sections = re.split(r"^## .* \{#([a-z0-9-]+)\}$", page, flags=re.M)
    keys = {}
    for anchor, body in zip(sections[1::2], sections[2::2], strict=True):
        found = re.search(r'<details class="scenario-answer"[^>]*markdown="block">(.*?)</details>', body, re.S)
        assert found, f"{anchor}: no answer key rendered as Markdown inside <details markdown>"
        keys[anchor] = found.group(1)
    return keys


def test_each_answer_key_shows_the_engines_steps_in_order(tree: Tree) -> None:
    keys = _keys(tree)
    assert list(keys) == [s.id for s in SCENARIOS]
    for scenario in SCENARIOS:
        result = _view(tree, scenario)
        expected = [(i["title"], i["id"]) for i in result["interventions"]]
        shown = [(title, anchor) for title, _, anchor in LINK.findall(keys[scenario.id])]
        assert shown == expected, scenario.id
        assert [title for title, _ in shown] == [tree.interventions[i].title for _, i in shown]
        level_title = tree.levels[scenario.level].title
        assert f"**{level_title}" in keys[scenario.id], scenario.id


def test_an_answer_key_sets_the_steps_apart_from_what_to_keep_doing(tree: Tree) -> None:
    keys = _keys(tree)
    for scenario in SCENARIOS:
        parts = re.split(r"(?i)keep doing:", keys[scenario.id])
        assert len(parts) == 2, f"{scenario.id}: no single 'keep doing' list"
        steps, keep = parts
        assert all(tree.interventions[a].standing for _, _, a in LINK.findall(keep)), scenario.id
        assert not any(tree.interventions[a].standing for _, _, a in LINK.findall(steps)), scenario.id


def test_a_safety_key_opens_with_safety(tree: Tree) -> None:
    keys = _keys(tree)
    flagged = [s for s in SCENARIOS if "risk=yes" in s.fragment.split("&")]
    assert flagged
    for scenario in flagged:
        key = keys[scenario.id]
        assert (
            key.lstrip()
            .removeprefix("<summary>What the guide recommends</summary>")
            .lstrip()
            .startswith("**Safety first**")
        ), scenario.id
        assert LINK.findall(key)[0][2] == "safety-first"
        assert "Nothing suggests" not in key
