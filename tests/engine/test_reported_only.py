"""Rule 10, read as a supervisor reads a result: no text takes for granted what the clinician did not
report (a wish to stop, a rupture, a lapse, a feeling of their own, a message in writing), and with a
risk (rule 14) no written line about the relationship goes out without the call and the crisis line.

Each case below is one a clinical review of edition 3.1 found; each test also checks the words are
still there where they fit, so that none can pass by the text having gone."""

from __future__ import annotations

import pytest

from decision_tree import State, recommend
from decision_tree.engine import Recommended, Result
from decision_tree.model import Tree

from .spec import SIGN_LEVELS

CRISIS_LINE = "[emergency number or crisis line]"
WRITTEN = ("message", "letter", "voicemail")


def state(*signs: str, risk: str = "no", phase: str = "ongoing", **followups: str) -> State:
    answers = tuple(sorted((question.replace("_", "-"), answer) for question, answer in followups.items()))
    return State(risk, phase, frozenset(signs), answers)


def step(result: Result, intervention_id: str) -> Recommended:
    return next(item for item in result.interventions if item.intervention.id == intervention_id)


def phrasings(result: Result) -> list[str]:
    return [p.text for item in result.interventions for p in item.phrasings]


#: A patient at risk who is not in the room: they wrote, or they are not attending, or they went silent.
NOT_IN_THE_ROOM_AT_RISK = [
    state("explicit-blame", risk="yes", told_by="message", still_attending="no"),
    state("explicit-blame", risk="yes", told_by="message", still_attending="yes"),
    state("dropout", "clinician-lapse", risk="yes"),
    state("wants-to-end", "clinician-lapse", risk="yes", told_by="message"),
]


def named(situation: State) -> str:
    """A test ID that reads the same in every process: a frozenset's order of the signs does not, and
    the run's workers must agree on every ID (pytest-xdist)."""
    answers = [f"risk={situation.risk}", f"phase={situation.phase}", "signs=" + ",".join(sorted(situation.signs))]
    return "&".join(answers + [f"{key}={value}" for key, value in situation.followups])


@pytest.mark.parametrize("situation", NOT_IN_THE_ROOM_AT_RISK, ids=named)
def test_with_a_risk_a_written_line_owning_your_part_carries_the_call_and_the_crisis_line(
    tree: Tree, situation: State
) -> None:
    own_part = step(recommend(tree, situation), "acknowledge-own-part")
    written = [p.text for p in own_part.phrasings if p.channel in WRITTEN]
    assert written, situation
    assert all(CRISIS_LINE in text and "[time]" in text for text in written), written


def test_without_a_risk_the_plain_line_owning_your_part_is_kept(tree: Tree) -> None:
    own_part = step(recommend(tree, state("dropout", "clinician-lapse")), "acknowledge-own-part")
    written = [p.text for p in own_part.phrasings if p.channel in WRITTEN]
    assert any("That was my mistake, and I'd like to put it right." in text for text in written)
    assert not any(CRISIS_LINE in text for text in written)


@pytest.mark.parametrize("others", [(), ("dropout",), ("withdrawal",)])
def test_with_a_risk_a_stopped_medication_means_the_prescriber_today_at_a_glance(
    tree: Tree, others: tuple[str, ...]
) -> None:
    safety = recommend(tree, state("medication-lapse", *others, risk="yes")).interventions[0]
    assert safety.intervention.safety
    assert any("prescriber or GP today" in note for note in safety.glance_notes), safety.glance_notes
    safe = recommend(tree, state("medication-lapse", *others))
    assert not any("prescriber or GP today" in note for item in safe.interventions for note in item.notes)


@pytest.mark.parametrize("sign", ["explicit-blame", "wants-to-end", "task-complaint"])
@pytest.mark.parametrize("risk", ["yes", "no"])
def test_words_said_in_person_are_never_answered_as_if_written(tree: Tree, sign: str, risk: str) -> None:
    for attending in ("yes", "no"):
        said = recommend(tree, state(sign, risk=risk, told_by="in-session", still_attending=attending))
        assert not [t for t in phrasings(said) if "in writing" in t or "you've written" in t], (sign, attending)
    written = recommend(tree, state("explicit-blame", risk=risk, told_by="message"))
    assert [t for t in phrasings(written) if "in writing" in t or "you've written" in t]


@pytest.mark.parametrize("sign", ["explicit-blame", "wants-to-end"])
@pytest.mark.parametrize("phase", ["start", "early"])
def test_after_a_rupture_voiced_early_no_line_foretells_a_disappointment(tree: Tree, sign: str, phase: str) -> None:
    result = recommend(tree, state(sign, phase=phase, told_by="in-session"))
    anticipate = [p.text for p in step(result, "anticipate-ruptures").phrasings]
    assert any(text.startswith("I'm glad you told me") for text in anticipate)
    assert not [t for t in anticipate if "may feel let down" in t or "There may be times" in t], anticipate
    quiet = step(recommend(tree, state("withdrawal", phase=phase)), "anticipate-ruptures")
    assert any("may feel let down" in p.text for p in quiet.phrasings)


@pytest.mark.parametrize(
    ("signs", "risk"), [(("wants-to-end",), "yes"), (("dropout",), "yes"), (("online-review",), "no")]
)
def test_consultation_words_presume_no_rupture_nobody_reported(tree: Tree, signs: tuple[str, ...], risk: str) -> None:
    consult = step(recommend(tree, state(*signs, risk=risk)), "seek-consultation")
    texts = [p.text for p in consult.phrasings]
    assert not [t for t in texts if "gone off course" in t], texts
    if risk == "yes":
        assert any("duty of care" in t for t in texts), texts
    blamed = step(recommend(tree, state("explicit-blame")), "seek-consultation")
    assert any("gone off course" in p.text for p in blamed.phrasings)


def test_model_repair_speaks_of_stopping_only_when_it_was_reported(tree: Tree) -> None:
    blamed = step(recommend(tree, state("explicit-blame")), "model-repair").how
    assert "decides to stop" not in blamed and blamed.startswith("Treat the rupture")
    for risk in ("yes", "no"):
        wish = step(recommend(tree, state("wants-to-end", risk=risk)), "model-repair").how
        assert not wish.startswith("Treat the rupture") and "if it is about the relationship" in wish
        assert ("decides to stop" in wish) == (risk == "no")


@pytest.mark.parametrize("sign", ["withdrawal", "missed-session", "deferential-compliance", "easy-explanation"])
def test_a_feeling_of_the_clinicians_own_is_voiced_only_when_they_reported_one(tree: Tree, sign: str) -> None:
    def words(*signs: str) -> list[str]:
        return [p.text for p in step(recommend(tree, state(*signs)), "wonder-aloud").phrasings]

    assert not [t for t in words(sign) if "choosing my words" in t]
    assert [t for t in words(sign, "clinician-reaction") if "choosing my words" in t]


@pytest.mark.parametrize("your_part", ["no", "decision"])
def test_no_pitfall_speaks_of_a_lapse_the_clinician_did_not_report(tree: Tree, your_part: str) -> None:
    own_part = step(recommend(tree, state("peripheral-complaint", your_part=your_part)), "acknowledge-own-part")
    assert not [p for p in own_part.pitfalls if "lapse" in p], own_part.pitfalls
    lapse = step(recommend(tree, state("clinician-lapse")), "acknowledge-own-part")
    assert [p for p in lapse.pitfalls if "owning your own lapse" in p]


@pytest.mark.parametrize("sign", sorted(SIGN_LEVELS))
def test_the_safety_step_presumes_neither_a_plan_nor_something_said_today(tree: Tree, sign: str) -> None:
    safety = recommend(tree, state(sign, risk="yes")).interventions[0]
    assert not [p.text for p in safety.phrasings if "told me today" in p.text]
    assert any(
        "safety plan" in p.text for p in recommend(tree, state("withdrawal", risk="yes")).interventions[0].phrasings
    )


@pytest.mark.parametrize("risk", ["yes", "no"])
def test_a_change_you_made_is_not_spoken_of_as_something_that_happened_between_you(tree: Tree, risk: str) -> None:
    changed = recommend(tree, state("clinician-change", "explicit-blame", risk=risk, told_by="in-session"))
    assert not [t for t in phrasings(changed) if "wary of me" in t]
    lapse = recommend(tree, state("clinician-lapse", "explicit-blame", risk=risk, told_by="in-session"))
    assert [t for t in phrasings(lapse) if t.startswith("If [what happened] has left you wary of me")]


def test_a_silence_has_nothing_to_reply_to_and_the_closing_letter_says_when_it_is_sent(tree: Tree) -> None:
    result = recommend(tree, state("dropout"))
    assert result.notes[0].startswith("Check the risk history before you reply or reach out")
    closing = [p.text for p in step(result, "reach-out").phrasings if "close your file" in p.text]
    assert closing and all(text.startswith("(Only after the attempts your policy sets") for text in closing)


@pytest.mark.parametrize(
    "reported",
    [
        state("explicit-blame", told_by="message", still_attending="no"),
        state("task-complaint", still_attending="no"),
        state("explicit-blame", told_by="message", still_attending="yes"),
        state("explicit-blame"),
    ],
)
def test_an_example_from_the_room_is_offered_for_when_you_are_together_again(tree: Tree, reported: State) -> None:
    """The patient may not be in the room (a message, or no longer attending): a line for
    the moment in the room is one for the next meeting, never one that takes the meeting for granted."""
    how = step(recommend(tree, reported), "address-rupture").how
    assert "careful with you today" in how
    assert "When you are next together" in how and "in the room" in how, how


# A second supervisor's read of edition 3.3, before its release: each case below was found then.


def texts_of(result: Result, intervention_id: str) -> list[str]:
    return [p.text for p in step(result, intervention_id).phrasings]


def test_with_a_risk_a_review_brings_a_call_for_today_and_every_message_the_crisis_line(tree: Tree) -> None:
    attending = step(recommend(tree, state("online-review", risk="yes")), "respond-privately")
    calls = [p.text for p in attending.phrasings if p.channel == "call"]
    assert calls and all("today" in text and "review" not in text for text in calls), calls
    # Who answers learns nothing before it is the patient: the service is named after their name.
    assert all(text.index("[their first name]") < text.index("[service]") for text in calls), calls
    away = step(recommend(tree, state("online-review", risk="yes", still_attending="no")), "respond-privately")
    written = [p.text for p in away.phrasings if p.channel in WRITTEN]
    assert written and all(CRISIS_LINE in text for text in written), written


@pytest.mark.parametrize("risk", ["yes", "no"])
def test_a_wish_to_stop_after_a_change_is_not_answered_with_an_announcement(tree: Tree, risk: str) -> None:
    result = recommend(tree, state("wants-to-end", "clinician-change", risk=risk, told_by="message"))
    words = texts_of(result, "name-the-change")
    news = ("I'm writing to let you know", "I want to tell you about a change", "[I've / The service has] decided")
    assert not [t for t in words if t.startswith(news)]
    written = [p.text for p in step(result, "name-the-change").phrasings if p.channel in WRITTEN]
    # A line to send names no change: the patient may not know of it yet (a report, a change not yet told).
    assert written and all(t.startswith("Thank you for telling me") and "[the change]" not in t for t in written)
    if risk == "yes":
        assert all(CRISIS_LINE in text for text in written), written


@pytest.mark.parametrize("sign", ["explicit-blame", "task-complaint"])
def test_after_a_rupture_voiced_in_the_room_the_change_is_not_announced_afresh(tree: Tree, sign: str) -> None:
    words = texts_of(recommend(tree, state(sign, "clinician-change", told_by="in-session")), "name-the-change")
    assert not [t for t in words if t.startswith("I want to tell you about a change early")]
    assert not [t for t in words if t.startswith("[I've / The service has] decided")]
    assert words[0].startswith("(If they know of the change) When I told you about [the change], it may have landed")
    alone = texts_of(recommend(tree, state("clinician-change")), "name-the-change")
    assert [t for t in alone if t.startswith("I want to tell you about a change early")]
    assert [t for t in alone if t.startswith("[I've / The service has] decided")]


@pytest.mark.parametrize("risk", ["yes", "no"])
def test_naming_a_change_invites_the_reaction_before_any_defence_of_it(tree: Tree, risk: str) -> None:
    words = " ".join(texts_of(recommend(tree, state("clinician-change", risk=risk)), "name-the-change"))
    for defence in ("because I'm required to", "I think this is the right decision", "feel like a betrayal"):
        assert defence not in words
    assert "Before I say more about why, I'd like to hear how that lands for you" in words


def test_with_a_risk_naming_a_change_presumes_neither_a_safety_plan_nor_a_break(tree: Tree) -> None:
    words = texts_of(recommend(tree, state("clinician-change", risk="yes")), "name-the-change")
    assert not [t for t in words if "let's go over your safety plan" in t or "while I'm away:" in t]
    assert [t for t in words if "[or make one]" in t and "[while I'm away / between sessions]" in t]


@pytest.mark.parametrize("told_by", ["in-session", "message"])
def test_a_message_after_words_in_person_does_not_thank_them_for_letting_you_know(tree: Tree, told_by: str) -> None:
    result = recommend(tree, state("explicit-blame", told_by=told_by, still_attending="no"))
    written = [p.text for p in step(result, "address-rupture").phrasings if p.channel == "message"]
    assert written and not [t for t in written if "letting me know" in t], written


@pytest.mark.parametrize("phase", ["start", "early"])
@pytest.mark.parametrize(
    ("sign", "instead"), [("clinician-lapse", "If anything else"), ("clinician-change", "If [the change]")]
)
def test_after_your_own_lapse_or_a_change_at_the_start_no_line_foretells_a_let_down(
    tree: Tree, phase: str, sign: str, instead: str
) -> None:
    words = texts_of(recommend(tree, state(sign, phase=phase)), "anticipate-ruptures")
    assert not [t for t in words if "let down" in t or "hard for you to hear" in t], words
    assert [t for t in words if t.startswith(instead)]


def test_a_feeling_of_your_own_is_voiced_once_you_have_made_sense_of_it_and_in_your_words(tree: Tree) -> None:
    words = texts_of(recommend(tree, state("withdrawal", "clinician-reaction")), "wonder-aloud")
    own = [t for t in words if "choosing my words" in t]
    assert own and all(t.startswith("(Once you have made some sense of your reaction)") for t in own)
    assert all("[choosing my words very carefully]" in t and "something might give" not in t for t in own)
