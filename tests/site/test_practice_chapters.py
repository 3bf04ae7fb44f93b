"""The chapters a supervisor expects (issue 23), in the built site.

Each new chapter of the reference sits at a stable anchor with its learning objectives; the
intervention `name-the-change` and the sign `clinician-change` have their reference sections; the
handover rule is on the three reference sections about ending; the levels say they are a
heuristic; the references credit each model to the work it comes from and carry no figure that
could not be verified; the review's corrections hold; and the pocket card, the handout, the
glossary and the trainers' page lead to the new chapters. Every check reads the HTML of one
`mkdocs build --strict` (the ``site`` fixture), as a reader gets it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support.pages import content
from tools.harness import ROOT
from tools.own_words import SOURCE_ENV, repeated_passages
from tools.stable_links import Element

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

#: Each new chapter: its page, the anchor of its heading, and the anchor of its learning objectives.
CHAPTERS = {
    "metacommunication-in-practice": ("practice/in-the-room/", "metacommunication-objectives"),
    "disembedding": ("practice/in-the-room/", "disembedding-objectives"),
    "own-experience-and-guard": ("practice/in-the-room/", "own-experience-objectives"),
    "culture-identity-power": ("practice/context/", "culture-objectives"),
    "telehealth": ("practice/context/", "telehealth-objectives"),
    "changes-and-endings": ("practice/context/", "changes-objectives"),
    "serious-errors": ("practice/records/", "serious-errors-objectives"),
    "documentation": ("practice/records/", "documentation-objectives"),
    "supervision-and-ruptures": ("practice/supervision/", "supervision-objectives"),
    "adult-individual-therapy": ("scope/", "scope-objectives"),
}

#: What each chapter must cover (lowercase phrases of its visible text), from the issue's list.
MUST_COVER = {
    "metacommunication-in-practice": ["here and now", "tentative", '"we"', "shared puzzle", "part of it"],
    "disembedding": [
        "enactment",
        "flooded",
        "slow down",
        "name it to yourself",
        "i want to think about what you've said",
    ],
    "own-experience-and-guard": ["disclose your own experience", "validate the defensive stance"],
    "culture-identity-power": ["microaggression", "broaching", "cultural humility", "interpreter", "power"],
    "telehealth": ["camera off", "connection problems", "where are you", "emergency contact", "overheard"],
    "changes-and-endings": ["break", "fee", "transfer", "planned ending", "ending well", "never discharge into a gap"],
    "serious-errors": ["duty of candour", "incident", "indemnity", "professional body", "take advice"],
    "documentation": ["consultation", "wish to end", "dropout", "online review", "who wrote it"],
    "supervision-and-ruptures": ["supervisory alliance", "ruptures in supervision", "parallel process"],
    "adult-individual-therapy": ["couples", "split", "groups", "adolescents", "parents", "mandated"],
}


def visible(element: Element) -> str:
    return element.text().lower().replace("’", "'").replace("“", '"').replace("”", '"')


def section(heading: Element) -> list[Element]:
    """A heading and what follows it up to the next heading of the same or a higher level."""
    assert heading.tag in HEADINGS and heading.parent is not None, heading.tag
    siblings = [c for c in heading.parent.children if isinstance(c, Element)]
    out = [heading]
    for element in siblings[siblings.index(heading) + 1 :]:
        if element.tag in HEADINGS and element.tag <= heading.tag:
            break
        out.append(element)
    return out


def section_text(site: Path, path: str, anchor: str) -> str:
    heading = content(site, path).by_id(anchor)
    assert heading is not None and heading.tag in HEADINGS, f"{path} has no section heading #{anchor}"
    return " ".join(visible(e) for e in section(heading))


def targets(page: str, element: Element) -> set[tuple[str, str]]:
    """Every link of an element, as (page path, fragment) from the site root."""
    out = set()
    for a in element.find_all("a"):
        href = a.attrs.get("href", "")
        parts = urlsplit(urljoin("https://site.invalid/" + page, href))
        if parts.netloc == "site.invalid":
            out.add((parts.path.lstrip("/"), unquote(parts.fragment)))
    return out


# 1. Each chapter at its anchor, with its learning objectives and what it must cover.


@pytest.mark.parametrize("anchor", sorted(CHAPTERS))
def test_chapter_is_at_its_anchor_with_learning_objectives(site: Path, anchor: str) -> None:
    path, objectives = CHAPTERS[anchor]
    heading = content(site, path).by_id(anchor)
    assert heading is not None, f"{path} has no element #{anchor}"
    assert heading.tag == "h2", f"{path}#{anchor} is a <{heading.tag}>, not a chapter heading"
    blocks = [e for part in section(heading) for e in part.iter() if e.id == objectives]
    assert blocks, f"{path}#{anchor}: no learning objectives #{objectives} in the chapter"
    block = blocks[0]
    assert block.tag == "details" and "learning-objectives" in block.classes and "open" not in block.attrs
    summary = block.find("summary")
    assert summary is not None and summary.text() == "Learning objectives"
    assert "after this section you can" in visible(block)
    items = [visible(li) for li in block.find_all("li")]
    assert 3 <= len(items) <= 5, f"{path}#{anchor}: {len(items)} objectives, expected 3 to 5"
    for item in items:
        assert 4 <= len(item.split()) <= 25, f"{path}#{anchor}: an objective is not short and observable: {item!r}"
    # The objectives open the chapter: no sub-section comes before them.
    first = next(e for e in section(heading)[1:] if e.tag in HEADINGS or e is block or block in e.iter())
    assert first is block or block in first.iter(), f"{path}#{anchor}: the objectives do not open the chapter"


@pytest.mark.parametrize("anchor", sorted(MUST_COVER))
def test_chapter_covers_what_a_supervisor_expects(site: Path, anchor: str) -> None:
    path, _ = CHAPTERS[anchor]
    text = section_text(site, path, anchor)
    missing = [phrase for phrase in MUST_COVER[anchor] if phrase not in text]
    assert not missing, f"{path}#{anchor} does not mention {missing}"


@pytest.mark.parametrize("path", sorted({p for p, _ in CHAPTERS.values() if p.startswith("practice/")}))
def test_practice_pages_cite_the_references_that_exist(site: Path, path: str) -> None:
    main = content(site, path)
    references = content(site, "references/")
    cited = {fragment for page, fragment in targets(path, main) if page == "references/" and fragment}
    missing = sorted(f for f in cited if references.by_id(f) is None)
    assert not missing, f"{path} cites references that do not exist: {missing}"


def test_the_in_practice_pages_are_a_section_of_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = config.split("  - In practice:\n", 1)
    assert len(block) == 2, "mkdocs.yml has no 'In practice' section in its nav"
    for source in ("in-the-room.md", "context.md", "records.md", "supervision.md"):
        assert f"practice/{source}" in block[1].split("\n  - ", 1)[0], f"practice/{source} is not under 'In practice'"


# 2. The intervention name-the-change and the sign clinician-change have their sections.


def test_name_the_change_has_the_four_parts_of_an_intervention_section(site: Path) -> None:
    main = content(site, "managing/secondary/")
    heading = main.by_id("name-the-change")
    assert heading is not None and heading.tag == "h2" and heading.text().startswith("Name the change")
    ids = {e.id for e in section(heading) if e.tag in HEADINGS}
    for part in ("when", "how", "phrasings", "pitfalls"):
        assert f"name-the-change-{part}" in ids, f"#name-the-change lacks #name-the-change-{part}"
    text = section_text(site, "managing/secondary/", "name-the-change")
    for phrase in ("not an apology for the decision", "again later", "safeguarding lead", "safety plan", "cover"):
        assert phrase in text, f"#name-the-change does not say '{phrase}' (spec v3)"
    linked = targets("managing/secondary/", Element("div", children=list(section(heading))))
    assert ("recognising/", "clinician-change") in linked
    assert ("practice/context/", "changes-and-endings") in linked


def test_clinician_change_is_a_sign_with_its_level_and_response(site: Path) -> None:
    main = content(site, "recognising/")
    heading = main.by_id("clinician-change")
    assert heading is not None and heading.tag in HEADINGS
    elements = section(heading)
    text = " ".join(visible(e) for e in elements)
    assert "what it looks like." in text and "lowest level: secondary" in text
    respond = [p for p in elements if p.tag == "p" and visible(p).startswith("respond with:")]
    assert len(respond) == 1
    assert ("managing/secondary/", "name-the-change") in targets("recognising/", respond[0])
    glance = main.by_id("signs-at-a-glance")
    assert glance is not None
    rows = [tr for e in section(glance) for tr in e.find_all("tr")]
    row = next((r for r in rows if any(a.attrs.get("href") == "#clinician-change" for a in r.find_all("a"))), None)
    assert row is not None and visible(row.find_all("td")[-1]) == "secondary"


def test_changes_and_endings_links_to_name_the_change(site: Path) -> None:
    heading = content(site, "practice/context/").by_id("changes-and-endings")
    assert heading is not None
    linked = targets("practice/context/", Element("div", children=list(section(heading))))
    assert ("managing/secondary/", "name-the-change") in linked


# 3. The handover rule wherever the reference speaks of ending.

HANDOVER = {
    ("managing/tertiary/", "address-rupture"): [
        "never discharge into a gap",
        "hopelessness",
        "handover",
        "safety plan",
    ],
    ("recognising/", "wants-to-end"): ["never discharge into a gap", "hopelessness", "handover", "risk history"],
    ("scope/", "safety-first"): ["never discharge into a gap", "hopelessness", "handover", "price of help"],
}


@pytest.mark.parametrize(("path", "anchor"), sorted(HANDOVER))
def test_the_handover_rule_is_on_every_section_about_ending(site: Path, path: str, anchor: str) -> None:
    text = section_text(site, path, anchor)
    missing = [phrase for phrase in HANDOVER[(path, anchor)] if phrase not in text]
    assert not missing, f"{path}#{anchor} does not say {missing}"


# 4. The levels are honest.


def test_the_managing_page_says_the_levels_are_a_heuristic(site: Path) -> None:
    text = section_text(site, "managing/", "levels-heuristic")
    for phrase in ("heuristic", "practitioner's text", "not a validated severity scale"):
        assert phrase in text, f"managing/#levels-heuristic does not say '{phrase}'"
    assert "levels-heuristic" in {f for _, f in targets("managing/secondary/", content(site, "managing/secondary/"))}


# 5. References: credited to the right work, and nothing unverified.


def test_references_hold_the_standard_works(site: Path) -> None:
    references = content(site, "references/")
    for anchor, words in {
        "safran-muran-2000": ["negotiating the therapeutic alliance", "guilford"],
        "safran-2002": ["brief relational"],
        "safran-2011": ["48", "80–87"],
    }.items():
        heading = references.by_id(anchor)
        assert heading is not None, f"references/ has no #{anchor}"
        text = " ".join(visible(e) for e in section(heading))
        assert all(w in text for w in words), f"references/#{anchor} lacks {words}"


def test_the_stage_process_model_credits_the_paper_and_the_book(site: Path) -> None:
    heading = content(site, "managing/").by_id("stage-process-model")
    assert heading is not None
    linked = {f for p, f in targets("managing/", Element("div", children=list(section(heading)))) if p == "references/"}
    assert {"safran-muran-1996", "safran-muran-2000"} <= linked


def test_no_unverified_figures_remain(site: Path) -> None:
    problems = []
    for path in ("managing/", "teaching/", "alliance/", "references/"):
        text = visible(content(site, path))
        if re.search(r"d\s*=\s*\.22", text):
            problems.append(f"{path}: the training effect d = .22 could not be verified")
        if "36 or below" in text or "36 or less" in text:
            problems.append(f"{path}: the SRS cut-off wording could not be verified")
    assert not problems, "\n".join(problems)


# 6. The review's corrections to the text (section C).


def test_the_reference_text_keeps_the_review_corrections(site: Path) -> None:
    primary = visible(content(site, "managing/primary/"))
    assert "two of these interventions" not in primary and "three of these interventions" in primary
    assert "almost hope" not in primary
    assert "brief relational therapy" in primary
    respond = section_text(site, "managing/tertiary/", "respond-privately-how")
    assert "do not ask for it to be removed" not in respond and "take advice" in respond
    assert "duty of care comes first" in respond
    pitfalls = content(site, "managing/tertiary/").by_id("reach-out-pitfalls")
    assert pitfalls is not None
    chasing = [visible(li) for e in section(pitfalls) for li in e.find_all("li") if "chasing" in visible(li)]
    assert chasing and "unless there is a risk concern" in chasing[0], chasing
    secondary = section_text(site, "managing/secondary/", "secondary")
    assert "nothing has been said openly" not in secondary
    own_part = section_text(site, "managing/secondary/", "acknowledge-own-part")
    assert "waiving the fee" not in own_part and "giving that time back" in own_part
    markers = section_text(site, "recognising/", "marker-examples")
    assert "useless at this" in markers and "risk" in markers
    reaction = section_text(site, "recognising/", "clinician-reaction")
    assert "marker of rupture in its own right" not in reaction and "muran & eubanks, 2020" in reaction
    alliance = section_text(site, "alliance/", "alliance")
    assert "two brief questionnaires" not in alliance


# 7. The pocket card, handout, glossary and trainers' page lead to the new chapters.

LEADS_TO = {
    "pocket-card/": {"metacommunication-in-practice", "changes-and-endings", "documentation", "bringing-a-rupture"},
    "handout/": {
        "metacommunication-in-practice",
        "culture-identity-power",
        "telehealth",
        "changes-and-endings",
        "serious-errors",
        "documentation",
        "supervision-and-ruptures",
        "adult-individual-therapy",
    },
    "glossary/": {"metacommunication-in-practice", "disembedding", "microaggressions", "parallel-process"},
    "teaching/": (set(CHAPTERS) - {"supervision-and-ruptures"}) | {"supervision", "bringing-a-rupture"},
}


@pytest.mark.parametrize("path", sorted(LEADS_TO))
def test_the_companion_pages_lead_to_the_new_chapters(site: Path, path: str) -> None:
    fragments = {f for _, f in targets(path, content(site, path))}
    missing = sorted(LEADS_TO[path] - fragments)
    assert not missing, f"{path} does not link to {missing}"


def test_the_trainers_page_links_every_new_learning_objectives_block(site: Path) -> None:
    linked = targets("teaching/", content(site, "teaching/"))
    for anchor, (path, objectives) in CHAPTERS.items():
        assert (path, objectives) in linked, f"the trainers' page does not link {path}#{objectives} ({anchor})"


def test_the_seminar_outline_gains_the_chapters(site: Path) -> None:
    heading = content(site, "teaching/").by_id("seminar-outline")
    assert heading is not None
    linked = {f for _, f in targets("teaching/", Element("div", children=list(section(heading))))}
    for anchor in (
        "levels-heuristic",
        "metacommunication-in-practice",
        "disembedding",
        "culture-identity-power",
        "telehealth",
        "changes-and-endings",
        "serious-errors",
        "documentation",
        "adult-individual-therapy",
        "bringing-a-rupture",
    ):
        assert anchor in linked, f"the seminar outline does not include #{anchor}"


# 8. In the project's own words.

#: The source material is not in the repository: RUPTURE_GUIDE_SOURCE_TEXT names its text file (tools/own_words.py).
SOURCE_TEXT = os.environ.get(SOURCE_ENV, "")


@pytest.mark.skipif(not SOURCE_TEXT, reason=f"{SOURCE_ENV} is not set: it names the source material's text file")
def test_own_words_no_passage_repeats_the_source_material() -> None:
    assert repeated_passages(Path(SOURCE_TEXT).read_text(encoding="utf-8")) == []
