"""Say it (issue 22, point 2): the statements' data covers every sign and every level, puts
safety first where there is a risk, fits each answer to the contact, and the loader names the
entry of any mistake."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sitegen.paths import SAY_IT_PATH
from sitegen.say_it import LEVELS, SAFETY, SayIt, SayItError, load_say_it, parse_say_it

from decision_tree.model import Tree

#: Words that accept or arrange an ending (clinical review, M1): never in an answer to a patient at risk.
ACCEPTS_ENDING = re.compile(
    r"your (decision|choice)|respect (it|that|your)|end well|last session|referral|free to stop|when it suits you|"
    r"whenever you (feel )?ready|take care of yourself|close your file",
    re.I,
)
#: A direct question about harm, or the safety plan.
ASKS_ABOUT_SAFETY = re.compile(r"ending your life|killing yourself|harming yourself|hurting yourself|safety plan", re.I)
#: Words that only make sense face to face: not in a written reply.
IN_THE_ROOM_ONLY = re.compile(r"\b(in here|just now|just then|a moment ago|sitting here|into the room)\b", re.I)


@pytest.fixture(scope="module")
def data(tree: Tree) -> SayIt:
    return load_say_it(SAY_IT_PATH, tree)


def test_at_least_36_statements_with_12_at_each_level(data: SayIt) -> None:
    assert len(data.statements) >= 36
    counts = Counter(s.level for s in data.statements)
    assert all(counts[level] >= 12 for level in LEVELS), counts


def test_every_sign_of_the_tree_is_practised(data: SayIt, tree: Tree) -> None:
    practised = {sign for statement in data.statements for sign in statement.signs}
    assert set(tree.signs) - practised == set(), "signs with no statement"


def test_every_statement_is_complete(data: SayIt) -> None:
    for s in data.statements:
        assert 3 <= len(s.criteria) <= 6 and 2 <= len(s.models) <= 3, s.id
        assert s.context and s.says and s.dont_say and s.why, s.id
        assert len(s.context) <= 160, f"{s.id}: the context is one line"


def test_a_statement_with_a_risk_puts_safety_first(data: SayIt) -> None:
    risky = [s for s in data.statements if s.risk]
    assert len(risky) >= 3, "the risk cases are practised too"
    for s in risky:
        assert SAFETY in s.criteria, s.id
        for model in s.models:
            assert ASKS_ABOUT_SAFETY.search(model), f"{s.id}: a model answer without a safety question: {model}"
            assert not ACCEPTS_ENDING.search(model), f"{s.id}: a model answer accepts an ending: {model}"


def test_safety_first_is_kept_for_a_risk_and_a_hint_of_one_gets_a_check(data: SayIt) -> None:
    for s in data.statements:
        assert (SAFETY in s.criteria) == s.risk, f"{s.id}: 'safety' is the criterion of a statement with a risk"
        if "risk-check" in s.criteria:
            assert all(re.search(r"\bsafe\b|unsafe|harm|not wanting to be here", m) for m in s.models), s.id


def test_a_message_gets_a_written_reply(data: SayIt) -> None:
    written = [s for s in data.statements if s.contact == "message"]
    assert len(written) >= 3
    for s in written:
        for model in s.models:
            assert not IN_THE_ROOM_ONLY.search(model), f"{s.id}: words for the room in a written reply: {model}"
        assert "message" in s.context or "email" in s.context or "text" in s.context, s.id


def test_the_level_table_moves_up_stays_and_moves_down(data: SayIt) -> None:
    up = {"beginner": "intermediate", "intermediate": "advanced", "advanced": "advanced"}
    down = {"beginner": "beginner", "intermediate": "beginner", "advanced": "intermediate"}
    for level in LEVELS:
        assert data.next_level[level] == {"too-easy": up[level], "about-right": level, "too-hard": down[level]}


def test_every_criterion_is_drawn_from_the_observer_checklist(data: SayIt) -> None:
    for criterion in data.criteria.values():
        assert criterion.link.startswith("observer-checklist/#"), criterion.key


GOOD = SAY_IT_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('"late-arrival", "easy-explanation"', '"late-arrival", "easy-explain"'),
         r"statement\[late-again\]: sign 'easy-explain' is not a sign of the tree"),
        (('criteria = ["safety", "empathy", "not-defending"]\nmodels = [\n    "I\'ve read',
          'criteria = ["empathy", "not-defending", "metacommunication"]\nmodels = [\n    "I\'ve read'),
         r"statement\[done-with-all-of-it\]: a statement with a risk of harm needs the criterion 'safety'"),
        (('id = "forgot-last-week"', 'id = "late-again"'), r"statement ids used twice: late-again"),
        (('level = "beginner"\nphase = "early"', 'level = "expert"\nphase = "early"'),
         r"statement\[late-again\]: level 'expert' is not one of"),
        (('reference = "managing/secondary/#investigate-changes"', 'reference = "somewhere"'),
         r"statement\[late-again\]: reference 'somewhere' must be a site address"),
        (('too-hard = "intermediate"', 'too-hard = "novice"'), r"\[next_level.advanced\] too-hard = 'novice'"),
    ],
)  # fmt: skip
def test_the_loader_names_the_entry_and_the_problem(tree: Tree, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(SayItError, match=message):
        parse_say_it(GOOD.replace(old, new, 1), tree)
