"""The guide's HTML for spec v3's contexts: channels labelled, blanks marked and listed, the message for a
patient at risk at a glance, "don't say" lines never copyable, and notes on the whole result first."""

from __future__ import annotations

import re

from decision_tree import api, render
from decision_tree.model import CHANNEL_LABELS, Tree


def result_html(tree: Tree, fragment: str) -> str:
    view = api.view(tree, fragment)
    assert view["state"] == "result", fragment
    return render.view_html(view, "../")


def glance(html: str) -> str:
    """What shows before any disclosure is opened: the HTML with every <details> body removed."""
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_every_phrasing_not_for_the_room_is_labelled(tree: Tree) -> None:
    html = result_html(tree, "risk=no&phase=ongoing&signs=dropout,clinician-lapse")
    items = re.findall(r'<li class="phrasing" data-channel="([a-z-]+)">(.*?)</li>', html, re.S)
    assert {channel for channel, _ in items} >= {"message", "voicemail", "letter", "colleague"}
    for channel, body in items:
        label = CHANNEL_LABELS.get(channel)
        assert (f'<span class="phrasing__channel">{label}: </span>' in body) == bool(label), (channel, body)
    assert set(CHANNEL_LABELS.values()) >= {"By message", "Voicemail", "Letter", "To a colleague"}


def test_the_message_for_a_patient_at_risk_is_at_a_glance_with_its_blanks_marked_and_listed(tree: Tree) -> None:
    html = result_html(tree, "risk=yes&phase=ongoing&signs=wants-to-end&told-by=message")
    shown = glance(html)
    assert "A message to send now" in shown and "A reply is not an assessment" in shown
    message = re.search(r'<div class="guide-safety-message">(.*?)</div>', shown, re.S)
    assert message is not None
    blanks = re.findall(r'<mark class="phrasing__blank">\[([^\]]+)\]</mark>', message.group(1))
    listed = re.findall(r"<li>([^<]+)</li>", message.group(1).split("Fill in before sending:")[1])
    assert blanks and listed == list(dict.fromkeys(blanks))
    assert 'data-action="copy"' in message.group(1)
    assert "guide-safety-message" not in glance(result_html(tree, "risk=no&phase=ongoing&signs=wants-to-end"))


def test_dont_say_lines_are_behind_the_disclosure_and_never_copyable(tree: Tree) -> None:
    html = result_html(tree, "risk=no&phase=ongoing&signs=explicit-blame")
    avoid = re.findall(r'<ul class="guide-avoid">(.*?)</ul>', html, re.S)
    assert avoid and all("copy" not in block for block in avoid)
    assert "guide-avoid" not in glance(html)
    assert render._e("I'm sorry you feel that way.") in html


def test_notes_on_the_whole_result_come_before_the_steps(tree: Tree) -> None:
    html = result_html(tree, "risk=no&phase=ongoing&signs=dropout")
    assert html.index("Check the risk history before you reply") < html.index('id="guide-what-to-do"')


def test_a_link_without_risk_asks_the_risk_question_first(tree: Tree) -> None:
    view = api.view(tree, "phase=ongoing&signs=wants-to-end")
    assert view["state"] == "question" and view["question"]["id"] == "risk"


def test_out_of_contact_a_step_for_the_room_says_it_waits(tree: Tree) -> None:
    html = result_html(tree, "risk=no&phase=ongoing&signs=dropout,missed-session")
    step = re.search(r'data-intervention="investigate-changes"[^>]*>(.*?)<details', html, re.S)
    assert step is not None and tree.on_return_note in step.group(1)
    assert 'data-channel="in-session"' not in html.split('id="guide-keep-doing"')[0]
