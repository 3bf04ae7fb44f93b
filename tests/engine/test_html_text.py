"""The one escape function (decision_tree.html_text), shared by the guide's and practice's HTML,
against the standard library's ``html.escape``."""

from __future__ import annotations

import html

import pytest

from decision_tree import html_text, render, render_practice

SAMPLES = ["plain", "<b>&amp;</b>", 'say "no"', "I'm sorry you feel that way.", "a & b < c > d ' \" '", "", 42]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_matches_html_escape_apostrophe_included(text: object) -> None:
    assert html_text.escape(text) == html.escape(str(text), quote=True)


def test_the_guide_and_practice_share_one_escape_function() -> None:
    assert render._e is html_text.escape
    assert render_practice.escape is html_text.escape
