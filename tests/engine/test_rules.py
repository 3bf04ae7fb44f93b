"""Every rule of the spec (the decision guide's specification, version 3: "Rules the engine must satisfy"),
one test or more each. The v3 rules (5, 6, 9 revised; 14, 15 and 16 new) are marked as such."""

from __future__ import annotations

import itertools

import pytest

from decision_tree import State, recommend
from decision_tree.engine import ConflictingSigns, InvalidInput, Recommended, Result
from decision_tree.model import Tree

from .result_texts import every_text, forbidden_with_risk
from .spec import (
    AFTER_NAMING_THE_CHANGE,
    ANTICIPATE_AT_TERTIARY_CONTACT,
    ANTICIPATE_AT_TERTIARY_WITH,
    ANTICIPATE_NEVER_WITH,
    ANTICIPATE_PHASES,
    ASKS_ABOUT_THE_PATIENT,
    CHANNELS,
    CONTACT_CHANNELS,
    EXCLUSIVE,
    LEVEL_RANK,
    MODEL_REPAIR_SIGNS,
    NEVER_FOR,
    OPEN_SIGNS,
    OPENINGS,
    PRESUPPOSITIONS,
    REACH_OUT_FIRST_WITH,
    REVIEW_WITH_RISK_WORDS,
    REVIEW_WORDS,
    RISK_NOT_STATED,
    SAFETY_MESSAGE_SIGNS,
    SIGN_INTERVENTIONS,
    STANDING,
    TERTIARY_ADDS,
    TOLD_BY_SIGNS,
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
    result = recommend(tree, state)
    level = result.level.id
    # v3: a rupture voiced to you, the patient there (wants-to-end alone: how it was told is unknown)
    present = sign in ANTICIPATE_AT_TERTIARY_WITH and result.contact == ANTICIPATE_AT_TERTIARY_CONTACT
    expected = phase in ANTICIPATE_PHASES and (level != "tertiary" or present)
    assert ("anticipate-ruptures" in ids(tree, state)) == expected


@pytest.mark.parametrize("phase", sorted(ANTICIPATE_PHASES))
def test_rule_5_v3_anticipate_even_at_tertiary_when_the_patient_is_present(tree: Tree, phase: str) -> None:
    blow_up = recommend(tree, State("no", phase, frozenset({"explicit-blame", "missed-session"})))
    order = [i.intervention.id for i in blow_up.steps]
    assert blow_up.level.id == "tertiary" and order[-1] == "anticipate-ruptures"
    anticipate = blow_up.steps[-1]
    assert anticipate.phrasings[0].text.startswith("I'm glad you told me")
    for absent in ANTICIPATE_NEVER_WITH:  # a silence is not a rupture voiced to you
        silent = State("no", phase, frozenset({absent, "explicit-blame"}))
        assert "anticipate-ruptures" not in ids(tree, silent)
    assert "anticipate-ruptures" not in ids(tree, one("online-review", phase))
    in_person = State("no", phase, frozenset({"wants-to-end"}), (("told-by", "in-session"),))
    by_message = State("no", phase, frozenset({"wants-to-end"}), (("told-by", "message"),))
    assert "anticipate-ruptures" in ids(tree, in_person)
    assert "anticipate-ruptures" not in ids(tree, by_message)


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


WONDERING_SIGNS = sorted(s for s, added in SIGN_INTERVENTIONS.items() if "wonder-aloud" in added)


@pytest.mark.parametrize("open_sign", sorted(OPEN_SIGNS))
@pytest.mark.parametrize("sign", WONDERING_SIGNS)
def test_rule_6_v3_no_wondering_aloud_once_the_rupture_is_open(tree: Tree, open_sign: str, sign: str) -> None:
    assert "wonder-aloud" in ids(tree, one(sign))
    assert "wonder-aloud" not in ids(tree, State("no", "ongoing", frozenset({sign, open_sign})))


def _step(result: Result, intervention: str) -> Recommended:
    return next(i for i in result.interventions if i.intervention.id == intervention)


CONCEDES_FAULT = ("i'm sorry", "down to me", "my doing", "you're right about")


def test_rule_6_v3_a_peripheral_complaint_is_answered_by_what_your_part_was(tree: Tree) -> None:
    def own(your_part: str | None) -> tuple[str, list[str]]:
        followups = (("your-part", your_part),) if your_part else ()
        state = State("no", "ongoing", frozenset({"peripheral-complaint"}), followups)
        item = _step(recommend(tree, state), "acknowledge-own-part")
        return item.action, [p.text.lower() for p in item.phrasings]

    action, unanswered = own(None)
    assert action.startswith("If you or your service played a part, own it; if not, acknowledge the impact")
    impact = next(i for i, t in enumerate(unanswered) if "real cost" in t)
    owning = next(i for i, t in enumerate(unanswered) if "down to me" in t)
    assert impact < owning  # unanswered: both, the impact one first
    _, lapse = own("lapse")
    assert "down to me" in lapse[0] and not any("real cost" in t for t in lapse)
    _, no_part = own("no")
    assert "real cost" in no_part[0]
    assert not [t for t in no_part if any(words in t for words in CONCEDES_FAULT)], no_part
    _, decision = own("decision")
    assert not [t for t in decision if any(words in t for words in CONCEDES_FAULT)], decision
    notes = " ".join(
        _step(
            recommend(tree, State("no", "ongoing", frozenset({"peripheral-complaint"}), (("your-part", "decision"),))),
            "acknowledge-own-part",
        ).notes
    )
    assert "without apologising for it" in notes


def test_rule_6_v3_a_regression_checks_the_other_explanations_and_risk(tree: Tree) -> None:
    notes = " ".join(recommend(tree, one("regression")).notes).lower()
    assert all(word in notes for word in ("life events", "medication", "outcome measures", "formulation", "risk"))


def test_rule_6_v3_a_wish_to_end_is_thanked_and_explored_first(tree: Tree) -> None:
    result = recommend(tree, State("no", "ongoing", frozenset({"wants-to-end"}), (("told-by", "in-session"),)))
    address = _step(result, "address-rupture")
    assert address.phrasings[0].text.startswith("Thank you for telling me.")
    assert "decision" not in address.phrasings[0].text.split(".")[0]
    assert any("what the wish is about" in note for note in address.notes)
    assert any("money" in note and "a move" in note for note in address.notes)


def test_rule_6_v3_a_change_you_made_is_named(tree: Tree) -> None:
    result = recommend(tree, one("clinician-change"))
    assert result.level.id == "secondary"
    assert _step(result, "name-the-change").reasons
    assert len(tree.interventions["name-the-change"].phrasings) >= 3


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
    assert len(result.rationale) == 1 + len(result.interventions) + 1
    assert "heuristic" in result.rationale[-1] and "not a validated scale" in result.rationale[-1]


# Rule 9 ---------------------------------------------------------------------------------------


def assert_rule_9_order(result: Result) -> None:
    order = [item.intervention.id for item in result.interventions]
    if "safety-first" in order:
        assert order[0] == "safety-first"
    if "acknowledge-own-part" in order:
        for step in ASKS_ABOUT_THE_PATIENT:
            if step in order:
                assert order.index("acknowledge-own-part") < order.index(step), order
        if "clinician-lapse" in result.state.signs:  # v3: you know you fell short, so say so first
            place = int("safety-first" in order) + int(bool(result.state.signs & REACH_OUT_FIRST_WITH))
            assert order.index("acknowledge-own-part") == place, order
    if result.state.signs & REACH_OUT_FIRST_WITH:
        assert order.index("reach-out") == int("safety-first" in order), order
    if "name-the-change" in order:  # v3
        for step in AFTER_NAMING_THE_CHANGE:
            if step in order:
                assert order.index("name-the-change") < order.index(step), order
    if "model-repair" in order:
        for before in ("address-rupture", "acknowledge-own-part", "renegotiate-task"):
            if before in order:
                assert order.index(before) < order.index("model-repair"), order
        later = {"seek-consultation", "anticipate-ruptures", *STANDING}  # v3: model repair comes last
        assert set(order[order.index("model-repair") + 1 :]) <= later, order
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


def test_rule_9_v3_own_your_lapse_first_then_name_the_change(tree: Tree) -> None:
    signs = {"clinician-lapse", "clinician-change", "explicit-blame", "missed-session"}
    order = [i.intervention.id for i in recommend(tree, State("yes", "ongoing", frozenset(signs))).steps]
    assert order[:4] == ["safety-first", "acknowledge-own-part", "name-the-change", "address-rupture"], order


def test_rule_9_v3_immediate_repair_before_model_repair(tree: Tree) -> None:
    order = ids(tree, State("no", "early", frozenset({"explicit-blame", "homework-lapse"})))
    assert order.index("renegotiate-task") < order.index("model-repair") < order.index("seek-consultation")


def test_rule_9_v3_several_openings_are_said_once_to_be_alternatives(tree: Tree) -> None:
    result = recommend(tree, State("no", "ongoing", frozenset({"strong-emotion", "missed-session", "withdrawal"})))
    openings = [i for i in result.steps if i.intervention.id in OPENINGS]
    assert len(openings) == 3
    said = [i for i in openings if any("alternatives" in note for note in i.notes)]
    assert said == [openings[0]]
    single = recommend(tree, one("strong-emotion"))
    assert not any("alternatives" in n for i in single.interventions for n in i.notes)


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
        waits = result.contact == "out-of-contact" and (item.on_return or item.intervention.standing)
        assert item.phrasings or waits, f"{item.intervention.id}: no phrasing fits"
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
    for at_risk in (False, True):
        assert "only after" in tree.interventions["model-repair"].how_for(at_risk).lower()


def test_a_patient_who_wants_to_end_is_not_told_to_carry_on(tree: Tree) -> None:
    result = recommend(tree, one("wants-to-end"))
    texts = [p.text for item in result.interventions for p in item.phrasings]
    assert not any("still here" in t or "other relationships" in t for t in texts)
    model = next(i for i in result.interventions if i.intervention.id == "model-repair")
    assert "end in a way that's good for you" in model.phrasings[0].text


def test_the_lead_phrasing_is_about_the_sign_that_brought_the_step(tree: Tree) -> None:
    state = State("no", "ongoing", frozenset({"task-complaint", "homework-lapse"}))
    address = next(i for i in recommend(tree, state).interventions if i.intervention.id == "address-rupture")
    assert address.phrasings[0].presupposes == ("task-complaint",)


def test_a_risk_with_an_ending_or_a_silence_is_handled_as_such(tree: Tree) -> None:
    ending = recommend(tree, one("wants-to-end", risk="yes"))
    safety = ending.interventions[0]
    assert any("handover" in note and "gap" in note for note in safety.notes)
    silent = recommend(tree, one("dropout", risk="yes"))
    safety = silent.interventions[0]
    assert any("out of contact" in note for note in safety.notes)
    assert silent.safety_message is not None
    assert safety.phrasings[0].channel == "colleague"


# Rule 11 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", PHASES)
def test_rule_11_the_review_is_never_raised_with_the_patient(tree: Tree, phase: str) -> None:
    result = recommend(tree, one("online-review", phase))
    assert "address-rupture" not in [i.intervention.id for i in result.interventions]
    for item in result.interventions:
        for phrasing in item.phrasings:
            if phrasing.channel == "colleague":
                continue  # addressed to a supervisor or a professional body, never to the patient
            assert not any(word in phrasing.text.lower() for word in REVIEW_WORDS), phrasing.text
    for phrasing in tree.interventions["respond-privately"].phrasings:
        if phrasing.channel != "colleague":
            assert not any(word in phrasing.text.lower() for word in REVIEW_WORDS), phrasing.text
    assert "do not raise the review with the patient" in tree.interventions["respond-privately"].how.lower()


# Rule 12 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sign", [None, *SIGNS])
def test_rule_12_a_safety_result_opens_with_safety_never_with_reassurance(tree: Tree, sign: str | None) -> None:
    result = recommend(tree, State("yes", "ongoing", frozenset({sign} if sign else set())))
    assert result.steps[0].intervention.id == "safety-first"
    assert result.level_reason.startswith("Safety first")
    not_stated = recommend(tree, State(RISK_NOT_STATED, "ongoing", frozenset({sign} if sign else set())))
    assert not_stated.safety and not_stated.steps[0].intervention.id == "safety-first"
    assert not_stated.level_reason.startswith("Risk was not stated")
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


# Rule 14 (v3): risk selects every text ------------------------------------------------------------

AT_RISK = ["yes", RISK_NOT_STATED]
#: Follow-up answers that put the patient in each contact, with the signs that need them.
CONTACTS = {
    "in-session": (),
    "message": (("told-by", "message"),),
    "unknown": (),
    "out-of-contact": (("still-attending", "no"),),
}


@pytest.mark.parametrize("risk", AT_RISK)
@pytest.mark.parametrize("contact", sorted(CONTACTS))
@pytest.mark.parametrize("sign", SIGNS)
def test_rule_14_with_a_risk_no_text_accepts_an_ending_defers_or_stops_contact(
    tree: Tree, sign: str, contact: str, risk: str
) -> None:
    for phase in PHASES:
        result = recommend(tree, State(risk, phase, frozenset({sign}), CONTACTS[contact]))
        assert not forbidden_with_risk(result), (sign, contact, forbidden_with_risk(result))


def test_rule_14_the_safe_wording_is_still_there_without_a_risk(tree: Tree) -> None:
    """The check can fail: the same words are in results without a risk, where they belong."""
    texts = " ".join(every_text(recommend(tree, one("wants-to-end")))).lower()
    assert "respect it" in texts and "one more session" in texts
    assert "closing letter" in " ".join(every_text(recommend(tree, one("dropout")))).lower()


def test_rule_14_texts_about_ending_declare_their_risk(tree: Tree) -> None:
    scoped = {"address-rupture", "model-repair", "reach-out", "renegotiate-task", "name-the-change"}
    assert {i.id for i in tree.interventions.values() if i.risk_scoped} == scoped


@pytest.mark.parametrize("risk", AT_RISK)
def test_rule_14_a_wish_to_end_with_a_risk_is_held_by_the_safety_step(tree: Tree, risk: str) -> None:
    safety = recommend(tree, one("wants-to-end", risk=risk)).interventions[0]
    notes = " ".join(safety.notes)
    assert "hopelessness may be part of the risk" in notes
    assert "active handover" in notes and "Never discharge into a gap" in notes


@pytest.mark.parametrize("sign", [sign for sign in SIGNS if sign != "wants-to-end"])
def test_rule_10_the_safety_step_speaks_of_a_wish_to_stop_only_when_one_was_reported(tree: Tree, sign: str) -> None:
    """A patient at risk who stopped coming, or missed a session, has not said they want to stop:
    the safety step's pitfalls do not put that wish in their mouth (the reach-out step has its own)."""
    safety = recommend(tree, one(sign, risk="yes")).interventions[0]
    assert safety.intervention.safety
    assert not [pitfall for pitfall in safety.pitfalls if "wish to stop" in pitfall], sign
    assert safety.pitfalls, sign  # the safety step's other pitfalls stay


def test_rule_10_a_reported_wish_to_stop_keeps_the_safety_steps_pitfall(tree: Tree) -> None:
    safety = recommend(tree, one("wants-to-end", risk="yes")).interventions[0]
    assert any("wish to stop that comes with hopelessness" in pitfall for pitfall in safety.pitfalls)


def test_rule_14_safety_planning_itself_does_not_change(tree: Tree) -> None:
    item = _step(recommend(tree, one("task-complaint", risk="yes")), "renegotiate-task")
    assert any("safety planning itself does not" in note for note in item.notes)


@pytest.mark.parametrize("sign", ["wants-to-end", "dropout"])
def test_rule_14_without_a_risk_an_ending_or_a_silence_checks_the_risk_history_first(tree: Tree, sign: str) -> None:
    result = recommend(tree, one(sign))
    assert result.notes[0].startswith("Check the risk history before you reply")
    assert "a past overdose or self-harm counts too" in tree.questions["risk"].help  # a history is not "no concern"


@pytest.mark.parametrize("risk", ["yes", "no", RISK_NOT_STATED])
@pytest.mark.parametrize("contact", sorted(CONTACTS))
@pytest.mark.parametrize("sign", [None, *SIGNS])
def test_rule_14_the_safety_message_when_the_patient_at_risk_is_not_in_the_room(
    tree: Tree, sign: str | None, contact: str, risk: str
) -> None:
    signs = frozenset({sign} if sign else set())
    result = recommend(tree, State(risk, "ongoing", signs, CONTACTS[contact]))
    expected = risk != "no" and (result.contact != "in-session" or bool(signs & SAFETY_MESSAGE_SIGNS))
    assert (result.safety_message is not None) == expected, (sign, contact, risk, result.contact)
    if result.safety_message is not None:
        message = result.safety_message
        assert message.placeholders and all(f"[{blank}]" in message.text for blank in message.placeholders)
        assert message.beside.startswith("A reply is not an assessment")
        wrote = ("told-by", "message") in CONTACTS[contact]  # the patient wrote to you (spec v3)
        assert message.text.startswith("Thank you for your message") == wrote


def test_rule_14_the_safety_step_asks_directly_and_holds_a_complaint_with_the_risk_question(tree: Tree) -> None:
    lead = recommend(tree, one("missed-session", risk=RISK_NOT_STATED)).interventions[0]
    assert "ask you directly" in lead.phrasings[0].text.lower() or "directly" in lead.phrasings[0].text
    assert any("Risk was not stated: ask about it first" in note for note in lead.notes)
    for sign in ("explicit-blame", "task-complaint"):
        first = recommend(tree, one(sign, risk="yes")).interventions[0].phrasings[0].text
        assert "I need to ask you directly" in first and first.index("understand") < first.index("directly")
    colleague = [p for p in tree.interventions["safety-first"].phrasings if p.channel == "colleague"]
    assert colleague and all("[" in p.text for p in colleague)


# Rule 15 (v3): contact selects wording --------------------------------------------------------------


@pytest.mark.parametrize(
    ("signs", "followups", "contact"),
    [
        ({"missed-session"}, (), "in-session"),
        ({"dropout"}, (), "out-of-contact"),
        ({"withdrawal"}, (("still-attending", "no"),), "out-of-contact"),
        ({"explicit-blame"}, (("told-by", "message"),), "message"),
        ({"explicit-blame"}, (("told-by", "message"), ("still-attending", "no")), "out-of-contact"),
        ({"wants-to-end"}, (), "unknown"),
        ({"wants-to-end"}, (("told-by", "in-session"),), "in-session"),
        ({"task-complaint"}, (), "in-session"),
    ],
)
def test_rule_15_contact_is_derived_from_the_answers(
    tree: Tree, signs: set[str], followups: tuple[tuple[str, str], ...], contact: str
) -> None:
    assert recommend(tree, State("no", "ongoing", frozenset(signs), followups)).contact == contact
    told_by = tree.questions["told-by"]
    assert set(told_by.ask_if.signs_any) == TOLD_BY_SIGNS


@pytest.mark.parametrize("risk", ["yes", "no"])
@pytest.mark.parametrize("contact", sorted(CONTACTS))
@pytest.mark.parametrize("sign", SIGNS)
def test_rule_15_only_phrasings_for_the_contact_are_shown(tree: Tree, sign: str, contact: str, risk: str) -> None:
    result = recommend(tree, State(risk, "ongoing", frozenset({sign}), CONTACTS[contact]))
    for item in result.interventions:
        for phrasing in item.phrasings:
            assert phrasing.channel in CONTACT_CHANNELS[result.contact], (item.intervention.id, phrasing.text)
            assert not phrasing.contacts or result.contact in phrasing.contacts, (item.intervention.id, phrasing.text)
        if result.contact == "out-of-contact" and not item.intervention.standing:
            assert item.phrasings or item.on_return, item.intervention.id
            if item.on_return:
                assert item.notes[0] == tree.on_return_note
    if result.contact != "in-session":
        assert any("not shown" in line or "come first" in line or "both forms" in line for line in result.rationale)


@pytest.mark.parametrize(("contact", "shown"), [("in-session", False), ("out-of-contact", True), ("message", True)])
def test_rule_15_a_call_to_reach_the_patient_is_never_offered_while_they_are_in_the_room(
    tree: Tree, contact: str, shown: bool
) -> None:
    result = recommend(tree, State("yes", "ongoing", frozenset({"explicit-blame"}), CONTACTS[contact]))
    assert result.contact == contact
    safety = _step(result, "safety-first")
    assert any("I need to reach them" in p.text for p in safety.phrasings) == shown
    assert safety.phrasings  # a line for the contact remains either way


def test_rule_15_out_of_contact_owning_a_lapse_has_a_written_form(tree: Tree) -> None:
    result = recommend(tree, State("no", "ongoing", frozenset({"dropout", "clinician-lapse"})))
    own = _step(result, "acknowledge-own-part")
    assert own.phrasings[0].channel in {"message", "letter"}
    assert own.phrasings[0].presupposes == ("clinician-lapse",) or own.phrasings[0].channel == "message"
    assert any(p.channel == "letter" and "forgot our appointment" in p.text for p in own.phrasings)
    model = _step(
        recommend(tree, State("no", "ongoing", frozenset({"explicit-blame"}), CONTACTS["out-of-contact"])),
        "model-repair",
    )
    assert model.on_return and not model.phrasings and "come back" in model.notes[0]


@pytest.mark.parametrize("risk", ["yes", "no"])
def test_rule_15_a_wish_to_end_told_by_message_leads_with_a_written_reply(tree: Tree, risk: str) -> None:
    result = recommend(tree, State(risk, "ongoing", frozenset({"wants-to-end"}), (("told-by", "message"),)))
    address = _step(result, "address-rupture")
    assert address.phrasings[0].channel == "message"
    assert address.phrasings[0].text.startswith("Thank you for")


def test_rule_15_every_phrasing_says_its_channel(tree: Tree) -> None:
    for intervention in tree.interventions.values():
        for phrasing in intervention.phrasings:
            assert phrasing.channel in CHANNELS, (intervention.id, phrasing.text)
            assert not phrasing.text.startswith(("(Message", "(Voicemail", "(Letter", "(To ")), phrasing.text


# Rule 16 (v3): an online review with a risk -------------------------------------------------------------


@pytest.mark.parametrize("attending", [None, "yes", "no"])
@pytest.mark.parametrize("risk", AT_RISK)
def test_rule_16_with_a_review_and_a_risk_the_duty_of_care_comes_first(
    tree: Tree, risk: str, attending: str | None
) -> None:
    followups = (("still-attending", attending),) if attending else ()
    result = recommend(tree, State(risk, "ongoing", frozenset({"online-review"}), followups))
    item = _step(result, "respond-privately")
    assert all(word in item.action.lower() for word in REVIEW_WITH_RISK_WORDS)
    assert "urgent advice" in item.how and "never reply in public" in item.how.lower()
    assert not [p for p in item.pitfalls if "who wrote it" in p]
    assert not [n for n in item.notes if "about the review" in n]
    welfare = [p for p in item.phrasings if p.channel != "colleague"]
    assert welfare and not any(word in p.text.lower() for p in welfare for word in REVIEW_WORDS)
    without = _step(
        recommend(tree, State("no", "ongoing", frozenset({"online-review"}), followups)), "respond-privately"
    )
    assert [p for p in without.pitfalls if "who wrote it" in p]


# "Don't say" lines (v3) ----------------------------------------------------------------------------


@pytest.mark.parametrize("intervention", SPEC_INTERVENTIONS)
def test_every_intervention_has_a_dont_say_line_with_its_reason(tree: Tree, intervention: str) -> None:
    avoid = tree.interventions[intervention].avoid
    assert avoid and all(line.text and line.why for line in avoid)
    phrasings = {p.text for p in tree.interventions[intervention].phrasings}
    assert not phrasings & {line.text for line in avoid}


def _states_for(tree: Tree, signs_any: tuple[str, ...], risks: tuple[str, ...]) -> list[State]:
    """States where a rule's signs were noted: each alone and with every other sign, with no
    follow-up answer or with each one (and the patient no longer attending, by each channel)."""
    followups: list[tuple[tuple[str, str], ...]] = [()]
    for question in tree.questions.values():
        if question.sets == "followup":
            followups += [((question.id, answer.value),) for answer in question.answers]
    followups += [(("still-attending", "no"), ("told-by", told)) for told in ("in-session", "message")]
    states = []
    for risk, sign, other, answers in itertools.product(risks, signs_any, [None, *tree.signs], followups):
        signs = frozenset({sign} | ({other} if other else set()))
        states.append(State(risk, "ongoing", signs, tuple(sorted(answers))))
    return states


def test_every_note_of_a_step_shows_wherever_its_rule_holds_and_its_step_is_given(tree: Tree) -> None:
    """Where a rule's note goes on a step, the note is kept whatever the order of the rules: a rule
    before the one that adds its step (the-cover-does-not-wait, before a-change-you-made) once lost
    it, and with it the safety note for a patient at risk, out of contact, after a change."""
    for rule in tree.rules:
        if not (rule.note and rule.note_on) or rule.when.two_of or not rule.when.signs_any:
            continue
        shown = False
        for state in _states_for(tree, rule.when.signs_any, rule.when.risk or ("yes", "no")):
            try:
                result = recommend(tree, state)
            except (ConflictingSigns, InvalidInput):
                continue
            step = next((i for i in result.interventions if i.intervention.id == rule.note_on), None)
            shown = shown or (step is not None and rule.note in step.notes)
        assert shown, f"rule {rule.id}: its note never shows on {rule.note_on}"


def test_with_a_risk_out_of_contact_after_a_change_the_cover_is_told_today_at_a_glance(tree: Tree) -> None:
    for signs in ({"clinician-change"}, {"clinician-change", "dropout"}, {"clinician-change", "explicit-blame"}):
        state = State("yes", "ongoing", frozenset(signs), (("still-attending", "no"),))
        step = _step(recommend(tree, state), "name-the-change")
        cover = "Naming the change waits for their return; the cover does not"
        assert any(note.startswith(cover) for note in step.glance_notes), signs
    in_the_room = State("yes", "ongoing", frozenset({"clinician-change"}), ())
    step = _step(recommend(tree, in_the_room), "name-the-change")
    assert not [note for note in step.notes if "the cover does not" in note]
