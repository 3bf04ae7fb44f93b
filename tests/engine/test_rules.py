"""Every rule of the spec (decision-guide.md v2, "Rules the engine must satisfy"), one test or more each."""

from __future__ import annotations

import itertools

import pytest

from decision_tree import State, recommend
from decision_tree.engine import ConflictingSigns, InvalidInput, Result
from decision_tree.model import Tree

from .spec import (
    ANTICIPATE_PHASES,
    ASKS_ABOUT_THE_PATIENT,
    EXCLUSIVE,
    LEVEL_RANK,
    MODEL_REPAIR_SIGNS,
    NEVER_FOR,
    PRESUPPOSITIONS,
    REVIEW_WORDS,
    SIGN_INTERVENTIONS,
    STANDING,
    TERTIARY_ADDS,
)
from .spec import INTERVENTIONS as SPEC_INTERVENTIONS
from .spec import SIGN_LEVELS as SPEC_SIGN_LEVELS

SIGNS = sorted(SPEC_SIGN_LEVELS)
PHASES = ["start", "early", "ongoing"]


def ids(tree: Tree, state: State) -> list[str]:
    return [item.intervention.id for item in recommend(tree, state).interventions]


def one(sign: str, phase: str = "ongoing", risk: str = "no") -> State:
    return State(risk, phase, frozenset({sign}))


def test_public_ids_are_exactly_the_specs(tree: Tree) -> None:
    assert list(tree.levels) == ["primary", "secondary", "tertiary"]
    assert set(tree.phases) == {"start", "early", "ongoing"}
    assert {s: tree.signs[s].level for s in tree.signs} == SPEC_SIGN_LEVELS
    assert set(tree.interventions) == set(SPEC_INTERVENTIONS)


# Rule 1 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_rule_1_no_sign_is_primary(tree: Tree, phase: str) -> None:
    assert recommend(tree, State("no", phase)).level.id == "primary"


@pytest.mark.parametrize("sign", SIGNS)
def test_rule_1_a_sign_gives_its_lowest_level(tree: Tree, sign: str) -> None:
    assert recommend(tree, one(sign)).level.id == SPEC_SIGN_LEVELS[sign]


def test_rule_1_the_highest_sign_wins(tree: Tree) -> None:
    state = State("no", "ongoing", frozenset({"late-arrival", "dropout", "withdrawal"}))
    assert recommend(tree, state).level.id == "tertiary"


# Rule 2 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(SIGNS, 2)))
def test_rule_2_adding_a_sign_never_lowers_the_level(tree: Tree, first: str, second: str) -> None:
    if any({first, second} <= group for group in EXCLUSIVE):
        return  # rule 13: never given together
    alone = LEVEL_RANK[recommend(tree, one(first)).level.id]
    both = LEVEL_RANK[recommend(tree, State("no", "ongoing", frozenset({first, second}))).level.id]
    assert both >= alone


# Rule 3 ---------------------------------------------------------------------------------------


def test_rule_3_risk_flags_safety_and_puts_safety_first(tree: Tree) -> None:
    result = recommend(tree, State("yes", "early", frozenset({"explicit-blame"})))
    assert result.safety is True
    assert result.interventions[0].intervention.id == "safety-first"
    assert recommend(tree, State("no", "early", frozenset({"explicit-blame"}))).safety is False
    assert "safety-first" not in ids(tree, State("no", "early"))


# Rule 4 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("sign", [None, *SIGNS])
def test_rule_4_every_result_holds_the_standing_practices(tree: Tree, sign: str | None, phase: str) -> None:
    result = recommend(tree, State("no", phase, frozenset({sign} if sign else set())))
    assert {item.intervention.id for item in result.keep_doing} == STANDING


def test_rule_4_with_dropout_the_standing_practices_wait_for_the_patient(tree: Tree) -> None:
    assert "comes back" in recommend(tree, one("dropout")).keep_doing_heading
    for sign in SIGNS:
        if sign != "dropout":
            assert "comes back" not in recommend(tree, one(sign)).keep_doing_heading, sign


# Rule 5 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("sign", [None, *SIGNS])
def test_rule_5_anticipate_ruptures_at_the_start_and_early_unless_tertiary(
    tree: Tree, sign: str | None, phase: str
) -> None:
    state = State("no", phase, frozenset({sign} if sign else set()))
    level = recommend(tree, state).level.id
    expected = phase in ANTICIPATE_PHASES and level != "tertiary"
    assert ("anticipate-ruptures" in ids(tree, state)) == expected


# Rule 6 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("sign", sorted(SIGN_INTERVENTIONS))
def test_rule_6_signs_add_their_interventions(tree: Tree, sign: str) -> None:
    assert SIGN_INTERVENTIONS[sign] <= set(ids(tree, one(sign)))


@pytest.mark.parametrize("sign", SIGNS)
def test_rule_6_nothing_beyond_the_level_and_the_signs(tree: Tree, sign: str) -> None:
    expected = STANDING | SIGN_INTERVENTIONS[sign]
    if SPEC_SIGN_LEVELS[sign] == "tertiary":
        expected |= TERTIARY_ADDS
    assert set(ids(tree, one(sign))) == expected


@pytest.mark.parametrize("sign", [s for s, level in SPEC_SIGN_LEVELS.items() if level == "tertiary"])
def test_rule_6_tertiary_adds_consultation(tree: Tree, sign: str) -> None:
    assert set(ids(tree, one(sign, "start"))) >= TERTIARY_ADDS


@pytest.mark.parametrize("sign", SIGNS)
def test_rule_6_model_repair_only_with_the_patient_present_and_the_rupture_open(tree: Tree, sign: str) -> None:
    assert ("model-repair" in ids(tree, one(sign))) == (sign in MODEL_REPAIR_SIGNS)


@pytest.mark.parametrize("sign", sorted(NEVER_FOR))
def test_rule_6_what_a_sign_never_brings(tree: Tree, sign: str) -> None:
    assert not NEVER_FOR[sign] & set(ids(tree, one(sign)))


def test_rule_6_dropout_points_to_wants_to_end(tree: Tree) -> None:
    reach_out = next(i for i in recommend(tree, one("dropout")).interventions if i.intervention.id == "reach-out")
    assert any("want to stop" in note for note in reach_out.notes)


# Rule 7 ---------------------------------------------------------------------------------------


def test_rule_7_every_intervention_links_to_its_section(tree: Tree) -> None:
    for intervention in tree.interventions.values():
        assert intervention.url.endswith(f"#{intervention.id}")
        assert not intervention.url.startswith(("/", "http"))


# Rule 8 ---------------------------------------------------------------------------------------


def test_rule_8_the_result_explains_the_level_and_each_intervention(tree: Tree) -> None:
    result = recommend(tree, State("no", "ongoing", frozenset({"missed-session", "easy-explanation"})))
    assert "a missed session" in result.level_reason
    for item in result.interventions:
        assert item.reasons, item.intervention.id
    investigate = next(i for i in result.interventions if i.intervention.id == "investigate-changes")
    assert "missed session" in investigate.reasons[0]
    assert len(result.rationale) == 1 + len(result.interventions)


# Rule 9 ---------------------------------------------------------------------------------------


def assert_rule_9_order(result: Result) -> None:
    order = [item.intervention.id for item in result.interventions]
    if "safety-first" in order:
        assert order[0] == "safety-first"
    if "acknowledge-own-part" in order:
        for step in ASKS_ABOUT_THE_PATIENT:
            if step in order:
                assert order.index("acknowledge-own-part") < order.index(step), order
    if "model-repair" in order:
        for before in ("address-rupture", "acknowledge-own-part"):
            if before in order:
                assert order.index(before) < order.index("model-repair"), order
    standing = [i for i in order if i in STANDING]
    situation = [i for i in order if i not in STANDING and i != "anticipate-ruptures"]
    assert order[len(order) - len(standing) :] == standing, order  # the standing practices last
    if "anticipate-ruptures" in order:
        assert all(order.index(i) < order.index("anticipate-ruptures") for i in situation), order
    assert [i.intervention.id for i in result.steps] == order[: len(order) - len(standing)]


def test_rule_9_order_on_a_crowded_result(tree: Tree) -> None:
    signs = {"peripheral-complaint", "clinician-lapse", "missed-session", "task-complaint", "explicit-blame"}
    result = recommend(tree, State("yes", "early", frozenset(signs)))
    assert_rule_9_order(result)
    order = [i.intervention.id for i in result.interventions]
    assert order.index("acknowledge-own-part") < order.index("investigate-changes")


@pytest.mark.parametrize("sign", SIGNS)
@pytest.mark.parametrize("phase", PHASES)
def test_rule_9_order_for_every_sign(tree: Tree, sign: str, phase: str) -> None:
    assert_rule_9_order(recommend(tree, State("yes", phase, frozenset({sign}))))


def test_rule_9_own_part_first_when_you_kept_them_waiting(tree: Tree) -> None:
    """The v1 failure: "you kept me waiting" was answered with a question about the patient's lateness."""
    result = recommend(tree, one("peripheral-complaint"))
    assert result.steps[0].intervention.id == "acknowledge-own-part"
    texts = " ".join(p.text for item in result.interventions for p in item.phrasings).lower()
    assert "arriving" not in texts and "missing last week" not in texts


# Rule 10 --------------------------------------------------------------------------------------


def assert_phrasings_fit(result: Result) -> None:
    reported = result.state.signs
    for item in result.interventions:
        assert item.phrasings, f"{item.intervention.id}: no phrasing fits"
        for phrasing in item.phrasings:
            assert not phrasing.presupposes or set(phrasing.presupposes) & reported, phrasing.text
            lowered = phrasing.text.lower()
            for topic, (words, allowed_by) in PRESUPPOSITIONS.items():
                if any(word in lowered for word in words):
                    assert reported & allowed_by, f"{item.intervention.id}: mentions {topic}: {phrasing.text}"


@pytest.mark.parametrize("sign", [None, *SIGNS])
def test_rule_10_phrasings_fit_what_was_reported(tree: Tree, sign: str | None) -> None:
    assert_phrasings_fit(recommend(tree, State("no", "start", frozenset({sign} if sign else set()))))


def test_rule_10_every_phrasing_declares_what_it_presupposes(tree: Tree) -> None:
    """The declarations themselves: a phrasing that mentions a topic must presuppose only signs that allow it."""
    for intervention in tree.interventions.values():
        assert any(not p.presupposes for p in intervention.phrasings), intervention.id
        for phrasing in intervention.phrasings:
            lowered = phrasing.text.lower()
            for topic, (words, allowed_by) in PRESUPPOSITIONS.items():
                if any(word in lowered for word in words):
                    assert phrasing.presupposes, f"{intervention.id}: mentions {topic} but presupposes nothing"
                    assert set(phrasing.presupposes) <= allowed_by, f"{intervention.id}: {phrasing.text}"


def test_rule_10_a_fitting_phrasing_comes_first(tree: Tree) -> None:
    def lead(sign: str, intervention: str) -> tuple[str, ...]:
        item = next(i for i in recommend(tree, one(sign)).interventions if i.intervention.id == intervention)
        return item.phrasings[0].presupposes

    assert lead("missed-session", "wonder-aloud") == ("missed-session",)
    assert lead("withdrawal", "wonder-aloud") == ("withdrawal",)
    assert lead("regression", "wonder-aloud") == ()


@pytest.mark.parametrize("intervention", SPEC_INTERVENTIONS)
def test_rule_10_every_intervention_keeps_a_neutral_phrasing(tree: Tree, intervention: str) -> None:
    assert any(not p.presupposes and not p.not_with for p in tree.interventions[intervention].phrasings)


@pytest.mark.parametrize("intervention", ["renegotiate-task", "acknowledge-own-part"])
def test_new_interventions_have_three_phrasings_or_more(tree: Tree, intervention: str) -> None:
    assert len(tree.interventions[intervention].phrasings) >= 3


def test_model_repair_links_to_other_relationships_only_after_the_rupture_was_talked_through(tree: Tree) -> None:
    for phrasing in tree.interventions["model-repair"].phrasings:
        if "other relationships" in phrasing.text or "elsewhere" in phrasing.text:
            assert phrasing.text.startswith("(Later, once"), phrasing.text
            assert "wants-to-end" in phrasing.not_with  # a choice to end is not a symptom to interpret
    assert "only after" in tree.interventions["model-repair"].how.lower()


def test_a_patient_who_wants_to_end_is_not_told_to_carry_on(tree: Tree) -> None:
    result = recommend(tree, one("wants-to-end"))
    texts = [p.text for item in result.interventions for p in item.phrasings]
    assert not any("still here" in t or "other relationships" in t for t in texts)
    model = next(i for i in result.interventions if i.intervention.id == "model-repair")
    assert "end well" in model.phrasings[0].text


def test_the_lead_phrasing_is_about_the_sign_that_brought_the_step(tree: Tree) -> None:
    state = State("no", "ongoing", frozenset({"task-complaint", "homework-lapse"}))
    address = next(i for i in recommend(tree, state).interventions if i.intervention.id == "address-rupture")
    assert address.phrasings[0].presupposes == ("task-complaint",)


def test_a_risk_with_an_ending_or_a_silence_is_handled_as_such(tree: Tree) -> None:
    ending = recommend(tree, one("wants-to-end", risk="yes"))
    address = next(i for i in ending.interventions if i.intervention.id == "address-rupture")
    assert any("handover" in note for note in address.notes)
    silent = recommend(tree, one("dropout", risk="yes"))
    safety = silent.interventions[0]
    assert any("out of contact" in note for note in safety.notes)
    assert safety.phrasings[0].text.startswith("(Message)")


# Rule 11 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_rule_11_the_review_is_never_raised_with_the_patient(tree: Tree, phase: str) -> None:
    result = recommend(tree, one("online-review", phase))
    assert "address-rupture" not in [i.intervention.id for i in result.interventions]
    for item in result.interventions:
        for phrasing in item.phrasings:
            if phrasing.text.startswith("(To "):
                continue  # addressed to a supervisor or a professional body, never to the patient
            assert not any(word in phrasing.text.lower() for word in REVIEW_WORDS), phrasing.text
    for phrasing in tree.interventions["respond-privately"].phrasings:
        assert not any(word in phrasing.text.lower() for word in REVIEW_WORDS), phrasing.text
    assert "do not raise the review with the patient" in tree.interventions["respond-privately"].how.lower()


# Rule 12 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sign", [None, *SIGNS])
def test_rule_12_a_safety_result_opens_with_safety_never_with_reassurance(tree: Tree, sign: str | None) -> None:
    result = recommend(tree, State("yes", "ongoing", frozenset({sign} if sign else set())))
    assert result.steps[0].intervention.id == "safety-first"
    assert result.level_reason.startswith("Safety first")
    assert "once safety is addressed" in result.level_reason.lower()
    for text in (result.level_reason, result.level.summary):
        assert "nothing suggests" not in text.lower()


# Rule 13 --------------------------------------------------------------------------------------


def test_rule_13_exclusive_signs_are_refused_together(tree: Tree) -> None:
    for group in EXCLUSIVE:
        with pytest.raises(ConflictingSigns) as error:
            recommend(tree, State("no", "ongoing", frozenset(group)))
        assert all(sign in str(error.value) for sign in group)
    assert [set(g.signs) for g in tree.exclusive] == EXCLUSIVE


def test_rule_13_exclusive_signs_are_one_question(tree: Tree) -> None:
    for group in EXCLUSIVE:
        askers = {q.id for q in tree.questions.values() for a in q.answers if a.value in group}
        assert len(askers) == 1


# Other contracts ------------------------------------------------------------------------------


def test_each_intervention_is_complete(tree: Tree) -> None:
    for intervention in tree.interventions.values():
        assert intervention.title and intervention.action and intervention.how and intervention.pitfalls
        assert len(intervention.phrasings) >= 2
        assert len({p.text for p in intervention.phrasings}) == len(intervention.phrasings)
        assert intervention.standing == (intervention.id in STANDING)


def test_no_duplicate_interventions(tree: Tree) -> None:
    order = ids(tree, State("no", "ongoing", frozenset({"explicit-blame", "online-review", "missed-session"})))
    assert len(order) == len(set(order))


def test_follow_up_answers_add_notes_but_never_change_level_or_steps(tree: Tree) -> None:
    base = State("no", "ongoing", frozenset({"missed-session"}))
    refined = State("no", "ongoing", frozenset({"missed-session"}), (("after-difficult", "yes"),))
    assert ids(tree, base) == ids(tree, refined)
    assert recommend(tree, base).level == recommend(tree, refined).level
    notes = {i.intervention.id: i.notes for i in recommend(tree, refined).interventions}
    assert notes["wonder-aloud"]
    assert not {i.intervention.id: i.notes for i in recommend(tree, base).interventions}["wonder-aloud"]


def test_a_medication_lapse_checks_side_effects_and_involves_the_prescriber(tree: Tree) -> None:
    result = recommend(tree, one("medication-lapse"))
    notes = " ".join(n for i in result.interventions for n in i.notes).lower()
    assert "side effects" in notes and "prescriber" in notes


def test_reach_out_starts_from_risk_and_the_non_attendance_policy(tree: Tree) -> None:
    how = tree.interventions["reach-out"].how
    assert how.lower().startswith("start from risk")
    assert "non-attendance policy" in how


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
