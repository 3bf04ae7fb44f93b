"""Citable editions and the pocket card, in the built site.

- every page shows the edition (version and date) set once in mkdocs.yml (``extra.edition``);
- every content page ends with a "Cite this page" block: an APA reference to the page in
  this edition, at its canonical address (site_url + the page's address), with the copy
  button the reference pages already use;
- the changelog lists the editions, and the README says how one is cut;
- the pocket card holds every level, every sign and every step with its action and one
  phrasing that fits any situation, all from the tree.
"""

from __future__ import annotations

import datetime
import re
from html import escape
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load
from sitegen.pocket_card import lowest_levels, neutral_phrasing

from decision_tree.model import Intervention, Phrasing, Text, Tree
from tools.harness import ROOT
from tools.stable_links import Element, article, content_pages, load_html, page_file, page_path

SITE_NAME = "The rupture guide"


@pytest.fixture(scope="module")
def edition() -> dict[str, Any]:
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    found = config["extra"]["edition"]
    assert re.fullmatch(r"\d+\.\d+", found["version"]), found
    datetime.date.fromisoformat(found["date"])
    return dict(found)


def _site_url(site: Path) -> str:
    links = [e for e in load_html(site / "index.html").find_all("link") if e.attrs.get("rel") == "canonical"]
    assert links, "the home page has no canonical link"
    return links[0].attrs["href"]


def _apa_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}, {day:%B} {day.day}"


def _title(document: Element) -> str:
    title = document.find("title")
    assert title is not None
    return title.text().removesuffix(f" - {SITE_NAME}")


def test_every_page_shows_the_edition_from_the_configuration(site: Path, edition: dict[str, Any]) -> None:
    day = datetime.date.fromisoformat(edition["date"])
    words = f"{day.day} {day:%B} {day.year}"
    pages = content_pages(site)
    assert len(pages) >= 15
    for file in pages:
        main = article(load_html(file))
        assert main is not None, file
        lines = main.find_all("p", "page-edition")
        assert len(lines) == 1, f"{page_path(site, file)}: {len(lines)} edition lines"
        assert f"Edition {edition['version']} of {words}" in lines[0].text(), lines[0].text()
        times = lines[0].find_all("time")
        assert [t.attrs.get("datetime") for t in times] == [edition["date"]]


def test_every_content_page_ends_with_an_apa_reference_to_itself(site: Path, edition: dict[str, Any]) -> None:
    site_url = _site_url(site)
    date, version = _apa_date(edition["date"]), edition["version"]
    for file in content_pages(site):
        path = page_path(site, file)
        document = load_html(file)
        main = article(document)
        assert main is not None, path
        blocks = main.find_all("aside", "cite-this")
        assert len(blocks) == 1, f"{path}: {len(blocks)} cite blocks"
        block = blocks[0]
        last = [c for c in main.children if isinstance(c, Element)][-1]
        assert last is block, f"{path}: the cite block is not the last thing on the page"
        assert block.attrs.get("aria-label") == "Cite this page"
        assert block.text().startswith("Cite this page"), path
        address = site_url + ("" if path == "./" else path)
        canonical = [e.attrs["href"] for e in document.find_all("link") if e.attrs.get("rel") == "canonical"]
        assert canonical == [address], (path, canonical)
        text = block.find("p", "cite-this__text")
        assert text is not None, path
        work = f"<i>{SITE_NAME}</i>"
        if path == "./":
            expected = f"{work} (Edition {version}). ({date}). {address}"
        else:
            title = _title(document)
            stop = "" if title[-1] in "?!." else "."
            expected = f"{escape(title, quote=False)}{stop} ({date}). In {work} (Edition {version}). {address}"
        html = file.read_text(encoding="utf-8")
        assert f'<p class="cite-this__text phrasing__text">{expected}</p>' in html, path
        # The reference pages' copy button: guide.mjs copies the .phrasing__text of the button's .phrasing.
        button = block.find("button", "phrasing__copy")
        assert button is not None and button.attrs.get("aria-label") == "Copy the citation", path
        holder = next(a for a in button.ancestors() if "phrasing" in a.classes)
        assert holder.find(cls="phrasing__text") is text, path
        assert not any(a.id == "decision-guide" for a in button.ancestors()), path


def test_the_changelog_lists_the_editions(site: Path, edition: dict[str, Any]) -> None:
    main = article(load_html(page_file(site, "changelog/")))
    assert main is not None
    heading = main.by_id("editions")
    assert heading is not None and heading.tag == "h2"
    table = main.find("table")
    assert table is not None
    rows = [[cell.text() for cell in row.find_all("td")] for row in table.find_all("tr")[1:]]
    day = datetime.date.fromisoformat(edition["date"])
    assert rows[0][:2] == [edition["version"], f"{day.day} {day:%B} {day.year}"], "the current edition comes first"
    assert [row[0] for row in rows] == ["3.3", "3.2", "3.1", "3.0", "2.0", "1.0"]


def test_the_readme_says_how_an_edition_is_cut() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    publishing = readme[readme.index("## Publishing") :]
    for needed in ["extra.edition", "edition-X.Y", "changelog", "earlier editions"]:
        assert needed in publishing, needed


def test_the_pocket_card_holds_every_level_sign_and_step(site: Path, tree: Tree) -> None:
    main = article(load_html(page_file(site, "pocket-card/")))
    assert main is not None
    card = main.find("div", "pocket-card")
    assert card is not None
    text = card.text()
    for level in tree.levels.values():
        assert level.title in text and level.summary in text, level.id
    levels = card.find_all("div", "pocket-card__level")
    assert len(levels) == len(tree.levels)
    for box, level in zip(levels, tree.levels.values(), strict=True):
        for sign in tree.signs.values():
            assert (sign.short.lower() in box.text().lower()) == (sign.level == level.id), (level.id, sign.id)
    for intervention in tree.interventions.values():
        phrasing = neutral_phrasing(intervention).text
        assert not next(p for p in intervention.phrasings if p.text == phrasing).presupposes
        holder = card.find("div", "pocket-card__safety") if intervention.safety else None
        if holder is None:
            holder = next(
                (s for s in card.find_all("div", "pocket-card__step") if f"{intervention.title}:" in s.text()),
                None,
            )
        assert holder is not None, f"no step '{intervention.title}' on the pocket card"
        step = holder.text()
        action = intervention.action[:1].upper() + intervention.action[1:]
        assert f"{intervention.title}" in step and action in step, intervention.id
        assert phrasing in step, intervention.id
    assert "Risk always comes first" in card.find_all("div", "pocket-card__safety")[0].text()


def test_the_pocket_card_follows_the_three_levels(site: Path, tree: Tree) -> None:
    """Primary, then secondary, then tertiary steps, each level named once, at its first step (issue 24)."""
    main = article(load_html(page_file(site, "pocket-card/")))
    assert main is not None
    grid = main.find("div", "pocket-card__steps")  # the first grid: the steps for a situation
    assert grid is not None
    steps = grid.find_all("div", "pocket-card__step")
    labels = [p.text().strip() for p in grid.find_all("p", "pocket-card__group")]
    assert labels == [level.title for level in tree.levels.values()]
    order = list(tree.levels)
    lowest = lowest_levels(tree)
    shown = [next(i for i in tree.interventions.values() if f"{i.title}:" in s.text()) for s in steps]
    ranks = [lowest.get(i.id, len(order) - 1) for i in shown]
    assert ranks == sorted(ranks), [i.id for i in shown]
    assert shown[0].id == "anticipate-ruptures", "the card opens with prevention"
    assert ranks[[i.id for i in shown].index("reach-out")] == order.index("tertiary")


def test_a_step_without_a_phrasing_for_every_situation_is_refused() -> None:
    narrow = Intervention(
        id="x",
        title="X",
        actions=(Text("do"),),
        hows=(),
        pitfall_texts=(),
        url="",
        phrasings=(
            Phrasing("only then", presupposes=("dropout",)),
            Phrasing("not then", not_with=("wants-to-end",)),
            Phrasing("only without a risk", risk="no"),
        ),
    )
    with pytest.raises(ValueError, match=r"interventions\.x has no phrasing"):
        neutral_phrasing(narrow)
    fits = Phrasing("any time")
    assert neutral_phrasing(Intervention(**{**narrow.__dict__, "phrasings": (*narrow.phrasings, fits)})) is fits


def test_edition_3_says_which_answers_now_get_another_result(site: Path) -> None:
    """Spec v3's changelog rule: which inputs changed and how, so that a cited link can be explained."""
    main = article(load_html(page_file(site, "changelog/")))
    assert main is not None
    for anchor in (
        "2026-12-02",
        "2026-12-02-risk",
        "2026-12-02-contact",
        "2026-12-02-new",
        "2026-12-02-changed-results",
    ):
        assert main.by_id(anchor) is not None, anchor
    text = main.text()
    for needed in (
        "Anticipate ruptures",
        "no Wonder aloud",
        "Acknowledge your own part first",
        "not-stated",
        "clinician-change",
    ):
        assert needed in text, needed
