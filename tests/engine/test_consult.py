"""The page "Prepare for supervision" (issue 23, point 5), on the engine side: consult.toml is read and
checked (errors name the entry), the card and the note are chosen for the situation in Python, the
note holds no speculation, and the page's HTML is escaped. Runs under CPython and in Pyodide."""

from __future__ import annotations

import json
import re
from itertools import product

import pytest

from decision_tree import browser, consult
from decision_tree.errors import TreeError
from decision_tree.model import Tree
from decision_tree.views import ConsultView


@pytest.fixture(scope="module")
def texts() -> consult.Consult:
    return consult.load_consult()


def view(tree: Tree, texts: consult.Consult, link: str) -> ConsultView:
    return consult.consult_view(tree, texts, link)


def notes(tree: Tree, texts: consult.Consult, link: str) -> dict[str, list[str]]:
    return {note["id"]: note["lines"] for note in view(tree, texts, link)["notes"]}


def every_result(tree: Tree) -> list[str]:
    """A link for each sign alone and each pair that can go together, with both risks and every contact's follow-up."""
    signs = list(tree.signs)
    sets: list[list[str]] = (
        [[]] + [[s] for s in signs] + [[a, b] for a, b in product(signs, signs) if a < b and not tree.conflict({a, b})]
    )
    links = []
    for chosen, risk in product(sets, ("yes", "no")):
        base = f"risk={risk}&phase=ongoing&signs={','.join(chosen) or 'none'}"
        links += [base, base + "&told-by=message&still-attending=no", base + "&told-by=in-session&still-attending=yes"]
    return links


def test_every_result_has_a_card_with_the_five_blanks_and_a_note(tree: Tree, texts: consult.Consult) -> None:
    for link in every_result(tree):
        shown = view(tree, texts, link)
        assert shown["state"] == "card", link
        blanks = [b["id"] for b in shown["blanks"]]
        assert blanks[-5:] == ["said", "felt", "my-part", "unsure", "need"], link
        assert shown["notes"] and shown["notes"][-1]["id"] == "consultation", link
        assert len(shown["notes"]) >= 2, f"{link}: no note fits the situation itself"


def test_the_situation_comes_from_the_answers(tree: Tree, texts: consult.Consult) -> None:
    shown = view(tree, texts, "risk=yes&phase=ongoing&signs=wants-to-end&told-by=message")
    situation = shown["situation"]
    assert situation is not None
    assert situation["risk"] == "yes" and situation["level"] == "tertiary"
    assert situation["noted"] == ["the patient saying they want to end treatment"]
    assert [f["question"] for f in situation["followups"]] == ["told-by"]
    assert situation["steps"][0] == tree.interventions["safety-first"].title
    assert shown["risk_first"] and shown["blanks"][0]["id"] == "risk"
    assert not view(tree, texts, "risk=no&phase=ongoing&signs=missed-session&after-difficult=no")["risk_first"]


def test_a_wish_to_end_with_a_risk_puts_risk_first_and_hands_over(tree: Tree, texts: consult.Consult) -> None:
    lines = notes(tree, texts, "risk=yes&phase=ongoing&signs=wants-to-end&told-by=message")["wish-to-end"]
    assert lines[0].startswith("Risk:")
    assert any("Handover" in line for line in lines)
    assert any(line.startswith("[Date, time]: message") for line in lines)
    assert not any(line.startswith("Outcome") for line in lines)
    safe = notes(tree, texts, "risk=no&phase=ongoing&signs=wants-to-end&told-by=in-session")["wish-to-end"]
    assert not any("Risk" in line or "Handover" in line for line in safe)
    assert any(line.startswith("[Date], session [number]") for line in safe)


def test_dropout_logs_contacts_and_a_closing_letter_only_without_risk(tree: Tree, texts: consult.Consult) -> None:
    safe = notes(tree, texts, "risk=no&phase=ongoing&signs=dropout")["dropout-contacts"]
    assert any(line.startswith("Closing letter sent") for line in safe)
    assert sum(line.startswith("Contact ") for line in safe) == 2
    at_risk = notes(tree, texts, "risk=yes&phase=ongoing&signs=dropout")["dropout-contacts"]
    assert not any(line.startswith("Closing letter sent") for line in at_risk)
    assert at_risk[0].startswith("Risk:") and "Welfare check" in at_risk[0]
    assert "rupture-and-repair" not in notes(tree, texts, "risk=no&phase=ongoing&signs=dropout")


def test_an_online_review_note_never_guesses_who_wrote_it(tree: Tree, texts: consult.Consult) -> None:
    shown = view(tree, texts, "risk=no&phase=ongoing&signs=online-review&still-attending=yes")
    review = next(n for n in shown["notes"] if n["id"] == "online-review")
    assert "Did not respond publicly." in review["lines"]
    assert any(line.startswith("Consulted [") for line in review["lines"])
    assert not any(re.search(r"patient|wrote|author|client", line, re.I) for line in review["lines"])
    assert any("who wrote it" in line for line in review["leave_out"])
    with_risk = notes(tree, texts, "risk=yes&phase=ongoing&signs=online-review&still-attending=yes")["online-review"]
    assert with_risk[0].startswith("Concern for safety")


def test_a_lapse_of_your_own_is_recorded_plainly(tree: Tree, texts: consult.Consult) -> None:
    lines = notes(tree, texts, "risk=no&phase=ongoing&signs=clinician-lapse")["rupture-and-repair"]
    assert any(line.startswith("My part:") for line in lines)
    assert not any(
        line.startswith("My part:")
        for line in notes(tree, texts, "risk=no&phase=ongoing&signs=withdrawal")["rupture-and-repair"]
    )


#: Words that guess at what is in someone's mind, or label them, rather than say what was observed and done.
SPECULATION = re.compile(
    r"\b(probably|perhaps|maybe|likely|seems?|appears?|suspect\w*|presumably|must have|i think|i believe|"
    r"manipulat\w*|resistant|non-compliant|attention[- ]seeking|borderline|wrote the review)\b",
    re.IGNORECASE,
)


def test_no_note_speculates(tree: Tree, texts: consult.Consult) -> None:
    for link in every_result(tree):
        for note in view(tree, texts, link)["notes"]:
            for line in note["lines"]:
                assert not SPECULATION.search(line), f"{link}: {note['id']}: {line}"


def test_a_link_without_a_result_explains_itself(tree: Tree, texts: consult.Consult) -> None:
    assert view(tree, texts, "")["state"] == "no-answers"
    assert view(tree, texts, "nonsense=1")["state"] == "no-answers"
    unfinished = view(tree, texts, "risk=no")
    assert unfinished["state"] == "unfinished" and not unfinished["notes"]
    html = consult.consult_html(unfinished, "../../")
    assert 'href="../../guide/#risk=no"' in html and "consult-card" not in html
    assert 'href="../../guide/"' in consult.consult_html(view(tree, texts, ""), "../../")


def test_the_page_html_is_escaped_and_labelled(tree: Tree, texts: consult.Consult) -> None:
    shown = view(tree, texts, "risk=yes&phase=ongoing&signs=wants-to-end&told-by=message")
    shown["situation"]["noted"] = ["<script>alert(1)</script>"]
    html = consult.consult_html(shown, "../../")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('id="consult-card"') == 1 and html.count('id="note-template"') == 1
    for blank in shown["blanks"]:
        assert f'<label class="consult-blank__label" for="consult-{blank["id"]}">' in html
        assert f'<textarea id="consult-{blank["id"]}"' in html
    assert html.index("Safety first") < html.index('id="consult-card"')
    assert '<mark class="consult-blank-mark">[Date, time]</mark>' in html


def test_the_worker_bridge_answers_a_consult_request() -> None:
    request = {"type": "consult", "fragment": "risk=no&phase=ongoing&signs=dropout", "root": "../../"}
    reply = json.loads(browser.handle(json.dumps(request)))
    assert reply["state"] == "card" and 'id="note-template"' in reply["html"]
    assert "platform" in reply


#: An edit of consult.toml, and the problem the loader names for it.
INVALID = [
    ('signs_any = ["wants-to-end"]', 'signs_any = ["wants-to-stop"]',
     "notes[wish-to-end].when.signs_any: unknown sign 'wants-to-stop'"),
    ('when = { risk = "yes" } }', 'when = { risk = "maybe" } }',
     "notes[wish-to-end].lines[0].when.risk: unknown risk value 'maybe'"),
    ('id = "felt"', 'id = "said"', "card.blanks[said].id: duplicate ID 'said'"),
    ("lines = 3", "lines = 30", "card.blanks[said].lines: expected a whole number from 1 to 4"),
    ('followup = { told-by = "message" }', 'followup = { told = "message" }',
     "notes[wish-to-end].lines[1].when.followup: unknown follow-up question 'told'"),
    ('title = "An online review"', 'titel = "An online review"', "notes[online-review]: unknown key 'titel'"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "message"), INVALID)
def test_an_invalid_entry_is_named(tree: Tree, old: str, new: str, message: str) -> None:
    text = consult.consult_text()
    assert old in text
    with pytest.raises(TreeError) as raised:
        consult.parse_consult(text.replace(old, new, 1), tree)
    assert f"consult.toml: {message}" in str(raised.value)


def test_every_result_links_to_its_card_with_the_same_answers(tree: Tree) -> None:
    from decision_tree import api, render

    for link in every_result(tree)[::7]:
        shown = api.view(tree, link)
        html = render.view_html(shown, "../")
        assert f'<a class="md-button" href="../guide/consult/#{render._e(shown["fragment"])}">' in html, link
        assert ">Prepare for supervision</a>" in html
    question = render.view_html(api.view(tree, "risk=no"), "../")
    assert "guide/consult/" not in question
