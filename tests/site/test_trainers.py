"""For trainers (issue 13, point 4), in the built site: learning objectives at the top of each main
section, an observer checklist built from the repair strategies, and every scenario linked from the
trainers' page to the guide and to practice mode.

Trainers put these addresses into syllabi and hand the checklist out on paper, so each check reads
the built HTML of one `mkdocs build --strict` (the ``site`` fixture), as a reader would get it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support.pages import content
from tests.support.sections import OBJECTIVES
from tools.harness import ROOT
from tools.stable_links import Element, load_html, page_file

SCENARIOS = tomllib.loads((ROOT / "docs/guide/scenarios.toml").read_text(encoding="utf-8"))["scenario"]


#: The repair strategies the observer checklist must cover: its row's anchor, words the row must use,
#: and the reference sections the row may link to (at least one of them).
IMMEDIATE = {
    "check-rationale": (["rationale", "goal"], {"managing/secondary/#renegotiate-task-how"}),
    "check-misunderstanding": (["misunderstanding"], {"managing/secondary/#renegotiate-task-how"}),
    "check-change-task": (
        ["changed the task or goal", "how rather than whether"],
        {"managing/secondary/#renegotiate-task", "managing/secondary/#renegotiate-task-how"},
    ),
}
EXPLORATORY = {
    "check-metacommunication": (
        ["between the two of them", "metacommunication"],
        {"managing/tertiary/#address-rupture", "managing/tertiary/#address-rupture-how"},
    ),
    "check-empathy": (["empathised", "validated"], {"managing/tertiary/#address-rupture-how"}),
    "check-not-defending": (["did not defend"], {"managing/tertiary/#address-rupture-how"}),
    "check-own-part": (["own part"], {"managing/secondary/#acknowledge-own-part"}),
    "check-explore-first": (
        ["experience", "patterns", "later"],
        {"managing/tertiary/#model-repair-how", "managing/tertiary/#model-repair"},
    ),
}
OWN_PART = {
    "check-own-part-true": (["only what is true"], {"managing/secondary/#acknowledge-own-part-how"}),
    "check-own-part-brief": (["plainly", "briefly"], {"managing/secondary/#acknowledge-own-part-how"}),
    "check-own-part-first": (["first", "before asking"], {"managing/secondary/#acknowledge-own-part-how"}),
    "check-own-part-turn": (["turned back to the patient"], {"managing/secondary/#acknowledge-own-part-how"}),
}
#: The moves the role-plays practise beyond repair (issue 22.5), safety first.
SAFETY = {"check-safety-first": (["safety came first", "before any repair"], {"scope/#safety-first"})}
RAISING = {
    "check-raise-change": (["without reproach"], {"managing/secondary/#investigate-changes-how"}),
    "check-therapy-part": (["the work, or they themselves"], {"managing/secondary/#investigate-changes-how"}),
    "check-wonder-aloud": (["a guess as a guess", "say it was wrong"], {"managing/secondary/#wonder-aloud"}),
    "check-return-feeling": (["strong feeling", "stayed with the answer"], {"managing/secondary/#follow-up-emotion"}),
    "check-invite-feedback": (
        ["anticipated", "invited feedback"],
        {"managing/primary/#anticipate-ruptures", "managing/primary/#invite-feedback"},
    ),
    "check-reach-out": (["agreed channel", "without pressing"], {"managing/tertiary/#reach-out"}),
}
CHECKLIST_GROUPS = {
    "checklist-safety": SAFETY,
    "checklist-raising": RAISING,
    "checklist-immediate": IMMEDIATE,
    "checklist-exploratory": EXPLORATORY,
    "checklist-own-part": OWN_PART,
}
CHECKLIST = "observer-checklist/"


def text(element: Element) -> str:
    return element.text().lower().replace("’", "'")


def target(page: str, href: str) -> tuple[str, str]:
    """A relative href on a page, as (page path, fragment): ('managing/secondary/', 'wonder-aloud')."""
    parts = urlsplit(urljoin("https://site.invalid/" + page, href))
    assert parts.netloc == "site.invalid", f"{page}: {href} leaves the site"
    return parts.path.lstrip("/"), unquote(parts.fragment)


def reaches(site: Path, page: str, fragment: str) -> bool:
    file = page_file(site, page)
    return file.is_file() and (not fragment or load_html(file).by_id(fragment) is not None)


def hrefs(element: Element) -> list[str]:
    return [a.attrs["href"] for a in element.find_all("a") if a.attrs.get("href")]


def section_of(main: Element, element: Element) -> Element | None:
    """The h2 heading whose section holds an element."""
    heading = None
    for each in main.iter():
        if each is element:
            return heading
        if each.tag == "h2":
            heading = each
    return None


def row_of(element: Element) -> Element:
    row = next((a for a in element.ancestors() if a.tag == "tr"), None)
    assert row is not None, f"#{element.id} is not inside a table row"
    return row


# 1. Learning objectives at the top of each main section.


@pytest.mark.parametrize("page", sorted(OBJECTIVES))
def test_each_main_section_opens_with_learning_objectives(site: Path, page: str) -> None:
    main = content(site, page)
    block = main.by_id(OBJECTIVES[page])
    assert block is not None, f"{page}: no learning objectives at #{OBJECTIVES[page]}"
    summary = block.find("summary")
    assert summary is not None and summary.text() == "Learning objectives", f"{page}: the block is not titled"
    # At the top: before the page's first section, right under its title.
    order = [e for e in main.iter() if e is block or e.tag == "h2"]
    assert order[0] is block, f"{page}: the learning objectives come after a section"
    items = [text(li) for li in block.find_all("li")]
    assert 3 <= len(items) <= 5, f"{page}: {len(items)} objectives, expected 3 to 5"
    assert "after this page you can" in text(block)
    for item in items:
        assert 4 <= len(item.split()) <= 25, f"{page}: an objective is not short and observable: {item!r}"
    # Folded, so that a clinician on a phone reaches the content at once.
    assert block.tag == "details" and "open" not in block.attrs


def test_the_trainers_page_links_every_learning_objectives_block(site: Path) -> None:
    linked = {target("teaching/", href) for href in hrefs(content(site, "teaching/"))}
    for page, anchor in OBJECTIVES.items():
        assert (page, anchor) in linked, f"the trainers' page does not link to {page}#{anchor}"


# 2. The observer checklist.


def test_the_checklist_covers_every_repair_strategy_and_links_each_to_its_section(site: Path) -> None:
    main = content(site, CHECKLIST)
    for group, strategies in CHECKLIST_GROUPS.items():
        heading = main.by_id(group)
        assert heading is not None and heading.tag == "h2", f"no section #{group} in the checklist"
        for anchor, (words, sections) in strategies.items():
            item = main.by_id(anchor)
            assert item is not None, f"the checklist has no item #{anchor}"
            row = row_of(item)
            table = next(a for a in row.ancestors() if a.tag == "table")
            assert section_of(main, table) is heading, f"#{anchor} is not in #{group}"
            said = text(row)
            for word in words:
                assert word in said, f"#{anchor} does not mention {word!r}"
            linked = {f"{p}#{f}" for p, f in (target(CHECKLIST, h) for h in hrefs(row))}
            assert linked & sections, f"#{anchor} links to none of {sorted(sections)}: {sorted(linked)}"
            for href in hrefs(row):
                assert reaches(site, *target(CHECKLIST, href)), f"#{anchor}: {href} reaches no anchor"


def test_the_checklist_has_columns_to_fill_in_on_paper(site: Path) -> None:
    main = content(site, CHECKLIST)
    tables = main.find_all("table")
    assert len(tables) == len(CHECKLIST_GROUPS)
    for table in tables:
        header = [th.text() for th in table.find_all("th")]
        assert header[1:] == ["Seen", "Not seen", "Notes"], header
        for row in table.find_all("tr")[1:]:
            cells = row.find_all("td")
            assert len(cells) == 4 and all(cell.text() == "" for cell in cells[1:]), text(row)


def test_every_link_of_the_checklist_reaches_its_anchor(site: Path) -> None:
    main = content(site, CHECKLIST)
    links = [target(CHECKLIST, href) for href in hrefs(main) if not href.startswith("#")]
    assert ("managing/", "immediate-exploratory") in links
    for page, fragment in links:
        assert reaches(site, page, fragment), f"the checklist links to {page}#{fragment}, which does not exist"


def test_the_checklist_is_linked_from_the_trainers_page_and_the_navigation(site: Path) -> None:
    teaching = {target("teaching/", href)[0] for href in hrefs(content(site, "teaching/"))}
    assert CHECKLIST in teaching
    nav = load_html(page_file(site, "teaching/")).find("nav", cls="md-nav--primary")
    assert nav is not None
    assert any(target("teaching/", href)[0] == CHECKLIST for href in hrefs(nav))


# 3. Every scenario linked to the guide and to practice mode.


def test_the_trainers_page_links_every_scenario_to_the_guide_and_to_practice_mode(site: Path) -> None:
    main = content(site, "teaching/")
    table = main.by_id("scenario-links")
    assert table is not None, "no #scenario-links section on the trainers' page"
    rows = [row for row in main.find_all("tr") if row.find("td") is not None]
    assert len(SCENARIOS) >= 15
    for scenario in SCENARIOS:
        sid = scenario["id"]
        found = [row for row in rows if ("guide/scenarios/", sid) in {target("teaching/", h) for h in hrefs(row)}]
        assert len(found) == 1, f"scenario {sid!r}: {len(found)} rows link to guide/scenarios/#{sid}"
        links = {target("teaching/", h) for h in hrefs(found[0])}
        assert reaches(site, "guide/scenarios/", sid), f"no anchor guide/scenarios/#{sid}"
        assert ("guide/", scenario["fragment"]) in links, f"scenario {sid!r} does not open the guide at its answers"
        assert ("guide/practice/", f"case={sid}") in links, f"scenario {sid!r} has no link to practice mode"
        assert reaches(site, "guide/practice/", ""), "no practice mode at guide/practice/"
        assert scenario["level"] in text(found[0])


def test_practice_mode_offers_every_scenario_the_trainers_page_links_to(site: Path) -> None:
    practice = load_html(page_file(site, "guide/practice/")).by_id("practice")
    assert practice is not None, "no element #practice at guide/practice/"
    offered = {case["id"] for case in json.loads(practice.attrs.get("data-cases", "[]"))}
    missing = [s["id"] for s in SCENARIOS if s["id"] not in offered]
    assert missing == [], f"practice mode has no case for {missing}"
