"""Property-based tests: random walks, monotone levels, every result obeys the spec, fuzzed links."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tree import State, api, load_tree, recommend
from decision_tree.engine import ConflictingSigns, InvalidInput, Result
from decision_tree.model import Tree

from .spec import (
    ANTICIPATE_PHASES,
    ASKS_ABOUT_THE_PATIENT,
    EXCLUSIVE,
    LEVEL_RANK,
    MODEL_REPAIR_SIGNS,
    SIGN_INTERVENTIONS,
    STANDING,
    TERTIARY_ADDS,
)

TREE = load_tree()
SIGNS = sorted(TREE.signs)


def _allowed(signs: frozenset[str]) -> bool:
    """Rule 13: signs that exclude each other are never given together."""
    return not any(len(signs & group) > 1 for group in EXCLUSIVE)


states = st.builds(
    State,
    risk=st.sampled_from(["yes", "no"]),
    phase=st.sampled_from(sorted(TREE.phases)),
    signs=st.frozensets(st.sampled_from(SIGNS)).filter(_allowed),
    followups=st.lists(
        st.one_of(
            st.tuples(st.just("after-difficult"), st.sampled_from(["yes", "no", "unsure"])),
            st.tuples(st.just("still-attending"), st.sampled_from(["yes", "no"])),
        ),
        max_size=2,
        unique_by=lambda pair: pair[0],
    ).map(tuple),
)


def assert_follows_the_spec(tree: Tree, result: Result) -> None:
    state = result.state
    ids = [item.intervention.id for item in result.interventions]
    expected_level = max((tree.signs[s].level for s in state.signs), key=LEVEL_RANK.__getitem__, default="primary")
    assert result.level.id == expected_level  # rule 1
    assert result.safety == (state.risk == "yes")  # rule 3
    assert (ids[0] == "safety-first") == (state.risk == "yes")
    assert {item.intervention.id for item in result.keep_doing} == STANDING  # rule 4
    assert ("comes back" in result.keep_doing_heading) == ("dropout" in state.signs)
    expected_anticipate = state.phase in ANTICIPATE_PHASES and expected_level != "tertiary"
    assert ("anticipate-ruptures" in ids) == expected_anticipate  # rule 5
    for sign in state.signs:  # rule 6
        assert SIGN_INTERVENTIONS.get(sign, set()) <= set(ids)
    if expected_level == "tertiary":
        assert set(ids) >= TERTIARY_ADDS
    assert ("model-repair" in ids) == bool(state.signs & MODEL_REPAIR_SIGNS)
    assert len(ids) == len(set(ids))
    for item in result.interventions:  # rules 7 and 8
        assert item.intervention.url.endswith("#" + item.intervention.id)
        assert item.reasons
    assert result.level_reason
    assert_rule_9_order(result)  # rule 9
    for item in result.interventions:  # rule 10
        assert item.phrasings
        for phrasing in item.phrasings:
            assert not phrasing.presupposes or set(phrasing.presupposes) & state.signs
    if state.risk == "yes":  # rule 12
        assert result.steps[0].intervention.id == "safety-first"
        assert result.level_reason.startswith("Safety first")


def assert_rule_9_order(result: Result) -> None:
    order = [item.intervention.id for item in result.interventions]
    if "acknowledge-own-part" in order:
        assert all(order.index("acknowledge-own-part") < order.index(s) for s in ASKS_ABOUT_THE_PATIENT if s in order)
    if "model-repair" in order:
        assert all(
            order.index(s) < order.index("model-repair")
            for s in ("address-rupture", "acknowledge-own-part")
            if s in order
        )
    count = len(result.keep_doing)
    assert set(order[len(order) - count :]) == STANDING
    if "anticipate-ruptures" in order:
        assert order.index("anticipate-ruptures") == len(order) - count - 1


@given(states)
def test_every_result_follows_the_spec(state: State) -> None:
    assert_follows_the_spec(TREE, recommend(TREE, state))


@given(states, st.sampled_from(SIGNS))
def test_adding_a_sign_never_lowers_the_level(state: State, sign: str) -> None:
    added = state.signs | {sign}
    if not _allowed(added):
        with pytest.raises(ConflictingSigns):  # rule 13: refused, never a lower level
            recommend(TREE, State(state.risk, state.phase, added, state.followups))
        return
    before = recommend(TREE, state).level.id
    after = recommend(TREE, State(state.risk, state.phase, added, state.followups)).level.id
    assert LEVEL_RANK[after] >= LEVEL_RANK[before]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_random_walk_ends_in_a_valid_result_within_eight_questions(data: st.DataObject) -> None:
    view = api.view(TREE, "")
    asked = 0
    while view["state"] == "question":
        question = view["question"]
        asked += 1
        assert asked <= 8
        assert question["step"] == asked and question["at_most"] <= 8
        values = [a["value"] for a in question["answers"]]
        if question["kind"] == "single":
            chosen = [data.draw(st.sampled_from(values))]
        else:
            chosen = data.draw(st.lists(st.sampled_from(values), unique=True)) if values else []
            for group in question["groups"]:  # one choice of each group, or none of it
                chosen += data.draw(st.lists(st.sampled_from([a["value"] for a in group["answers"]]), max_size=1))
        view = api.answer(TREE, view["fragment"], question["id"], chosen)
    assert view["state"] == "result"
    again = api.view(TREE, view["fragment"])
    assert again["result"] == view["result"]
    state = State(
        view["result"]["risk"],
        view["result"]["phase"],
        frozenset(view["result"]["signs"]),
        tuple(view["result"]["followups"].items()),
    )
    assert_follows_the_spec(TREE, recommend(TREE, state))


KEYS = [
    "risk",
    "phase",
    "signs",
    "in-session",
    "attendance",
    "about-us",
    "own-reaction",
    "after-difficult",
    "still-attending",
    "x",
    "",
    "%",
    "<script>",
]
VALUES = [
    "yes",
    "no",
    "none",
    "start",
    "ongoing",
    *SIGNS,
    "",
    "%",
    "%ZZ",
    "%00",
    "<img src=x onerror=alert(1)>",
    "a" * 5000,
    ",,,",
    "=",
]
hostile_fragments = st.one_of(
    st.text(max_size=300),
    st.lists(st.tuples(st.sampled_from(KEYS), st.lists(st.sampled_from(VALUES), max_size=4)), max_size=8).map(
        lambda pairs: "&".join(f"{k}={','.join(v)}" for k, v in pairs)
    ),
    st.binary(max_size=200).map(lambda b: "".join(f"%{byte:02X}" for byte in b)),
)


@settings(max_examples=400)
@given(hostile_fragments)
def test_any_fragment_gives_a_question_or_a_result(fragment: str) -> None:
    view = api.view(TREE, fragment)
    assert view["state"] in {"question", "result"}
    assert len(view["ignored"]) <= 6
    again = api.view(TREE, view["fragment"])
    assert again["state"] == view["state"]
    assert again["ignored"] == []


@given(st.text(max_size=30), st.lists(st.text(max_size=20), max_size=3), hostile_fragments)
def test_answer_accepts_only_known_questions_and_values(question: str, values: list[str], fragment: str) -> None:
    try:
        view = api.answer(TREE, fragment, question, values)
    except InvalidInput:
        return
    assert view["state"] in {"question", "result"}


@given(st.text(alphabet=st.sampled_from("%0123456789abcdefABCDEFgxyz-é✓ ,=&"), max_size=60))
def test_own_percent_decoding_matches_the_standard_library(text: str) -> None:
    from urllib.parse import unquote as standard

    from decision_tree.fragment import unquote

    assert unquote(text) == standard(text)


@given(st.text(max_size=60))
def test_own_escaping_matches_the_standard_library(text: str) -> None:
    from html import escape

    from decision_tree.render import _e

    assert _e(text) == escape(text, quote=True)
