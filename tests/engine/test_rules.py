"""Every rule of the spec (decision-guide.md, "Rules the engine must satisfy"), one test each."""

from __future__ import annotations

import pytest

from decision_tree import State, recommend
from decision_tree.engine import InvalidInput
from decision_tree.model import Tree

from .spec import INTERVENTIONS as SPEC_INTERVENTIONS
from .spec import SIGN_INTERVENTIONS
from .spec import SIGN_LEVELS as SPEC_SIGN_LEVELS


def ids(tree: Tree, state: State) -> list[str]:
    return [item.intervention.id for item in recommend(tree, state).interventions]


def test_public_ids_are_exactly_the_specs(tree: Tree) -> None:
    assert list(tree.levels) == ["primary", "secondary", "tertiary"]
    assert set(tree.phases) == {"start", "early", "ongoing"}
    assert {s: tree.signs[s].level for s in tree.signs} == SPEC_SIGN_LEVELS
    assert set(tree.interventions) == set(SPEC_INTERVENTIONS)


@pytest.mark.parametrize("phase", ["start", "early", "ongoing"])
def test_rule_1_no_sign_is_primary(tree: Tree, phase: str) -> None:
    assert recommend(tree, State("no", phase)).level.id == "primary"


@pytest.mark.parametrize("sign", sorted(SPEC_SIGN_LEVELS))
def test_rule_1_a_sign_gives_its_lowest_level(tree: Tree, sign: str) -> None:
    assert recommend(tree, State("no", "ongoing", frozenset({sign}))).level.id == SPEC_SIGN_LEVELS[sign]


def test_rule_1_the_highest_sign_wins(tree: Tree) -> None:
    state = State("no", "ongoing", frozenset({"late-arrival", "dropout", "withdrawal"}))
    assert recommend(tree, state).level.id == "tertiary"


def test_rule_3_risk_flags_safety_and_puts_safety_first(tree: Tree) -> None:
    result = recommend(tree, State("yes", "early", frozenset({"explicit-blame"})))
    assert result.safety is True
    assert result.interventions[0].intervention.id == "safety-first"
    assert recommend(tree, State("no", "early", frozenset({"explicit-blame"}))).safety is False
    assert "safety-first" not in ids(tree, State("no", "early"))


@pytest.mark.parametrize("sign", [None, *sorted(SPEC_SIGN_LEVELS)])
def test_rule_4_every_result_invites_feedback_and_holds_the_mindset(tree: Tree, sign: str | None) -> None:
    state = State("no", "ongoing", frozenset({sign} if sign else set()))
    assert {"invite-feedback", "rupture-mindset"} <= set(ids(tree, state))


def test_rule_5_primary_at_the_start_anticipates_ruptures(tree: Tree) -> None:
    assert "anticipate-ruptures" in ids(tree, State("no", "start"))
    assert "anticipate-ruptures" in ids(tree, State("yes", "start"))
    assert "anticipate-ruptures" not in ids(tree, State("no", "ongoing"))


@pytest.mark.parametrize("sign", sorted(SIGN_INTERVENTIONS))
def test_rule_6_signs_add_their_interventions(tree: Tree, sign: str) -> None:
    assert SIGN_INTERVENTIONS[sign] <= set(ids(tree, State("no", "ongoing", frozenset({sign}))))


@pytest.mark.parametrize("sign", ["explicit-blame", "online-review", "dropout"])
def test_rule_6_tertiary_adds_repair_and_consultation(tree: Tree, sign: str) -> None:
    assert {"model-repair", "seek-consultation"} <= set(ids(tree, State("no", "start", frozenset({sign}))))


def test_rule_7_every_intervention_links_to_its_section(tree: Tree) -> None:
    for intervention in tree.interventions.values():
        assert intervention.url.endswith(f"#{intervention.id}")
        assert not intervention.url.startswith(("/", "http"))


def test_rule_8_the_result_explains_the_level_and_each_intervention(tree: Tree) -> None:
    result = recommend(tree, State("no", "ongoing", frozenset({"missed-session", "easy-explanation"})))
    assert "a missed session" in result.level_reason
    for item in result.interventions:
        assert item.reasons, item.intervention.id
    investigate = next(i for i in result.interventions if i.intervention.id == "investigate-changes")
    assert "missed session" in investigate.reasons[0]
    assert len(result.rationale) == 1 + len(result.interventions)


def test_each_intervention_is_complete(tree: Tree) -> None:
    for intervention in tree.interventions.values():
        assert intervention.title and intervention.how
        assert len(intervention.phrasings) >= 2
        assert len(set(intervention.phrasings)) == len(intervention.phrasings)


def test_order_is_safety_then_urgent_then_habits(tree: Tree) -> None:
    order = ids(tree, State("yes", "ongoing", frozenset({"online-review", "dropout", "strong-emotion"})))
    assert order[0] == "safety-first"
    assert order.index("respond-privately") < order.index("address-rupture") < order.index("invite-feedback")
    assert order.index("reach-out") < order.index("model-repair")
    assert order[-2:] == ["invite-feedback", "rupture-mindset"]


def test_no_duplicate_interventions(tree: Tree) -> None:
    order = ids(tree, State("no", "ongoing", frozenset({"explicit-blame", "online-review", "missed-session"})))
    assert len(order) == len(set(order))


def test_follow_up_answers_add_notes_but_never_change_level_or_steps(tree: Tree) -> None:
    base = State("no", "ongoing", frozenset({"missed-session"}))
    refined = State("no", "ongoing", frozenset({"missed-session"}), (("after-difficult", "yes"),))
    assert ids(tree, base) == ids(tree, refined)
    assert recommend(tree, base).level == recommend(tree, refined).level
    notes = {i.intervention.id: i.notes for i in recommend(tree, refined).interventions}
    assert (
        notes["wonder-aloud"]
        and not {i.intervention.id: i.notes for i in recommend(tree, base).interventions}["wonder-aloud"]
    )


@pytest.mark.parametrize(
    ("state", "field"),
    [
        (State("maybe", "ongoing"), "risk"),
        (State("no", "later"), "phase"),
        (State("no", "ongoing", frozenset({"crying"})), "sign"),
        (State("no", "ongoing", followups=(("mood", "yes"),)), "follow-up"),
        (State("no", "ongoing", followups=(("after-difficult", "perhaps"),)), "answer to after-difficult"),
    ],
)
def test_unknown_values_are_named(tree: Tree, state: State, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        recommend(tree, state)
    assert error.value.field_name == field
    assert error.value.valid
