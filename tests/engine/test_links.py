"""Shareable links: the fragment format of the spec, forgiving parsing, canonical output."""

from __future__ import annotations

import pytest

from decision_tree import api
from decision_tree.fragment import MAX_NAMED, parse
from decision_tree.model import Tree


def test_spec_example_opens_the_result(tree: Tree) -> None:
    view = api.view(tree, "#risk=no&phase=ongoing&signs=missed-session,easy-explanation")
    assert view["state"] == "result"
    assert view["ignored"] == []
    assert view["result"]["level"] == "secondary"
    assert view["fragment"] == "risk=no&phase=ongoing&signs=easy-explanation,missed-session"


def test_result_fragment_round_trips(tree: Tree) -> None:
    first = api.view(tree, "risk=yes&phase=start&signs=dropout,withdrawal&still-attending=no")
    again = api.view(tree, first["fragment"])
    assert again["result"] == first["result"]
    assert again["fragment"] == first["fragment"]


def test_each_step_updates_the_fragment_and_back_undoes_it(tree: Tree) -> None:
    view = api.view(tree, "")
    trail = [view["fragment"]]
    for question, values in [("risk", ["no"]), ("phase", ["early"]), ("in-session", ["withdrawal", "regression"])]:
        view = api.answer(tree, view["fragment"], question, values)
        trail.append(view["fragment"])
    assert trail == [
        "",
        "risk=no",
        "risk=no&phase=early",
        "risk=no&phase=early&in-session=withdrawal,regression",
    ]
    assert view["back"] is not None
    assert api.view(tree, view["back"])["question"]["id"] == "in-session"


@pytest.mark.parametrize(
    ("fragment", "named"),
    [
        ("risk=no&colour=blue", "unknown key “colour”"),
        ("risk=no&risk=yes", "repeated “risk”"),
        ("risk=maybe", "“maybe”, which is not an answer to “risk”"),
        ("signs=withdrawal,crying", "“crying”, which is not a choice for “signs”"),
        ("justtext", "“justtext” (expected key=value)"),
        ("risk=no&phase=%E2%9C%93", "“✓”"),
    ],
)
def test_unknown_or_malformed_parts_are_named_and_the_rest_kept(tree: Tree, fragment: str, named: str) -> None:
    view = api.view(tree, fragment)
    assert view["state"] in {"question", "result"}
    assert any(named in item for item in view["ignored"]), view["ignored"]


def test_valid_parts_survive_next_to_bad_ones(tree: Tree) -> None:
    view = api.view(tree, "risk=no&bogus=1&phase=ongoing&signs=withdrawal,zzz")
    assert view["state"] == "result"
    assert view["result"]["signs"] == ["withdrawal"]
    assert len(view["ignored"]) == 2


def test_long_lists_of_ignored_parts_are_counted(tree: Tree) -> None:
    parsed = parse(tree, "&".join(f"k{i}=v" for i in range(20)))
    assert len(parsed.ignored) == MAX_NAMED + 1
    assert parsed.ignored[-1] == "15 more"


def test_huge_fragments_are_cut(tree: Tree) -> None:
    view = api.view(tree, "risk=no&" + "x" * 100_000)
    assert any("too long" in item for item in view["ignored"])
    assert all(len(item) < 200 for item in view["ignored"])


def test_percent_encoding_is_decoded(tree: Tree) -> None:
    view = api.view(tree, "risk=no&phase=ongoing&signs=missed%2Dsession%2Cdropout")
    assert view["state"] == "result"
    assert view["result"]["signs"] == ["missed-session", "dropout"]


def test_signs_none_is_a_complete_state(tree: Tree) -> None:
    view = api.view(tree, "risk=no&phase=start&signs=none")
    assert view["state"] == "result"
    assert view["result"]["level"] == "primary"
    assert view["fragment"] == "risk=no&phase=start&signs=none"


def test_own_percent_decoding_matches_the_standard_library() -> None:
    from urllib.parse import unquote as standard

    from decision_tree.fragment import unquote

    samples = [
        "",
        "plain",
        "%41%42",
        "%e2%9c%93",
        "%E2%9C",
        "%zz%4",
        "%",
        "a%2",
        "%%41",
        "caf\u00e9%20x",
        "%F0%9F%98%80",
    ]
    for sample in samples:
        assert unquote(sample) == standard(sample), sample
