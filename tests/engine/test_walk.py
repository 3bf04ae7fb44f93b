"""The questions: risk first, then phase, then signs in groups, then only the relevant follow-ups."""

from __future__ import annotations

from decision_tree import walk
from decision_tree.checks import longest_path
from decision_tree.engine import at_most
from decision_tree.model import Tree


def test_risk_first_then_phase(tree: Tree) -> None:
    assert walk(tree, {}).pending.id == "risk"
    assert walk(tree, {"risk": ("no",)}).pending.id == "phase"


def test_risk_is_asked_first_even_when_other_answers_are_given(tree: Tree) -> None:
    assert walk(tree, {"phase": ("ongoing",), "signs": ("dropout",)}).pending.id == "risk"


def test_no_path_asks_more_than_ten(tree: Tree) -> None:
    """Ten counts every follow-up question (v3 adds two); a walk asks one only when its sign was reported."""
    assert tree.max_questions == 10
    assert longest_path(tree) <= 10


def test_every_sign_is_offered_once(tree: Tree) -> None:
    offered = [a.value for q in tree.questions.values() if q.sets == "signs" for a in q.answers]
    assert sorted(offered) == sorted(tree.signs)


def test_sign_questions_are_multiple_choice(tree: Tree) -> None:
    for question in tree.questions.values():
        assert (question.kind == "multi") == (question.sets == "signs")


def test_follow_up_only_when_relevant(tree: Tree) -> None:
    base = {"risk": ("no",), "phase": ("ongoing",), "in-session": (), "about-us": (), "own-reaction": ()}
    with_missed = walk(tree, {**base, "attendance": ("missed-session",)})
    assert with_missed.pending is not None and with_missed.pending.id == "after-difficult"
    without = walk(tree, {**base, "attendance": ()})
    assert without.complete
    assert len(without.asked) == 6


def test_the_signs_key_gives_a_result_without_waiting_for_follow_ups(tree: Tree) -> None:
    result = walk(tree, {"risk": ("no",), "phase": ("ongoing",), "signs": ("missed-session", "explicit-blame")})
    assert result.complete
    assert result.state().signs == {"missed-session", "explicit-blame"}


def test_progress_hint_counts_only_what_may_still_apply(tree: Tree) -> None:
    start = walk(tree, {})
    assert at_most(tree, start) == 10
    base = {"risk": ("no",), "phase": ("ongoing",), "in-session": (), "attendance": (), "about-us": ()}
    last = walk(tree, base)
    assert last.pending is not None and last.pending.id == "own-reaction"
    assert at_most(tree, last) == 6  # no follow-up can apply any more
    blamed = walk(tree, {**base, "about-us": ("explicit-blame",)})
    assert at_most(tree, blamed) == 8  # who told you how, and whether they still come


def test_multi_choice_none_means_no_sign(tree: Tree) -> None:
    answers = {"risk": ("no",), "phase": ("start",), "in-session": ("none",)}
    assert walk(tree, answers).signs == frozenset()
