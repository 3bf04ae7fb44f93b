"""Pointers a newcomer can follow: everything the repository cites is in the repository.

- The guide's rules are documented in docs/contributing.md#rules, one anchor a rule, and every
  "rule N" cited in code, tests or tools is one of them.
- No tracked file names a path outside the repository (the shared material, a home folder).
- No test imports a conftest: what tests share lives in tests/support/ (or tools/harness.py).
- Every test file a comment or a page names exists, and the contributors' table sends each
  failure message to the file that holds it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tools.harness import ROOT

CONTRIBUTING = ROOT / "docs" / "contributing.md"
#: "rule 6", "Rule 14", "rules 4 and 9", "rules 10, 14, 15", "rules 14 to 16", "rules 14–16".
RULE_CITATION = re.compile(r"\b[Rr]ules?\s+(\d+(?:\s*(?:,|and|or|to|–|-)\s*\d+)*)")
#: Paths outside the repository, written so that this file does not match itself.
#: This file, whose checks hold examples of what they look for.
THIS_FILE = "tests/test_repository.py"
OUTSIDE = re.compile(
    r"\.\./shared\b|/work(?=/)|/root(?=/)|/home/[a-z]|/Users(?=/)|[A-Z]:\\\\Users|"
    r"\bshared/(?:spec|source|hooks|reviews)/|\bnotes/(?:names|common)\.md"
)
CONFTEST_IMPORT = re.compile(r"^\s*(?:from\s+[\w.]*conftest\s+import|import\s+[\w.]*conftest\b)", re.M)
TEST_FILE = re.compile(r"(?<![\w/.-])tests/[\w/.-]+?\.(?:py|mjs|toml|txt)\b")


def tracked_text_files() -> dict[str, str]:
    """Every tracked file that is text: path -> content."""
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files: dict[str, str] = {}
    for name in names.splitlines():
        path = ROOT / name
        try:
            files[name] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
    return files


def section(markdown: str, anchor: str) -> str:
    """The text of the ## section with this {#anchor}, up to the next ## heading."""
    match = re.search(rf"^## .*\{{#{re.escape(anchor)}\}}\s*$(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    assert match, f"docs/contributing.md has no ## section {{#{anchor}}}"
    return match.group(1)


def cited_rules(text: str) -> set[int]:
    """The rule numbers a text cites, ranges expanded."""
    found: set[int] = set()
    for match in RULE_CITATION.finditer(text):
        numbers = match.group(1)
        for first, last in re.findall(r"(\d+)\s*(?:(?:to|–|-)\s*(\d+))?", numbers):
            found.update(range(int(first), int(last or first) + 1))
    return found


def test_rules_one_to_sixteen_have_an_anchor_in_the_contributors_page() -> None:
    rules = section(CONTRIBUTING.read_text(encoding="utf-8"), "rules")
    anchors = [int(n) for n in re.findall(r"\{#rule-(\d+)\}", rules)]
    assert anchors == list(range(1, 17))
    assert "{#public-ids}" in rules, "the public IDs are documented beside the rules"


def test_every_rule_cited_in_the_code_can_be_followed_to_the_contributors_page() -> None:
    rules = section(CONTRIBUTING.read_text(encoding="utf-8"), "rules")
    documented = {int(n) for n in re.findall(r"\{#rule-(\d+)\}", rules)}
    citing = {
        name: cited_rules(text)
        for name, text in tracked_text_files().items()
        if name.split("/")[0] in {"src", "guide", "tests", "tools"}
    }
    assert any(citing.values()), "no file cites a rule: is the pattern still right?"
    unknown = {name: sorted(rules - documented) for name, rules in citing.items() if rules - documented}
    assert unknown == {}


def test_rule_citations_are_read_whole() -> None:
    assert cited_rules("rules 14 to 16, and rule 3; Rules 4 and 9; rules 10, 14, 15; rules 9–11") == {
        3,
        4,
        9,
        10,
        11,
        14,
        15,
        16,
    }


def test_no_tracked_file_names_a_path_outside_the_repository() -> None:
    found = [
        f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for name, text in tracked_text_files().items()
        if name != THIS_FILE
        for match in OUTSIDE.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize(
    "text", ["see ../shared/spec/decision-guide.md", "ROOT.parent / 'shared'/x or /work/shared/x", "/home/ana/x"]
)
def test_the_outside_path_check_sees_one(text: str) -> None:
    assert OUTSIDE.search(text.replace("'shared'/x or ", ""))


def test_no_test_imports_a_conftest() -> None:
    importing = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if "__pycache__" not in path.parts and CONFTEST_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert importing == []
    assert CONFTEST_IMPORT.search("from tests.browser.conftest import ENGINE_TIMEOUT_MS")


def test_every_test_file_named_in_a_comment_or_page_exists() -> None:
    missing = {
        f"{name}: {match.group(0)}"
        for name, text in tracked_text_files().items()
        if name != THIS_FILE
        for match in TEST_FILE.finditer(text)
        if not (ROOT / match.group(0)).is_file()
    }
    assert sorted(missing) == []


def failure_message_row() -> str:
    table = section(CONTRIBUTING.read_text(encoding="utf-8"), "where-to-change")
    rows = [line for line in table.splitlines() if line.startswith("| A failure message |")]
    assert len(rows) == 1, "the contributors' table has one row for a failure message"
    return rows[0]


def test_the_failure_message_row_names_every_file_that_words_a_failure() -> None:
    """A failure's wording is written where the failure is found (a kind and a message, or a
    StartFailure): the row must name each such file, and each file it names must exist."""
    row = failure_message_row()
    wording = re.compile(r'kind:\s*"\w+",\s*message\b|new StartFailure\(')
    holders = [
        f"guide/js/{path.name}"
        for path in sorted((ROOT / "guide" / "js").glob("*.*js"))
        if wording.search(path.read_text(encoding="utf-8"))
    ]
    assert holders, "no script words a failure: is the pattern still right?"
    assert [name for name in holders if f"`{name}`" not in row] == []
    named = re.findall(r"`((?:guide|src|tests)/[\w/.-]+\.\w+)`", row)
    assert [name for name in named if not (ROOT / name).is_file()] == []


def test_every_file_the_contributors_table_names_exists() -> None:
    table = section(CONTRIBUTING.read_text(encoding="utf-8"), "where-to-change")
    named = set(re.findall(r"`((?:guide|src|tests|docs|tools|overrides)/[\w/.-]+\.\w+)`", table))
    assert named
    assert sorted(name for name in named if not Path(ROOT / name).is_file()) == []
