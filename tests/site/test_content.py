"""The reference material in the built site: every topic of the source covered, every public ID an anchor.

These tests read the HTML of one `mkdocs build --strict` (the ``site`` fixture)
with the standard library's parser (``stable_links.parse_html``). They check
what a clinician or a trainer relies on: the facts of the source material on the
page that claims them, each sign and intervention of the spec at its anchor with
its sample phrasings, the review date and scope note on every page, explicit
heading IDs, abbreviations, search, references and the handout.
"""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from pathlib import Path

import pytest

from decision_tree import load_tree
from decision_tree.model import Tree
from tests.conftest import ROOT
from tests.engine.spec import INTERVENTIONS, SIGN_LEVELS
from tests.site.stable_links import Element, article, content_pages, load_html, page_file, page_path

SPEC_SIGNS = list(SIGN_LEVELS)
SPEC_INTERVENTIONS = INTERVENTIONS
TOPICS = tomllib.loads((ROOT / "tests/site/topics.toml").read_text(encoding="utf-8"))["topic"]

#: The public IDs of /work/shared/spec/decision-guide.md ("Signs", "Interventions").
#: They are a published contract, so they are spelt out here rather than read from the tree.

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:\s*(.+?)\s*$", flags=re.M)
ABBREVIATIONS = dict(ABBREVIATION.findall((ROOT / "includes/abbreviations.md").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def tree() -> Tree:
    return load_tree()


def page(site: Path, path: str) -> Element:
    file = page_file(site, path)
    assert file.is_file(), f"no page '{path}' in the built site"
    return load_html(file)


def content(site: Path, path: str) -> Element:
    found = article(page(site, path))
    assert found is not None, f"'{path}' has no <article class=md-content__inner>"
    return found


def visible(element: Element) -> str:
    """Visible text, tags stripped, whitespace collapsed, lowercased, apostrophes plain."""
    return element.text().lower().replace("’", "'")


def section(heading: Element) -> list[Element]:
    """A heading and what follows it up to the next heading of the same or a higher level."""
    assert heading.tag in HEADINGS and heading.parent is not None, heading.tag
    siblings = [c for c in heading.parent.children if isinstance(c, Element)]
    start = siblings.index(heading)
    out = [heading]
    for element in siblings[start + 1 :]:
        if element.tag in HEADINGS and element.tag <= heading.tag:
            break
        out.append(element)
    return out


def phrasings_in(elements: list[Element]) -> list[str]:
    return [q.text() for e in elements for q in e.iter() if q.tag == "q" and "phrasing__text" in q.classes]


def pages_of(site: Path) -> list[str]:
    return [page_path(site, file) for file in content_pages(site)]


# --- Topics of the source material --------------------------------------------------------


def test_topics_file_is_well_formed() -> None:
    assert len(TOPICS) >= 40
    for topic in TOPICS:
        assert set(topic) == {"name", "page", "anchor", "must_mention"}, topic["name"]
        assert topic["must_mention"] and all(p == p.lower() for p in topic["must_mention"]), topic["name"]


@pytest.mark.parametrize("topic", TOPICS, ids=[t["anchor"] + ":" + t["name"][:40] for t in TOPICS])
def test_topic_is_covered(site: Path, topic: dict[str, object]) -> None:
    path = str(topic["page"])
    document = page(site, path)
    assert document.by_id(str(topic["anchor"])) is not None, f"{path} has no element with id '{topic['anchor']}'"
    text = visible(content(site, path))
    phrases = topic["must_mention"]
    assert isinstance(phrases, list)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"{path} ({topic['name']}) does not mention: {missing}"


# --- Signs and interventions of the spec ----------------------------------------------------


def test_tree_has_exactly_the_spec_ids(tree: Tree) -> None:
    assert sorted(tree.signs) == sorted(SPEC_SIGNS)
    assert sorted(tree.interventions) == sorted(SPEC_INTERVENTIONS)


@pytest.mark.parametrize("intervention_id", SPEC_INTERVENTIONS)
def test_intervention_section_has_its_anchor_and_phrasings(site: Path, tree: Tree, intervention_id: str) -> None:
    intervention = tree.interventions[intervention_id]
    path, _, anchor = intervention.url.partition("#")
    assert anchor == intervention_id, f"tree.toml links '{intervention_id}' to '{intervention.url}'"
    heading = content(site, path).by_id(anchor)
    assert heading is not None, f"{path} has no element with id '{anchor}'"
    assert heading.tag in HEADINGS, f"#{anchor} on {path} is a <{heading.tag}>, not a section heading"
    shown = phrasings_in(section(heading))
    assert shown == list(intervention.phrasings), (
        f"the section #{anchor} of {path} must show the tree's phrasings (<!-- phrasings: {anchor} -->)"
    )


def test_no_marker_is_left_unexpanded(site: Path) -> None:
    for path in pages_of(site):
        html = page_file(site, path).read_text(encoding="utf-8")
        assert not re.search(r"<!--\s*(phrasings|pathways|handout|scenarios|tree-diagram)\b", html), path


@pytest.mark.parametrize("sign_id", SPEC_SIGNS)
def test_sign_is_an_anchor_of_recognising(site: Path, tree: Tree, sign_id: str) -> None:
    element = content(site, "recognising/").by_id(sign_id)
    assert element is not None, f"recognising/ has no element with id '{sign_id}'"
    assert element.tag in HEADINGS, f"#{sign_id} on recognising/ is a <{element.tag}>, not a heading"
    assert tree.signs[sign_id].url == f"recognising/#{sign_id}"


# --- Every content page -------------------------------------------------------------------


def test_content_pages_are_the_nav_pages(site: Path) -> None:
    assert sorted(pages_of(site)) == sorted(nav_urls())


def test_every_content_page_has_its_frame(site: Path) -> None:
    problems: list[str] = []
    for path in pages_of(site):
        document = page(site, path)
        html = document.find("html")
        if html is None or html.attrs.get("lang") != "en":
            problems.append(f"{path}: <html lang> is not 'en'")
        title = document.find("title")
        if title is None or not title.text():
            problems.append(f"{path}: empty <title>")
        main = article(document)
        if main is None:
            problems.append(f"{path}: no article")
            continue
        if not any("scope-note" in e.classes for e in main.find_all("aside")):
            problems.append(f"{path}: no <aside class=scope-note>")
        reviewed = [p for p in main.find_all("p") if p.text().startswith("Last reviewed")]
        times = [t for p in reviewed for t in p.find_all("time")]
        if len(reviewed) != 1 or len(times) != 1:
            problems.append(f"{path}: no 'Last reviewed' line with a <time> (front matter `reviewed:`)")
        else:
            stamp = times[0].attrs.get("datetime", "")
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp):
                problems.append(f"{path}: 'Last reviewed' datetime '{stamp}' is not YYYY-MM-DD")
            else:
                try:
                    datetime.date.fromisoformat(stamp)
                except ValueError:
                    problems.append(f"{path}: 'Last reviewed' datetime '{stamp}' is not a date")
        headings = [e for e in main.find_all() if e.tag in HEADINGS]
        if not headings or headings[0].tag != "h1":
            problems.append(f"{path}: the article does not open with an <h1>")
        for heading in headings:
            if not heading.id:
                problems.append(f"{path}: <{heading.tag}> '{heading.text()}' has no id")
        ids = [e.id for e in document.iter() if e.id]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"{path}: duplicate ids {duplicates}")
    assert not problems, "\n".join(problems)


MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


def test_every_markdown_heading_has_an_explicit_id() -> None:
    """An explicit {#id} keeps a section's address when its wording changes."""
    problems = []
    sources = sorted((ROOT / "docs").rglob("*.md"))
    assert len(sources) >= 15
    for source in sources:
        fenced = False
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            match = None if fenced else MARKDOWN_HEADING.match(line)
            if match and not re.search(r"\{[^}]*#[A-Za-z0-9][\w-]*[^}]*\}$", match.group(2)):
                problems.append(f"{source.relative_to(ROOT)}:{number}: '{line}' has no {{#id}}")
    assert not problems, "\n".join(problems)


# --- Abbreviations --------------------------------------------------------------------------


def test_abbreviations_file_is_well_formed() -> None:
    assert len(ABBREVIATIONS) >= 10
    assert all(expansion for expansion in ABBREVIATIONS.values())


def test_glossary_defines_every_abbreviation(site: Path) -> None:
    glossary = content(site, "glossary/")
    terms = {dt.text(): dt for dt in glossary.find_all("dt")}
    missing = [abbr for abbr in ABBREVIATIONS if abbr not in terms]
    assert not missing, f"the glossary has no entry for {missing} (listed in includes/abbreviations.md)"
    for abbr in ABBREVIATIONS:
        dt = terms[abbr]
        assert dt.id, f"glossary term {abbr} has no id"
        shown = dt.find("abbr")
        assert shown is not None and shown.attrs.get("title") == ABBREVIATIONS[abbr], abbr
        parent = dt.parent
        assert parent is not None
        siblings = [c for c in parent.children if isinstance(c, Element)]
        definition = siblings[siblings.index(dt) + 1]
        assert definition.tag == "dd" and len(definition.text()) > 10, abbr


def _text_outside(element: Element, skip: frozenset[str]) -> str:
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in skip and "md-clipboard" not in child.classes:
            parts.append(_text_outside(child, skip))
    return " ".join(parts)


def test_pages_render_abbreviations_as_abbr(site: Path) -> None:
    used: set[str] = set()
    problems = []
    for path in pages_of(site):
        main = content(site, path)
        for shown in main.find_all("abbr"):
            if shown.text() in ABBREVIATIONS:
                used.add(shown.text())
                if shown.attrs.get("title") != ABBREVIATIONS[shown.text()]:
                    problems.append(f"{path}: <abbr>{shown.text()}</abbr> has title '{shown.attrs.get('title')}'")
        # Outside code, an abbreviation in running text must be an <abbr>.
        guide = main.by_id("decision-guide")
        plain = _text_outside(main, frozenset({"abbr", "code", "pre", "script", "style", "svg"}))
        if guide is not None:  # the widget is drawn by the engine, not by Markdown
            plain = plain.replace(_text_outside(guide, frozenset({"abbr", "code", "pre", "script", "style"})), "")
        for abbr in ABBREVIATIONS:
            if re.search(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", plain):
                problems.append(f"{path}: '{abbr}' appears outside an <abbr>")
    assert not problems, "\n".join(problems)
    assert {"TFP", "DBT", "WAI", "3RS"} <= used


# --- Search ---------------------------------------------------------------------------------


def nav_urls() -> list[str]:
    """The page addresses of mkdocs.yml's nav (each 'x.md' or 'Title: x.md' line under nav:)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = re.search(r"^nav:\s*$", text, flags=re.M)
    assert start is not None, "mkdocs.yml has no nav"
    nav = re.split(r"^\S", text[start.end() :], maxsplit=1, flags=re.M)[0]
    sources = re.findall(r"^\s*-\s+(?:[^:\n]+:\s+)?([\w/.-]+\.md)\s*$", nav, flags=re.M)
    urls = []
    for source in sources:
        stem = source.removesuffix(".md")
        url = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
        urls.append(url or "./")
    return urls


def test_search_index_covers_every_nav_page(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    locations = {doc["location"] or "./" for doc in docs}
    urls = nav_urls()
    assert len(urls) >= 15
    missing = [url for url in urls if url not in locations]
    assert not missing, f"search/search_index.json has no entry for {missing}"
    honeymoon = {doc["location"].partition("#")[0] for doc in docs if "honeymoon" in doc["text"].lower()}
    assert "alliance/" in honeymoon
    sections = {doc["location"] for doc in docs}
    assert "managing/secondary/#wonder-aloud" in sections


# --- References -----------------------------------------------------------------------------

REFERENCE_LINK = re.compile(r"^(?:\.\./)*references/#([\w-]+)$")


def test_every_linked_reference_exists(site: Path) -> None:
    references = content(site, "references/")
    anchors = {e.id for e in references.find_all() if e.id}
    linked: dict[str, list[str]] = {}
    for path in pages_of(site):
        for link in content(site, path).find_all("a"):
            match = REFERENCE_LINK.match(link.attrs.get("href", ""))
            if match:
                linked.setdefault(match.group(1), []).append(path)
    assert len(linked) >= 5, "content pages should cite the references page"
    missing = {anchor: pages for anchor, pages in linked.items() if anchor not in anchors}
    assert not missing, f"links to references/ sections that do not exist: {missing}"


def test_every_reference_is_a_heading_with_its_id(site: Path) -> None:
    references = content(site, "references/")
    entries = [h for h in references.find_all("h2")]
    assert len(entries) >= 8
    assert all(h.id for h in entries)


# --- The handout ----------------------------------------------------------------------------


def test_handout_has_every_intervention_and_all_its_phrasings(site: Path, tree: Tree) -> None:
    handout = content(site, "handout/")
    text = visible(handout)
    shown = phrasings_in([handout])
    for intervention in tree.interventions.values():
        assert intervention.title.lower().replace("’", "'") in text, intervention.id
        missing = [p for p in intervention.phrasings if p not in shown]
        assert not missing, f"the handout lacks phrasings of {intervention.id}: {missing}"
