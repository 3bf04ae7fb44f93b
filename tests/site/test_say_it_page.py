"""Say it's page in the built site (issue 22, points 2 and 3): every statement in the index and as a
card, to the page contract, in the file's order; every reference and criterion link reaches its
anchor; the level table is the data's; in the navigation, and linked from practice mode and the
trainers' page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from sitegen.paths import SAY_IT_PATH
from sitegen.say_it import LEVELS, SayIt, load_say_it
from sitegen.say_it_page import offered

from decision_tree.model import Tree

PAGE = "guide/practice/say-it/index.html"


@pytest.fixture(scope="module")
def data(tree: Tree) -> SayIt:
    return load_say_it(SAY_IT_PATH, tree)


@pytest.fixture(scope="module")
def element(site: Path) -> str:
    page = (site / PAGE).read_text(encoding="utf-8")
    start = page.index('<div id="say-it"')
    return page[start : page.index('<ol class="say-it-cards">', start) + 400_000]


def cards(element: str) -> dict[str, str]:
    """Each card's HTML, by its statement's id."""
    found = re.findall(r'<li class="say-it-card" id="statement-([a-z0-9-]+)"(.*?)</form></li>', element, re.S)
    return dict(found)


def test_the_container_keeps_the_contract(element: str, data: SayIt) -> None:
    first = data.by_level("beginner")[0].id
    assert re.match(rf'<div id="say-it" class="say-it" data-state="statement" data-statement="{first}"', element)
    assert 'role="status"' in element[: element.index("say-it-index")]
    table = re.search(r'data-next-level="([^"]*)"', element)
    assert table and json.loads(html.unescape(table[1])) == data.next_level


def test_the_index_lists_every_statement_in_order_with_its_level(element: str, data: SayIt) -> None:
    index = element[element.index('<details class="say-it-index">') : element.index("</nav>")]
    entries = re.findall(r'<li data-statement="([a-z0-9-]+)" data-difficulty="([a-z]+)"><a href="#([^"]+)">', index)
    expected = [(s.id, s.level) for level in LEVELS for s in data.by_level(level)]
    assert [(i, d) for i, d, _ in entries] == expected
    assert all(anchor == f"statement-{i}" for i, _, anchor in entries)
    assert len(entries) >= 36 and {d for _, d, _ in entries} == set(LEVELS)
    starts = [int(n) for n in re.findall(r'<ol start="(\d+)">', index)]
    sizes = [len(data.by_level(level)) for level in LEVELS]
    assert starts == [1, 1 + sizes[0], 1 + sizes[0] + sizes[1]], "numbered on from level to level"


def test_every_card_holds_its_answer_box_criteria_models_and_rating(element: str, data: SayIt) -> None:
    found = cards(element)
    assert list(found) == [s.id for s in offered(data)]
    for number, s in enumerate(offered(data), start=1):
        assert f"Statement {number}</p>" in found[s.id], f"{s.id}: numbered as in the index"
        card = found[s.id]
        assert card.count("<textarea") == 1 and card.count('data-action="reveal"') == 1, s.id
        assert re.findall(r'name="criterion" value="([a-z-]+)"', card) == list(s.criteria), s.id
        assert card.count('class="model-response"') == len(s.models), s.id
        assert re.findall(r'name="difficulty" value="([a-z-]+)"', card) == ["too-easy", "about-right", "too-hard"]
        assert html.escape(s.dont_say) in card and "<details" in card, s.id
        # Without JavaScript the answer key is folded under its statement, models and all.
        key = card[card.index("<details") :]
        assert all(html.escape(model) in key for model in s.models), s.id
        assert " id=" not in card, f"{s.id}: an element inside a card would be a public anchor"


def test_every_reference_and_criterion_link_reaches_its_anchor(site: Path, data: SayIt, element: str) -> None:
    addresses = {s.reference for s in data.statements} | {c.link for c in data.criteria.values()}
    for address in sorted(addresses):
        page, _, anchor = address.partition("#")
        built = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in built, f"{address}: no anchor"
    for s in data.statements:
        assert f'href="../../../{s.reference}"' in cards(element)[s.id], s.id


def test_say_it_is_in_the_navigation_and_linked_from_practice_and_trainers(site: Path) -> None:
    guide = (site / "guide/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="practice/say-it/"[^>]*>\s*(<[^>]+>\s*)*Say it', guide), "nav entry"
    practice = (site / "guide/practice/index.html").read_text(encoding="utf-8")
    article = practice[practice.index('<article class="md-content__inner') :]
    assert 'href="say-it/"' in article[: article.index("</article>")]
    teaching = (site / "teaching/index.html").read_text(encoding="utf-8")
    section = teaching[teaching.index('id="say-it"') :]
    assert 'href="../guide/practice/say-it/"' in section[:2000]
    assert "#statement=" in section[:2000], "the trainers' page shows the form of a statement's link"


def test_the_pair_sheet_lists_every_statement_for_the_patient(element: str, data: SayIt) -> None:
    sheet = element[element.index('<section class="say-it-sheet">') : element.index("</section>")]
    assert [html.unescape(t) for t in re.findall(r"</span> “([^”]*)”</li>", sheet)] == [s.says for s in offered(data)]
