"""Property-based tests: random walks, monotone levels, every result obeys the spec, fuzzed links."""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tree import State, api, load_tree, recommend
from decision_tree.engine import ConflictingSigns, InvalidInput, Result
from decision_tree.model import Tree

from .result_texts import forbidden_with_risk
from .spec import (
    ANTICIPATE_AT_TERTIARY_CONTACT,
    ANTICIPATE_AT_TERTIARY_WITH,
    ANTICIPATE_PHASES,
    ASKS_ABOUT_THE_PATIENT,
    CONTACT_CHANNELS,
    EXCLUSIVE,
    LEVEL_RANK,
    MODEL_REPAIR_SIGNS,
    OPEN_SIGNS,
    OUT_OF_CONTACT_FOLLOWUP,
    OUT_OF_CONTACT_SIGNS,
    RISK_NOT_STATED,
    SAFETY_MESSAGE_SIGNS,
    SIGN_INTERVENTIONS,
    STANDING,
    TERTIARY_ADDS,
)

TREE = load_tree()
SIGNS = sorted(TREE.signs)


def examples(count: int) -> int:
    """As many random examples as asked on CPython; a fifth inside Pyodide (tests/pyodide), where each
    takes two to three times as long. That run is there to show the engine behaves the same in the
    browser's Python, on every test; the full count runs here."""
    return count // 5 if sys.platform == "emscripten" else count


def _allowed(signs: frozenset[str]) -> bool:
    """Rule 13: signs that exclude each other are never given together."""
    return not any(len(signs & group) > 1 for group in EXCLUSIVE)


states = st.builds(
    State,
    risk=st.sampled_from(["yes", "no", RISK_NOT_STATED]),
    phase=st.sampled_from(sorted(TREE.phases)),
    signs=st.frozensets(st.sampled_from(SIGNS)).filter(_allowed),
    # Random follow-up answers give random contacts: in session, by message, unknown, out of contact.
    followups=st.lists(
        st.one_of(
            st.tuples(st.just("after-difficult"), st.sampled_from(["yes", "no", "unsure"])),
            st.tuples(st.just("still-attending"), st.sampled_from(["yes", "no"])),
            st.tuples(st.just("told-by"), st.sampled_from(["in-session", "message"])),
            st.tuples(st.just("your-part"), st.sampled_from(["lapse", "decision", "no"])),
        ),
        max_size=4,
        unique_by=lambda pair: pair[0],
    ).map(tuple),
)


def expected_contact(state: State) -> str:
    """Spec v3, "Context": how the contact follows from the answers."""
    if state.signs & OUT_OF_CONTACT_SIGNS or OUT_OF_CONTACT_FOLLOWUP in state.followups:
        return "out-of-contact"
    if state.followup("told-by") == "message":
        return "message"
    if "wants-to-end" in state.signs and state.followup("told-by") is None:
        return "unknown"
    return "in-session"


def assert_follows_the_spec(tree: Tree, result: Result) -> None:
    state = result.state
    ids = [item.intervention.id for item in result.interventions]
    expected_level = max((tree.signs[s].level for s in state.signs), key=LEVEL_RANK.__getitem__, default="primary")
    assert result.level.id == expected_level  # rule 1
    at_risk = state.risk != "no"  # v3: not stated is treated as not sure
    assert result.safety == at_risk  # rule 3
    assert (ids[0] == "safety-first") == at_risk
    assert {item.intervention.id for item in result.keep_doing} == STANDING  # rule 4
    contact = expected_contact(state)
    assert result.contact == contact  # rule 15
    assert ("comes back" in result.keep_doing_heading) == (contact == "out-of-contact")
    present = bool(state.signs & ANTICIPATE_AT_TERTIARY_WITH) and contact == ANTICIPATE_AT_TERTIARY_CONTACT
    expected_anticipate = state.phase in ANTICIPATE_PHASES and (expected_level != "tertiary" or present)
    assert ("anticipate-ruptures" in ids) == expected_anticipate  # rule 5
    if state.signs & OPEN_SIGNS:  # rule 6 (v3)
        assert "wonder-aloud" not in ids
    for sign in state.signs:  # rule 6
        expected = SIGN_INTERVENTIONS.get(sign, set())
        if state.signs & OPEN_SIGNS:
            expected = expected - {"wonder-aloud"}
        assert expected <= set(ids)
    if expected_level == "tertiary":
        assert set(ids) >= TERTIARY_ADDS
    assert ("model-repair" in ids) == bool(state.signs & MODEL_REPAIR_SIGNS)
    assert len(ids) == len(set(ids))
    for item in result.interventions:  # rules 7 and 8
        assert item.intervention.url.endswith("#" + item.intervention.id)
        assert item.reasons
    assert result.level_reason
    assert_rule_9_order(result)  # rule 9
    for item in result.interventions:  # rules 10 and 15
        waits = contact == "out-of-contact" and (item.on_return or item.intervention.standing)
        assert item.phrasings or waits, item.intervention.id
        for phrasing in item.phrasings:
            assert not phrasing.presupposes or set(phrasing.presupposes) & state.signs
            assert phrasing.channel in CONTACT_CHANNELS[contact], (contact, phrasing.text)
    if at_risk:  # rules 12 and 14
        assert result.steps[0].intervention.id == "safety-first"
        assert result.level_reason.startswith("Safety first" if state.risk == "yes" else "Risk was not stated")
        assert not forbidden_with_risk(result), forbidden_with_risk(result)
        needs_message = contact != "in-session" or bool(state.signs & SAFETY_MESSAGE_SIGNS)
        assert (result.safety_message is not None) == needs_message
    else:
        assert result.safety_message is None


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


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_random_walk_ends_in_a_valid_result_within_the_question_limit(data: st.DataObject) -> None:
    view = api.view(TREE, "")
    asked = 0
    while view["state"] == "question":
        question = view["question"]
        asked += 1
        assert asked <= TREE.max_questions
        assert question["step"] == asked and question["at_most"] <= TREE.max_questions
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


@settings(max_examples=examples(400))
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
