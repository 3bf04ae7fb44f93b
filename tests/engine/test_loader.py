"""Validation at load: broken trees fail with the file, the entry and the problem.

Each test breaks one part of a small fixture tree (``fixtures/small_tree.toml``), so
that rewording the real tree never breaks these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_tree import TreeError, load_tree, parse_tree

TREE = (Path(__file__).parent / "fixtures" / "small_tree.toml").read_text(encoding="utf-8")


def broken(old: str, new: str, count: int = 1) -> str:
    assert TREE.count(old) >= count, f"the fixture text {old!r} is not in small_tree.toml"
    return TREE.replace(old, new, count)


def problems(text: str) -> list[str]:
    with pytest.raises(TreeError) as error:
        parse_tree(text, source="broken.toml")
    assert str(error.value).startswith("invalid decision tree\nbroken.toml: ")
    return [f"{p.entry}: {p.message}" for p in error.value.problems]


def test_the_fixture_and_the_shipped_tree_are_valid() -> None:
    assert parse_tree(TREE).start == "risk"
    assert load_tree().start == "risk"


def test_dangling_next() -> None:
    found = problems(broken('next = "own-reaction"', 'next = "own-reactoin"'))
    assert any(p.startswith("questions[in-session].next: 'own-reactoin' is not a question ID") for p in found)


def test_cycle() -> None:
    found = problems(broken('next = "after-quiet"', 'next = "in-session"'))
    assert any("loops back" in p and "in-session -> own-reaction -> in-session" in p for p in found)


def test_unreachable_question() -> None:
    found = problems(broken('next = "in-session"', 'next = "own-reaction"'))
    assert any(p.startswith("questions[in-session]: unreachable") for p in found)


def test_duplicate_question_id() -> None:
    found = problems(broken('id = "own-reaction"\nkind', 'id = "in-session"\nkind'))
    assert any("duplicate question ID 'in-session'" in p for p in found)


def test_duplicate_table_key_names_the_line() -> None:
    found = problems(TREE + '\n[signs.withdrawal]\nlabel = "x"\n')
    assert any(p.startswith("TOML syntax") and "line" in p for p in found)


def test_unknown_sign_in_question() -> None:
    found = problems(broken('signs = ["withdrawal", "wants-to-end"', 'signs = ["withdrawl", "wants-to-end"'))
    assert any(p.startswith("questions[in-session].signs: unknown sign 'withdrawl'") for p in found)


def test_unknown_intervention_in_rule() -> None:
    found = problems(broken('add = ["reach-out"]', 'add = ["reach-0ut"]'))
    assert any(p.startswith("rules[dropout].add: unknown intervention 'reach-0ut'") for p in found)


def test_unknown_sign_in_rule_condition() -> None:
    found = problems(broken('signs_any = ["dropout"] }\nadd', 'signs_any = ["drop-out"] }\nadd'))
    assert any(p.startswith("rules[dropout].when.signs_any: unknown sign 'drop-out'") for p in found)


def test_path_that_never_reaches_a_result() -> None:
    found = problems(broken('next = "result"\n', "\n"))
    assert any(p.startswith("questions[after-quiet]: never reaches a result") for p in found)


def test_too_many_questions() -> None:
    found = problems(broken("max_questions = 6", "max_questions = 3"))
    assert any("a path asks 5 questions; the limit (max_questions) is 3" in p for p in found)


def test_unreachable_sign_and_unused_intervention() -> None:
    text = broken('signs = ["clinician-reaction"]', 'signs = ["withdrawal"]')
    found = problems(text)
    assert any(p.startswith("signs.clinician-reaction: no reachable question offers this sign") for p in found)
    found = problems(broken('add = ["reach-out"]', 'add = ["invite-feedback"]'))
    assert "interventions.reach-out: no rule ever recommends this intervention" in found


def test_risk_must_come_first() -> None:
    found = problems(broken('start = "risk"', 'start = "phase"'))
    assert any("first question must ask about risk" in p for p in found)


def test_link_must_end_with_its_anchor() -> None:
    found = problems(broken('url = "managing/secondary/#wonder-aloud"', 'url = "managing/secondary/#wonder"'))
    assert any(p.startswith("interventions.wonder-aloud.url: expected the link to end with the anchor") for p in found)


def test_missing_field_and_unknown_key() -> None:
    text = broken('title = "Wonder aloud"\n', 'titel = "Wonder aloud"\n')
    found = problems(text)
    assert "interventions.wonder-aloud: missing 'title'" in found
    assert any(re.match(r"interventions\.wonder-aloud: unknown key 'titel'", p) for p in found)


def test_too_few_phrasings() -> None:
    found = problems(
        broken('  { text = "You are welcome back.", channel = "letter", risk = "any", presupposes = [] },\n', "")
    )
    assert "interventions.reach-out.phrasings: give at least two sample phrasings" in found


def test_a_phrasing_says_what_it_presupposes() -> None:
    found = problems(
        broken(
            '{ text = "Checking in.", channel = "message", risk = "any", presupposes = [] }',
            '{ text = "Checking in.", channel = "message", risk = "any" }',
        )
    )
    assert (
        "interventions.reach-out.phrasings[0]: say which signs this phrasing presupposes (presupposes = [] if none)"
        in found
    )
    found = problems(broken('presupposes = ["withdrawal"]', 'presupposes = ["withdrawl"]'))
    assert any(
        p.startswith("interventions.wonder-aloud.phrasings[1].presupposes: unknown sign 'withdrawl'") for p in found
    )
    found = problems(broken('presupposes = ["withdrawal"]', 'presupposes = ["withdrawal"], contacts = ["away"]'))
    assert any(p.startswith("interventions.wonder-aloud.phrasings[1].contacts: unknown contact 'away'") for p in found)


def test_every_intervention_keeps_a_neutral_phrasing() -> None:
    found = problems(
        broken(
            '{ text = "I wonder.", channel = "in-session", presupposes = [] }',
            '{ text = "I wonder.", channel = "in-session", presupposes = ["withdrawal"] }',
        )
    )
    assert (
        "interventions.wonder-aloud.phrasings: give at least one phrasing that presupposes nothing (presupposes = [])"
        in found
    )


def test_exclusive_signs_must_be_known_and_asked_together() -> None:
    found = problems(broken('signs = ["wants-to-end", "dropout"]', 'signs = ["wants-to-end", "drop-out"]'))
    assert any(p.startswith("exclusive[ending].signs: unknown sign 'drop-out'") for p in found)
    text = broken('signs = ["withdrawal", "wants-to-end", "dropout"]', 'signs = ["withdrawal", "wants-to-end"]')
    text = text.replace('signs = ["clinician-reaction"]', 'signs = ["clinician-reaction", "dropout"]')
    found = problems(text)
    assert "exclusive[ending]: its signs are offered by several questions: in-session, own-reaction" in found


def test_every_problem_is_reported_at_once() -> None:
    text = broken('add = ["reach-out"]', 'add = ["nope"]')
    text = text.replace(
        'level = "tertiary"\nurl = "recognising/#dropout"', 'level = "quaternary"\nurl = "recognising/#dropout"'
    )
    found = problems(text)
    assert len(found) >= 2


def test_ids_must_be_link_safe() -> None:
    found = problems(broken("[signs.withdrawal]", "[signs.Withdrawal_x]"))
    assert any(p.startswith("signs.Withdrawal_x: 'Withdrawal_x' is not a valid ID") for p in found)
    found = problems(broken('id = "own-reaction"\nkind', 'id = "own reaction"\nkind'))
    assert any("'own reaction' is not a valid ID" in p for p in found)


# --- Spec v3: channels, risk scopes, "don't say" lines, contacts (rules 14 and 15) --------------------------


def test_a_phrasing_says_its_channel() -> None:
    found = problems(
        broken(
            '{ text = "I wonder.", channel = "in-session", presupposes = [] }',
            '{ text = "I wonder.", presupposes = [] }',
        )
    )
    assert any(
        p.startswith("interventions.wonder-aloud.phrasings[0]: say its channel: channel = one of in-session, call")
        for p in found
    )


def test_every_text_of_a_risk_scoped_step_says_its_risk() -> None:
    found = problems(
        broken(
            '{ text = "Checking in.", channel = "message", risk = "any", presupposes = [] }',
            '{ text = "Checking in.", channel = "message", presupposes = [] }',
        )
    )
    assert (
        "interventions.reach-out.phrasings[0]: say which risk this text is for "
        '(risk = "yes", "no" or "any"): the step is risk_scoped'
    ) in found
    found = problems(broken('pitfalls = [{ text = "Waiting.", risk = "any" }]', 'pitfalls = ["Waiting."]'))
    assert any(p.startswith("interventions.reach-out.pitfalls[0]: say which risk this text is for") for p in found)


def test_a_text_about_ending_says_its_risk_wherever_it_stands() -> None:
    found = problems(
        broken(
            '{ text = "I wonder about last week.", channel',
            '{ text = "It is your decision, and I will respect it.", channel',
        )
    )
    assert (
        "interventions.wonder-aloud.phrasings[1]: this text is about ending, contact or referral: "
        "say which risk it is for (risk = ...)"
    ) in found


def test_a_step_keeps_a_neutral_phrasing_for_every_contact_it_can_be_shown_in() -> None:
    # Reach out is shown out of contact: without a written line that fits any situation, nothing is left to send.
    text = broken(
        '{ text = "Checking in.", channel = "message", risk = "any", presupposes = [] }',
        '{ text = "Checking in.", channel = "message", risk = "any", presupposes = ["withdrawal"] }',
    ).replace(
        '"You are welcome back.", channel = "letter", risk = "any"',
        '"You are welcome back.", channel = "letter", risk = "yes"',
    )
    found = problems(text)
    assert (
        "interventions.reach-out.phrasings: no phrasing that presupposes nothing fits the contact 'out-of-contact' "
        "without a risk (channels shown there: message, voicemail, letter, colleague)"
    ) in found
    # A step for the room waits for the patient's return, so it needs no written line.
    assert parse_tree(TREE).interventions["wonder-aloud"].on_return_only


def test_a_text_for_each_risk() -> None:
    found = problems(broken('  { text = "Reach out today.", risk = "yes" },\n', ""))
    assert (
        "interventions.reach-out.how: give a text for every situation with a risk (one with no 'presupposes')"
    ) in found


def test_every_intervention_has_a_dont_say_line() -> None:
    found = problems(broken('avoid = [{ text = "You are resisting.", why = "It accuses." }]\n', ""))
    expected = "interventions.wonder-aloud: missing 'avoid': at least one \"don't say\" line"
    assert f'{expected}, as {{ text = "...", why = "..." }}' in found


def test_a_note_says_the_risk_and_the_contact_it_is_for() -> None:
    found = problems(
        broken(
            'when = { followup = { after-quiet = "yes" }, risk = "any", contact = "any" }',
            'when = { followup = { after-quiet = "yes" } }',
        )
    )
    assert 'rules[reaction-note].when: a rule with a note must say its risk (risk = "any" for all)' in found
    assert 'rules[reaction-note].when: a rule with a note must say its contact (contact = "any" for all)' in found


def test_unknown_contact_and_follow_up_answer_are_named() -> None:
    found = problems(broken('contact = "out-of-contact"', 'contact = "gone"'))
    assert any(p.startswith("contacts[0].contact: unknown contact 'gone'") for p in found)
    found = problems(
        broken(
            '{ text = "I wonder about last week.", channel = "in-session", presupposes = ["withdrawal"] }',
            '{ text = "I wonder about last week.", channel = "in-session", presupposes = ["withdrawal"], '
            'followup = { after-quiet = "maybe" } }',
        )
    )
    assert any(
        p.startswith("interventions.wonder-aloud.phrasings[1].followup.after-quiet: unknown answer to 'after-quiet'")
        for p in found
    )


def test_every_intervention_says_what_it_rests_on() -> None:
    assert all(i.evidence for i in load_tree().interventions.values())
    wonder = '[interventions.wonder-aloud]\nevidence = [{ basis = "source" }]'
    found = problems(broken(wonder, wonder.replace('"source"', '"research"')))
    assert "interventions.wonder-aloud.evidence[0]: missing 'cite'" in found
    assert "interventions.wonder-aloud.evidence[0]: missing 'ref'" in found
    found = problems(broken(wonder, wonder.replace('"source"', '"hunch"')))
    assert any(p.startswith("interventions.wonder-aloud.evidence[0].basis: unknown basis 'hunch'") for p in found)


def test_a_phrasing_on_a_channel_never_shown_where_its_step_can_be_is_refused() -> None:
    # Reach out comes only with dropout, which puts the patient out of contact: a line for a call is never shown.
    found = problems(
        broken(
            '{ text = "You are welcome back.", channel = "letter"', '{ text = "You are welcome back.", channel = "call"'
        )
    )
    assert (
        "interventions.reach-out.phrasings[1]: its channel 'call' is never shown where this step can be "
        "(contacts: out-of-contact)"
    ) in found
