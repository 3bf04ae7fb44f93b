"""Stable links: every address in tests/site/stable-links.txt keeps working, and every public one is listed.

Training programs link to the site's pages and sections, so a published address
never breaks: a page that moves leaves a redirect (mkdocs-redirects), a heading
that is reworded keeps its ``{#id}``. The rule for what is public and what
"resolves" is in ``tools/stable_links.py``, shared with ``tools/stable-links``.

Two fixture copies of the project prove that the check works both ways: one
where a page moved with a redirect (every entry still resolves), one where an
anchor was renamed and a page moved without a redirect (exactly those entries
are reported).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.project import copy_project
from tools import stable_links
from tools.harness import ROOT, mkdocs_build
from tools.stable_links import check_entries, public_entries, read_list, resolve, unlisted

TOOL = ROOT / "tools" / "stable-links"


@pytest.fixture(scope="module")
def listed() -> list[str]:
    return read_list()


# --- The real site ------------------------------------------------------------------------


def test_list_is_sorted_unique_and_well_formed(listed: list[str]) -> None:
    assert listed == sorted(set(listed)), "keep the list sorted and without duplicates: " + stable_links.UPDATE_HINT
    text = stable_links.LIST_FILE.read_text(encoding="utf-8")
    assert text.startswith(stable_links.HEADER), "the list's header explains the rule and the tool; keep it"
    for entry in listed:
        assert re.fullmatch(r"(\./|([\w-]+/)+)(#[\w:.-]+)?", entry), f"not a page path or page#anchor: {entry!r}"


def test_list_has_the_public_ids_of_the_spec(listed: list[str]) -> None:
    for entry in [
        "./",
        "guide/",
        "guide/#decision-guide",
        "guide/pathways/",
        "guide/scenarios/",
        "managing/secondary/#wonder-aloud",
        "recognising/#online-review",
        "scope/#safety-first",
        "references/#bordin-1979",
    ]:
        assert entry in listed, entry
    assert any(e.startswith("guide/scenarios/#") for e in listed)


def test_every_listed_entry_resolves(site: Path, listed: list[str]) -> None:
    problems = check_entries(site, listed)
    assert not problems, (
        "published links no longer work (put the id back, or move the page with a redirect in mkdocs.yml):\n"
        + "\n".join(problems)
    )


def test_every_public_page_and_anchor_is_listed(site: Path, listed: list[str]) -> None:
    new = unlisted(site, listed)
    assert not new, (
        f"{len(new)} public pages or anchors are not in tests/site/stable-links.txt. If they are meant to be "
        f"public (they will then stay for good), {stable_links.UPDATE_HINT}:\n" + "\n".join(new)
    )


def test_internal_ids_are_not_public(site: Path) -> None:
    entries = public_entries(site)
    anchors = [e.partition("#")[2] for e in entries if "#" in e]
    assert not [a for a in anchors if a.startswith("__") or a.startswith(("fn:", "fnref"))]
    guide = stable_links.load_html(site / "guide/index.html")
    widget = guide.by_id("decision-guide")
    assert widget is not None
    inner = {e.id for e in widget.find_all() if e.id}
    assert inner, "the pre-rendered first question has ids of its own"
    assert not {f"guide/#{i}" for i in inner} & set(entries)
    assert "guide/#decision-guide" in entries and "guide/#decision-guide-page" in entries
    assert not [e for e in entries if e.endswith(("#tree-diagram-title", "#arrow"))]
    assert "404.html" not in entries


# --- Fixture projects ---------------------------------------------------------------------


def _project(tmp: Path) -> Path:
    project = tmp / "project"
    copy_project(project)  # with the build's cache: the same sources make the same wheel
    return project


def _move_page(project: Path, old: str, new: str, *, redirect: bool) -> None:
    """Move docs/<old> to docs/<new>, fixing every link and the nav; optionally leave a redirect."""
    (project / "docs" / old).rename(project / "docs" / new)
    for source in [*sorted((project / "docs").rglob("*.md")), project / "mkdocs.yml"]:
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(rf"(?<![\w-]){re.escape(old)}", new, text), encoding="utf-8")
    if redirect:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        match = re.search(r"^(\s*)redirect_maps:[ \t]*(\{\})?[ \t]*$", text, flags=re.M)
        assert match is not None, "mkdocs.yml configures no redirects plugin"
        line = f"{match.group(1)}redirect_maps:\n{match.group(1)}  {old}: {new}"
        config.write_text(text[: match.start()] + line + text[match.end() :], encoding="utf-8")


def _build(project: Path, out: Path) -> Path:
    run = mkdocs_build(out, project / "mkdocs.yml")
    assert run.returncode == 0, run.stderr[-4000:]
    return out


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """teaching.md moved to training.md, with a redirect from the old page."""
    tmp = tmp_path_factory.mktemp("moved")
    project = _project(tmp)
    _move_page(project, "teaching.md", "training.md", redirect=True)
    return _build(project, tmp / "site")


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An anchor renamed (teaching.md's #role-play-busy), and contributing.md moved without a redirect."""
    tmp = tmp_path_factory.mktemp("broken")
    project = _project(tmp)
    teaching = project / "docs" / "teaching.md"
    text = teaching.read_text(encoding="utf-8")
    assert "{#role-play-busy}" in text
    teaching.write_text(text.replace("{#role-play-busy}", "{#role-play-busy-week}"), encoding="utf-8")
    _move_page(project, "contributing.md", "development.md", redirect=False)
    return _build(project, tmp / "site")


def test_a_page_moved_with_a_redirect_keeps_its_links(moved_site: Path, listed: list[str]) -> None:
    assert not (moved_site / "teaching" / "index.html").read_text().count("md-content__inner")
    old = [e for e in listed if e.startswith("teaching/")]
    assert "teaching/" in old and "teaching/#role-play-busy" in old
    assert check_entries(moved_site, listed) == []
    through = resolve(moved_site, "teaching/#role-play-busy")
    assert through.ok and through.redirects == ("teaching/",) and through.page == "training/"
    # The redirect page is not a page of its own; the new address must be made public on purpose.
    assert "teaching/" not in public_entries(moved_site)
    assert "training/#role-play-busy" in unlisted(moved_site, listed)


def test_a_redirect_to_a_page_without_the_anchor_is_reported(moved_site: Path) -> None:
    missing = resolve(moved_site, "teaching/#no-such-section")
    assert missing.redirects == ("teaching/",)
    assert missing.problem is not None and "no element with id 'no-such-section'" in missing.problem


def test_a_removed_anchor_or_page_without_redirect_is_reported(broken_site: Path, listed: list[str]) -> None:
    problems = check_entries(broken_site, listed)
    reported = sorted(problem.split(":")[0] for problem in problems)
    expected = sorted(["teaching/#role-play-busy", *[e for e in listed if e.startswith("contributing/")]])
    assert reported == expected
    assert len(expected) >= 3
    anchor = next(p for p in problems if p.startswith("teaching/#role-play-busy:"))
    assert "has no element with id 'role-play-busy'" in anchor
    page = next(p for p in problems if p.startswith("contributing/:"))
    assert "no page 'contributing/'" in page and "redirect" in page
    assert "teaching/#role-play-busy-week" in unlisted(broken_site, listed)


# --- The tool -----------------------------------------------------------------------------


def tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, cwd=ROOT)


def test_tool_prints_the_public_entries(site: Path) -> None:
    run = tool("--site", str(site))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == public_entries(site)
    check = tool("--check", "--site", str(site))
    assert check.returncode == 0, check.stderr


def test_tool_write_adds_new_entries_and_keeps_old_ones(site: Path, tmp_path: Path, listed: list[str]) -> None:
    partial = tmp_path / "list.txt"
    partial.write_text(stable_links.format_list(listed[::2]), encoding="utf-8")
    run = tool("--check", "--site", str(site), "--list", str(partial))
    assert run.returncode == 1 and "tools/stable-links --write" in run.stderr
    run = tool("--write", "--site", str(site), "--list", str(partial))
    assert run.returncode == 0, run.stderr
    assert read_list(partial) == listed
    assert partial.read_text(encoding="utf-8") == stable_links.LIST_FILE.read_text(encoding="utf-8")


def test_tool_write_refuses_to_drop_a_broken_entry(broken_site: Path, tmp_path: Path, listed: list[str]) -> None:
    copy = tmp_path / "list.txt"
    shutil.copy(stable_links.LIST_FILE, copy)
    before = copy.read_text(encoding="utf-8")
    run = tool("--write", "--site", str(broken_site), "--list", str(copy))
    assert run.returncode == 1
    assert "teaching/#role-play-busy" in run.stderr and "unchanged" in run.stderr
    assert copy.read_text(encoding="utf-8") == before
