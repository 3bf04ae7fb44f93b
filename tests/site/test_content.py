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
from tests.engine.spec import INTERVENTIONS, SIGN_INTERVENTIONS, SIGN_LEVELS
from tools.harness import ROOT
from tools.stable_links import Element, article, content_pages, load_html, page_file, page_path

SPEC_SIGNS = list(SIGN_LEVELS)
SPEC_INTERVENTIONS = INTERVENTIONS
TOPICS = tomllib.loads((ROOT / "tests/site/topics.toml").read_text(encoding="utf-8"))["topic"]

#: The public IDs (docs/contributing.md#public-ids, transcribed in tests/engine/spec.py) are SPEC_SIGNS
#: and SPEC_INTERVENTIONS above: a published contract, spelt out rather than read from the tree.

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
    return _section(heading)


def anchored(element: Element) -> list[Element]:
    """What an anchor stands for: a heading's section, a glossary term with its definition, or the element itself."""
    if element.tag in HEADINGS:
        return _section(element)
    if element.tag == "dt" and element.parent is not None:
        siblings = [c for c in element.parent.children if isinstance(c, Element)]
        out = [element]
        for sibling in siblings[siblings.index(element) + 1 :]:
            if sibling.tag != "dd":
                break
            out.append(sibling)
        return out
    return [element]


def _section(heading: Element) -> list[Element]:
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
        assert {"name", "page", "anchor", "must_mention"} <= set(topic), topic["name"]
        assert set(topic) <= {"name", "page", "anchor", "must_mention", "must_not_mention"}, topic["name"]
        assert topic["must_mention"] and all(p == p.lower() for p in topic["must_mention"]), topic["name"]
        assert all(p == p.lower() for p in topic.get("must_not_mention", [])), topic["name"]


@pytest.mark.parametrize("topic", TOPICS, ids=[t["anchor"] + ":" + t["name"][:40] for t in TOPICS])
def test_topic_is_covered(site: Path, topic: dict[str, object]) -> None:
    path = str(topic["page"])
    anchor = str(topic["anchor"])
    element = content(site, path).by_id(anchor)
    assert element is not None, f"{path} has no element with id '{anchor}'"
    # The section the anchor opens, so that a fact is where a link to it lands.
    text = " ".join(visible(e) for e in anchored(element))
    phrases = topic["must_mention"]
    assert isinstance(phrases, list)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"{path}#{anchor} ({topic['name']}) does not mention: {missing}"
    forbidden = topic.get("must_not_mention", [])
    assert isinstance(forbidden, list)
    unwanted = [phrase for phrase in forbidden if phrase in text]
    assert not unwanted, f"{path}#{anchor} ({topic['name']}) must not mention: {unwanted}"


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
    assert shown == [p.text for p in intervention.phrasings], (
        f"the section #{anchor} of {path} must show the tree's phrasings (<!-- phrasings: {anchor} -->)"
    )


def test_a_phrasing_for_some_contacts_only_says_where_on_its_reference_page(site: Path, tree: Tree) -> None:
    # Rule 15: a line written for where the patient is (for example a call to a colleague to reach them)
    # is never borrowed for the room: its reference section sets it under a line that says where it fits.
    scoped = [(i, p) for i in tree.interventions.values() for p in i.phrasings if p.contacts]
    assert scoped, "no phrasing of the tree is written for some contacts only"
    for intervention, phrasing in scoped:
        path, _, anchor = intervention.url.partition("#")
        heading = content(site, path).by_id(anchor)
        assert heading is not None, intervention.url
        under, pending = {}, ""
        for element in section(heading):
            for node in element.iter():
                if "phrasings__when" in node.classes:
                    pending = node.text()
                elif node.tag == "ul" and "phrasings" in node.classes:
                    current, pending = pending, ""
                elif node.tag == "q" and "phrasing__text" in node.classes:
                    under[node.text()] = current
        assert "not in the room" in under[phrasing.text], (intervention.id, under[phrasing.text])


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
    """Every page is in the navigation, or deliberately published outside it (mkdocs.yml `not_in_nav`)."""
    assert sorted(pages_of(site)) == sorted(nav_urls() + not_in_nav_urls())
    assert not set(nav_urls()) & set(not_in_nav_urls())


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


def _url(source: str) -> str:
    stem = source.removesuffix(".md")
    return (stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/") or "./"


def not_in_nav_urls() -> list[str]:
    """The page addresses listed under mkdocs.yml's `not_in_nav: |` (one file per line)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^not_in_nav:\s*\|\s*\n((?:[ \t]+\S.*\n?)*)", text, flags=re.M)
    if block is None:
        return []
    return [_url(line.strip()) for line in block.group(1).splitlines() if line.strip().endswith(".md")]


def test_search_index_covers_every_nav_page(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    locations = {doc["location"] or "./" for doc in docs}
    urls = nav_urls()
    assert len(urls) >= 15
    # The changelog is left out on purpose: its IDs would come before the clinical pages (issue 24).
    missing = [url for url in urls if url not in locations and url != "changelog/"]
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
        missing = [p.text for p in intervention.phrasings if p.text not in shown]
        assert not missing, f"the handout lacks phrasings of {intervention.id}: {missing}"


# --- One name per intervention (issue 10, point 4) ------------------------------------------

#: The canonical names (docs/contributing.md#public-ids): the heading of each reference section, the
#: guide's result title, the handout and the glossary all use exactly these words.
NAMES = {
    "safety-first": "Put safety first",
    "anticipate-ruptures": "Anticipate ruptures",
    "invite-feedback": "Invite feedback",
    "monitor-signs": "Monitor the signs",
    "rupture-mindset": "Hold a rupture mindset",
    "follow-up-emotion": "Follow up on strong emotion",
    "investigate-changes": "Investigate changes",
    "wonder-aloud": "Wonder aloud",
    "renegotiate-task": "Renegotiate the task or goal",
    "acknowledge-own-part": "Acknowledge your own part",
    "address-rupture": "Address the rupture",
    "model-repair": "Model repair",
    "respond-privately": "Respond privately to an online review",
    "reach-out": "Reach out after dropout",
    "seek-consultation": "Seek consultation",
    "name-the-change": "Name the change",
}
SECTION_PARTS = ("when", "how", "phrasings", "pitfalls")


def heading_name(heading: Element) -> str:
    """A heading's own words, without Material's permalink."""
    return " ".join(_text_outside(heading, frozenset({"a"})).split()) or heading.text()


def test_names_cover_the_spec() -> None:
    assert sorted(NAMES) == sorted(SPEC_INTERVENTIONS)


@pytest.mark.parametrize("intervention_id", sorted(NAMES))
def test_reference_heading_is_the_canonical_name(site: Path, tree: Tree, intervention_id: str) -> None:
    path, _, anchor = tree.interventions[intervention_id].url.partition("#")
    heading = content(site, path).by_id(anchor)
    assert heading is not None and heading.tag in HEADINGS, f"{path}#{anchor}"
    assert heading_name(heading) == NAMES[intervention_id], f"{path}#{anchor}: '{heading_name(heading)}'"
    assert tree.interventions[intervention_id].title == NAMES[intervention_id], (
        f"the guide calls '{intervention_id}' '{tree.interventions[intervention_id].title}'"
    )
    # Every reference section has the same four parts, each at its own anchor.
    ids = {e.id for e in section(heading) if e.tag in HEADINGS}
    missing = [f"{anchor}-{part}" for part in SECTION_PARTS if f"{anchor}-{part}" not in ids]
    assert not missing, f"{path}#{anchor} lacks {missing}"


def _intervention_link(href: str) -> str | None:
    target = href.rpartition("#")[2] if "#" in href else ""
    return target if target in NAMES and ("managing/" in href or "scope/" in href) else None


def test_glossary_names_interventions_by_their_canonical_names(site: Path) -> None:
    glossary = content(site, "glossary/")
    links = [(a.text(), _intervention_link(a.attrs.get("href", ""))) for a in glossary.find_all("a")]
    named = [(text, target) for text, target in links if target]
    assert len(named) >= 5, "the glossary should point to the interventions it names"
    wrong = [f"'{text}' -> #{target}" for text, target in named if text != NAMES[target]]
    assert not wrong, f"glossary links to an intervention must use its canonical name: {wrong}"


@pytest.mark.parametrize("path", ["handout/", "guide/pathways/", "guide/scenarios/"])
def test_generated_pages_name_interventions_by_their_canonical_names(site: Path, path: str) -> None:
    page = content(site, path)
    links = [(" ".join(a.text().split()), _intervention_link(a.attrs.get("href", ""))) for a in page.find_all("a")]
    named = [(text, target) for text, target in links if target and not text.startswith("Read more")]
    if path != "handout/":  # the handout names each step in a heading of its own, checked below
        assert len({target for _, target in named}) >= 10, f"{path} should link the steps it names"
    wrong = [f"'{text}' -> #{target}" for text, target in named if text != NAMES[target]]
    assert not wrong, f"{path}: links to an intervention must use its canonical name: {wrong}"
    if path == "handout/":
        for intervention_id, name in NAMES.items():
            heading = page.by_id(intervention_id)
            assert heading is not None and heading_name(heading) == name, intervention_id


# --- Signs: format, level and response (spec v2) --------------------------------------------


@pytest.mark.parametrize("sign_id", SPEC_SIGNS)
def test_sign_section_has_the_format_level_and_response(site: Path, sign_id: str) -> None:
    heading = content(site, "recognising/").by_id(sign_id)
    assert heading is not None
    elements = section(heading)
    text = " ".join(visible(e) for e in elements)
    assert "what it looks like." in text, sign_id
    assert f"lowest level: {SIGN_LEVELS[sign_id]}" in text, sign_id
    respond = [p for p in elements if p.tag == "p" and visible(p).startswith("respond with:")]
    assert len(respond) == 1, f"#{sign_id} needs one 'Respond with:' paragraph"
    linked = {_intervention_link(a.attrs.get("href", "")) for a in respond[0].find_all("a")}
    missing = sorted(SIGN_INTERVENTIONS.get(sign_id, set()) - linked)
    assert not missing, f"#{sign_id} 'Respond with' does not link {missing} (spec rule 6)"


def test_signs_at_a_glance_lists_every_sign_with_its_level(site: Path) -> None:
    heading = content(site, "recognising/").by_id("signs-at-a-glance")
    assert heading is not None
    rows = [tr for e in section(heading) for tr in e.find_all("tr")]
    levels: dict[str, str] = {}
    for row in rows:
        cells = row.find_all("td")
        links = [a.attrs.get("href", "") for a in cells[0].find_all("a")] if cells else []
        if links and links[0].startswith("#"):
            levels[links[0][1:]] = visible(cells[-1])
    assert levels == {sign: level for sign, level in SIGN_LEVELS.items()}


# --- Repair families and the order of reach-out ---------------------------------------------


def test_managing_links_the_two_repair_families_to_their_sections(site: Path) -> None:
    heading = content(site, "managing/").by_id("immediate-exploratory")
    assert heading is not None
    hrefs = [a.attrs.get("href", "") for e in section(heading) for a in e.find_all("a")]
    for target in ("secondary/#renegotiate-task", "secondary/#acknowledge-own-part", "tertiary/#address-rupture"):
        assert any(h.endswith(target) for h in hrefs), f"managing/#immediate-exploratory does not link {target}"


def test_reach_out_starts_from_risk(site: Path) -> None:
    how = content(site, "managing/tertiary/").by_id("reach-out-how")
    assert how is not None
    steps = [li for e in section(how) if e.tag == "ol" for li in e.children if isinstance(li, Element)]
    assert steps, "reach-out has no numbered steps"
    first = visible(steps[0])
    assert "risk history" in first and "non-attendance policy" in first, first


def test_acknowledge_own_part_comes_first(site: Path) -> None:
    how = content(site, "managing/secondary/").by_id("acknowledge-own-part-how")
    assert how is not None
    steps = [li for e in section(how) if e.tag == "ol" for li in e.children if isinstance(li, Element)]
    assert steps and "before you ask anything about the patient" in visible(steps[0])


# --- What the site no longer says -----------------------------------------------------------

SENTENCE = re.compile(r"[^.!?]*[.!?]")


def test_no_unverifiable_3rs_revision_and_no_masking(site: Path) -> None:
    """The '2022 revision' of the 3RS and its grouping could not be verified (literature notes)."""
    problems = []
    for path in pages_of(site):
        text = visible(content(site, path))
        if re.search(r"\bmasking\b", text):
            problems.append(f"{path}: 'masking'")
        for sentence in SENTENCE.findall(text):
            if "2022" in sentence and re.search(r"3rs|rating system|revis|manual|eubanks", sentence):
                problems.append(f"{path}: '{sentence.strip()}'")
    assert not problems, "\n".join(problems)


def test_no_uncited_claims_and_no_wrong_definitions(site: Path) -> None:
    problems = []
    for path in pages_of(site):
        text = visible(content(site, path))
        for phrase in ("disciplinary action", "regulators have taken", "most likely lies"):
            if phrase in text:
                problems.append(f"{path}: '{phrase}'")
    assert not problems, "\n".join(problems)


# --- The glossary keeps clinical terms only (issue 11, point 6) -----------------------------

TECHNICAL_TERMS = {"cli": "CLI", "html": "HTML", "id": "ID", "json": "JSON", "svg": "SVG", "url": "URL"}


def test_glossary_has_clinical_terms_only_and_keeps_old_anchors(site: Path) -> None:
    glossary = content(site, "glossary/")
    terms = {heading_name(dt) for dt in glossary.find_all("dt")}
    technical = sorted(terms & set(TECHNICAL_TERMS.values()))
    assert not technical, f"the glossary is for clinicians; technical terms {technical} belong in the contributor notes"
    for word in ("command line", "json", "html", "svg", "markup"):
        assert word not in visible(glossary), f"the glossary mentions '{word}'"
    for anchor in TECHNICAL_TERMS:  # published links to the old entries still land on the page
        assert glossary.by_id(anchor) is not None, f"glossary/#{anchor} disappeared"
