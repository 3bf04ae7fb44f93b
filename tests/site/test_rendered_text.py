"""What a reader sees: no page of the built site shows Markdown that was never rendered.

The link tests check hrefs and anchors, not text. A Markdown block that the
converter skipped (inside raw HTML, for instance) still builds cleanly and its
links may even resolve, yet the reader sees ``**Primary**`` and
``1. [Anticipate ruptures](../managing/primary.md#anticipate-ruptures)`` as
plain text, and the link cannot be clicked. This test reads the rendered text of
every built page, as the standard library's HTML parser sees it, and fails on:

- ``**`` or ``](`` anywhere in the text;
- a list marker (``- ``, ``* ``, ``+ ``, ``1. ``) at the start of a text block
  or of a line within one;
- any ``<a href>`` that points at a ``.md`` file (a link MkDocs did not convert).

The contents of ``<script>``, ``<style>``, ``<code>``, ``<pre>`` and ``<textarea>``
are not text a reader takes for prose, and are skipped; so is the search index
(a JSON file, not a page).
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.paths import SCENARIOS_PATH
from sitegen.scenarios import load_scenarios

from decision_tree import api, load_tree

SKIP = {"script", "style", "code", "pre", "textarea", "template"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "head", "header", "hr", "html", "label", "legend", "li", "main", "nav", "ol", "option",
    "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
}  # fmt: skip
LIST_MARKER = re.compile(r"^(?:[-*+]|\d+\.)\s+\S")
INLINE_MARKDOWN = re.compile(r"\*\*|\]\(")


class RenderedText(HTMLParser):
    """The text blocks of a page (as a reader sees them) and the hrefs of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.hrefs: list[str] = []
        self._skipping = 0
        self._text: list[str] = []

    def _flush(self) -> None:
        text = "".join(self._text).strip()
        if text:
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)
        if tag in SKIP:
            self._skipping += 1
            # A code span stands for text the reader sees; keep a placeholder so what
            # follows it is not mistaken for the start of a block.
            if tag == "code" and self._skipping == 1:
                self._text.append("·")
        elif tag in BLOCKS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            return  # a self-closed element opens nothing to skip
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def problems(html: str) -> list[str]:
    """Every trace of unrendered Markdown in a page's HTML, each described in a line."""
    parser = RenderedText()
    parser.feed(html)
    parser.close()
    found: list[str] = []
    for block in parser.blocks:
        if INLINE_MARKDOWN.search(block):
            found.append(f"Markdown syntax in text: {block[:120]!r}")
        for line in block.splitlines():
            if LIST_MARKER.match(line.strip()):
                found.append(f"list marker at the start of text: {line.strip()[:120]!r}")
                break
    for href in parser.hrefs:
        if unquote(urlsplit(href).path).endswith(".md"):
            found.append(f"link to a Markdown file: {href}")
    return found


# --- The check itself can fail ------------------------------------------------------------------


def test_raw_markdown_in_a_sample_is_found() -> None:
    sample = (
        '<details class="scenario-answer"><summary>What the guide recommends</summary>'
        "<p>**Primary management: prevent**\n"
        "1. [Anticipate ruptures](../managing/primary.md#anticipate-ruptures)</p></details>"
        "<p>For discussion:\n- Why keep inviting feedback?</p>"
        "<div>* a starred item</div>"
        '<p><a href="../managing/primary.md#invite-feedback">Invite feedback</a></p>'
    )
    found = problems(sample)
    assert any("Markdown syntax" in p and "**Primary" in p for p in found), found
    assert any("list marker" in p and "For discussion" not in p and "Why keep" in p for p in found), found
    assert any("list marker" in p and "a starred item" in p for p in found), found
    assert any(p == "link to a Markdown file: ../managing/primary.md#invite-feedback" for p in found), found


def test_rendered_html_and_code_pass() -> None:
    sample = (
        "<script>const a = '**'; const b = '](';</script><style>a::before { content: '- '; }</style>"
        "<p>Run <code>**kwargs</code> and <code>[x](y)</code> in code, "
        "or 1. in the middle - of a sentence.</p><pre>- a listing\n1. in a pre block</pre>"
        '<ol><li><a href="../managing/primary/#anticipate-ruptures">Anticipate ruptures</a></li></ol>'
        '<p><a href="https://example.org/readme.md.html">a page</a> and <strong>bold</strong> text.</p>'
        "<table><tr><td>2026-11-26</td><td>-3 points</td></tr></table>"
    )
    assert problems(sample) == []


# --- The built site -------------------------------------------------------------------------------


def test_no_page_shows_unrendered_markdown(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    found = [f"{page.relative_to(site)}: {problem}" for page in pages for problem in problems(page.read_text("utf-8"))]
    assert found == [], "\n".join(found)


def test_the_scenarios_page_shows_each_answer_key_as_the_engine_gives_it(site: Path) -> None:
    """Each answer key is rendered HTML whose links are the engine's steps, in order, by their one name."""
    tree = load_tree()
    scenarios = load_scenarios(SCENARIOS_PATH)
    html = (site / "guide/scenarios/index.html").read_text(encoding="utf-8")
    sections = re.split(r'<h2 id="([a-z0-9-]+)"', html)
    keys = {}
    for anchor, body in zip(sections[1::2], sections[2::2], strict=True):
        found = re.search(r'<details class="scenario-answer"([^>]*)>(.*?)</details>', body, flags=re.S)
        assert found, f"#{anchor}: no answer key"
        keys[anchor] = found.groups()
    assert list(keys) == [s.id for s in scenarios]
    for scenario in scenarios:
        result = api.view(tree, scenario.fragment)["result"]
        attributes, key = keys[scenario.id]
        assert f'data-level="{result["level"]}"' in attributes, scenario.id
        links = re.findall(r'<a href="\.\./\.\./([a-z/]+)/#([a-z-]+)">([^<]+)</a>', key)
        assert [(anchor, title) for _, anchor, title in links] == [
            (i["id"], escape(i["title"], quote=False)) for i in result["interventions"]
        ], scenario.id
        assert [f"{path}/#{anchor}" for path, anchor, _ in links] == [i["url"] for i in result["interventions"]]
        assert f"<strong>{escape(result['level_title'], quote=False)}" in key, scenario.id
