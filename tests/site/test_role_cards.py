"""Role-play that works in a room (issue 22, point 5), in the built site: every role-play has three
role cards, the clinician's and the observer's never hold what only the patient may know, each
observer's card links rows of the observer checklist that exist, and the checklist has a row for
every move the role-plays practise.

Trainers hand these cards to three people; the test reads the built HTML of one
`mkdocs build --strict` (the ``site`` fixture), as the browser and the printer get it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support.pages import content
from tools.harness import ROOT
from tools.stable_links import Element

CARDS = "role-cards/"
CHECKLIST = "observer-checklist/"
TEACHING = "teaching/"
ROLES = ("role-card--patient", "role-card--clinician", "role-card--observer")

#: The rows the checklist gained for the moves the role-plays practise (issue 22.5); their wording and
#: sections are tested with the rest of the checklist in tests/site/test_trainers.py.
MOVES = [
    "check-safety-first",
    "check-raise-change",
    "check-therapy-part",
    "check-wonder-aloud",
    "check-return-feeling",
    "check-invite-feedback",
    "check-reach-out",
]


def words(element: Element) -> str:
    return " ".join(element.text().replace("’", "'").split())


def role_plays(main: Element) -> dict[str, list[Element]]:
    """Each role-play's section id on the cards page, with the role cards under its heading."""
    plays: dict[str, list[Element]] = {}
    current = None
    for each in main.iter():
        if each.tag == "h2":
            current = each.id
            plays[current] = []
        elif "role-card" in each.classes:
            assert current is not None, "a role card comes before any role-play's heading"
            plays[current].append(each)
    return {play: cards for play, cards in plays.items() if play.startswith("cards-")}


def card(cards: list[Element], role: str) -> Element:
    found = [each for each in cards if role in each.classes]
    assert len(found) == 1, f"{len(found)} cards of class {role}"
    return found[0]


def hidden_sentences(patient: Element) -> list[str]:
    """The sentences of the patient's hidden layer, without its label."""
    layer = patient.find(cls="role-card__hidden")
    assert layer is not None, "the patient's card has no hidden layer"
    text = words(layer).removeprefix("What the clinician does not know.").strip()
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]
    assert sentences, "the hidden layer is empty"
    return sentences


def target(page: str, href: str) -> tuple[str, str]:
    parts = urlsplit(urljoin("https://site.invalid/" + page, href))
    return parts.path.lstrip("/"), unquote(parts.fragment)


@pytest.fixture(scope="module")
def plays(site: Path) -> dict[str, list[Element]]:
    found = role_plays(content(site, CARDS))
    assert len(found) >= 10, f"{len(found)} role-plays on the cards page"
    return found


def test_every_role_play_has_three_cards_one_for_each_role(plays: dict[str, list[Element]]) -> None:
    for play, cards in plays.items():
        assert len(cards) == 3, f"#{play}: {len(cards)} role cards"
        for role in ROLES:
            assert card(cards, role).id == f"{play}-{role.removeprefix('role-card--')}", f"#{play}: {role} id"


def test_only_the_patients_card_holds_the_hidden_layer_and_it_is_folded(plays: dict[str, list[Element]]) -> None:
    for play, cards in plays.items():
        patient = card(cards, "role-card--patient")
        # On screen the layer is behind a disclosure labelled for the one playing the patient.
        assert patient.tag == "details" and "open" not in patient.attrs, f"#{play}: the patient's card is not folded"
        summary = patient.find("summary")
        assert summary is not None and "for the person playing the patient" in words(summary), play
        for role in ("role-card--clinician", "role-card--observer"):
            assert card(cards, role).find(cls="role-card__hidden") is None, f"#{play}: a hidden layer on the {role}"
            other = words(card(cards, role))
            for sentence in hidden_sentences(patient):
                assert sentence not in other, f"#{play}: the {role} card holds the hidden layer: {sentence!r}"


def test_the_trainers_page_keeps_the_hidden_layer_to_the_cards(site: Path, plays: dict[str, list[Element]]) -> None:
    """Trainees read the trainers' page too: the role-plays there give the situation, not what is hidden."""
    teaching = words(content(site, TEACHING))
    for play, cards in plays.items():
        for sentence in hidden_sentences(card(cards, "role-card--patient")):
            assert sentence not in teaching, f"teaching/ prints #{play}'s hidden layer: {sentence!r}"


def test_every_role_play_on_the_trainers_page_links_its_cards(site: Path, plays: dict[str, list[Element]]) -> None:
    main = content(site, TEACHING)
    headings = [h for h in main.find_all("h3") if h.id.startswith("role-play-") and h.id != "role-play-format"]
    linked = {target(TEACHING, a.attrs.get("href", "")) for a in main.find_all("a")}
    assert len(headings) == len(plays), f"{len(headings)} role-plays on the trainers' page, {len(plays)} with cards"
    for heading in headings:
        play = "cards-" + heading.id.removeprefix("role-play-")
        assert play in plays, f"teaching/#{heading.id} has no cards at {CARDS}#{play}"
        assert (CARDS, play) in linked, f"the trainers' page does not link {CARDS}#{play}"


def test_every_observer_card_links_checklist_rows_that_exist(site: Path, plays: dict[str, list[Element]]) -> None:
    checklist = content(site, CHECKLIST)
    for play, cards in plays.items():
        rows = [
            fragment
            for page, fragment in (target(CARDS, a.attrs.get("href", "")) for a in card(cards, ROLES[2]).find_all("a"))
            if page == CHECKLIST and fragment.startswith("check-")
        ]
        assert rows, f"#{play}: the observer's card links no checklist row"
        for fragment in rows:
            row = checklist.by_id(fragment)
            assert row is not None, f"#{play}: no row #{fragment} on the checklist"
            assert any(a.tag == "tr" for a in row.ancestors()), f"#{play}: #{fragment} is not a checklist row"


@pytest.mark.parametrize("anchor", MOVES)
def test_each_new_checklist_row_is_a_stable_row_that_an_observer_card_links(
    site: Path, plays: dict[str, list[Element]], anchor: str
) -> None:
    found = content(site, CHECKLIST).by_id(anchor)
    assert found is not None, f"the checklist has no #{anchor}"
    assert any(a.tag == "tr" for a in found.ancestors()), f"#{anchor} is not in a table row"
    listed = (ROOT / "tests/site/stable-links.txt").read_text(encoding="utf-8").split()
    assert f"{CHECKLIST}#{anchor}" in listed, f"#{anchor} is not in tests/site/stable-links.txt"
    linking = [
        play
        for play, cards in plays.items()
        if (CHECKLIST, anchor) in {target(CARDS, a.attrs.get("href", "")) for a in card(cards, ROLES[2]).find_all("a")}
    ]
    assert linking, f"no observer's card links #{anchor}: the row is for a move no role-play practises"
