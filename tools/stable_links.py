"""The stable-link guarantee: which addresses of the built site are public, and whether they still resolve.

Training programs, syllabi and slides link to the site's pages and sections, so
every public address, once published, must keep working. The list of them is
``tests/site/stable-links.txt``; ``tools/stable-links`` writes it and the tests
in ``test_stable_links.py`` hold the site to it. Both use this module, so the
rule is written once.

The rule (also in the list's header):

- A **page** is every HTML page of the built site except ``404.html`` and the
  redirect pages. Its entry is its path from the site root: ``managing/secondary/``,
  and ``./`` for the home page.
- A **public anchor** is the ``id`` of an element inside the page's article
  (``<article class="md-content__inner">``: the text written in ``docs/``, or
  generated into it by the build hook), except
  - ids beginning with ``__``: Material's own (``__drawer``, ``__search``,
    ``__palette_*``, ``__code_*``, ``__tabbed_*``, ...);
  - footnote ids (``fn:*``, ``fnref:*``, ``fnref2:*``);
  - ids of elements inside the decision guide widget (``#decision-guide``): its
    internals change with its state; ``decision-guide`` itself is public;
  - ids of elements inside an inline ``<svg>`` (a drawing's title, description, markers).
  Its entry is ``path#id``: ``managing/secondary/#wonder-aloud``.

An entry **resolves** when its page exists and, for an anchor entry, an element
on that page has that id (or an ``<a name>``); or when its page is a redirect
(a ``<meta http-equiv="refresh">`` page, as mkdocs-redirects writes for
``plugins: - redirects: redirect_maps:`` in mkdocs.yml) to a page of the site that
resolves, the anchor carried along as a browser carries it.

This module also holds the small HTML parser (standard library only) that the
built-site tests share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIST_FILE = ROOT / "tests" / "site" / "stable-links.txt"
WIDGET_ID = "decision-guide"
FOOTNOTE_ID = re.compile(r"^(fn:|fnref\d*:)")
HOME = "./"
UPDATE_HINT = "run `tools/stable-links --write`"
#: How many redirects in a row an entry may go through.
MAX_HOPS = 5

HEADER = """\
# Stable links: every public address of the built site, one per line, sorted.
# Training programs, syllabi and slides link to these. Once listed, an entry must keep
# working for as long as the site exists: never delete one.
#
# tests/site/test_stable_links.py checks on every test run that
#   - every entry below still resolves: its page exists and its anchor is an element id
#     on it; or its page is a redirect (mkdocs.yml: plugins: - redirects: redirect_maps:)
#     to a page that exists and has the anchor;
#   - every public page and anchor of the built site is listed here, so that a new one
#     is made public on purpose.
#
# Update with:   tools/stable-links --write
#   (builds the site with `mkdocs build --strict` into a temporary folder, adds the new
#   entries, keeps the old ones, and refuses if an old one no longer resolves).
# Print the built site's public entries: tools/stable-links
# Check only, as the tests do:            tools/stable-links --check
# (The script runs itself with the project's .venv/bin/python.)
#
# The rule (tools/stable_links.py):
#   Pages: every built HTML page except 404.html and redirect pages, as its path from the
#     site root ("managing/secondary/"); the home page is "./".
#   Anchors: "page#id" for the id of every element inside the page's article
#     (<article class="md-content__inner">), except ids starting with "__" (Material's
#     own: __drawer, __search, __palette_*, __code_*), footnote ids (fn:*, fnref*), ids
#     inside the decision guide widget (#decision-guide itself is listed) and ids inside
#     an inline <svg>.
# When a page moves, add a redirect from its old source file; when a heading is
# reworded, keep its {#id}.
"""

# --- A small HTML tree, from the standard library's parser -----------------------------------

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: Elements whose text a reader never sees.
HIDDEN_TEXT = frozenset({"script", "style", "template"})


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def id(self) -> str:
        return self.attrs.get("id", "")

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if e is not self and (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element | None:
        found = self.find_all(tag, cls)
        return found[0] if found else None

    def by_id(self, id_: str) -> Element | None:
        return next((e for e in self.iter() if e.id == id_), None)

    def raw_text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in HIDDEN_TEXT:
                parts.append(child.raw_text())
        return "".join(parts)

    def text(self) -> str:
        """The visible text: tags stripped, whitespace collapsed."""
        return " ".join(self.raw_text().split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def load_html(path: Path) -> Element:
    """A built page, parsed once while the file is unchanged (do not modify the tree)."""
    stat = path.stat()
    return _load_html(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _load_html(path: str, mtime_ns: int, size: int) -> Element:
    return parse_html(Path(path).read_text(encoding="utf-8"))


def article(document: Element) -> Element | None:
    """The page's own content: Material's <article class="md-content__inner">."""
    return next((e for e in document.find_all("article") if "md-content__inner" in e.classes), None)


# --- Pages and anchors ------------------------------------------------------------------------


def page_file(site: Path, path: str) -> Path:
    """The file a page path is served from: 'managing/secondary/' -> managing/secondary/index.html."""
    if path in ("", HOME):
        return site / "index.html"
    if path.endswith("/"):
        return site / path / "index.html"
    return site / path


def page_path(site: Path, file: Path) -> str:
    relative = file.relative_to(site).as_posix()
    if relative == "index.html":
        return HOME
    if relative.endswith("/index.html"):
        return relative.removesuffix("index.html")
    return relative


def redirect_target(document: Element) -> str | None:
    """The URL of a <meta http-equiv="refresh"> page (as mkdocs-redirects writes), else None."""
    for meta in document.find_all("meta"):
        if meta.attrs.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url\s*=\s*(\S+)", meta.attrs.get("content", ""), flags=re.I)
            if match:
                return match.group(1).strip("'\"")
    return None


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")


def content_pages(site: Path) -> list[Path]:
    """Every page of the site a reader reads: not 404.html, not a redirect."""
    return [p for p in html_files(site) if redirect_target(load_html(p)) is None]


def public_anchors(document: Element) -> list[str]:
    """The ids of a page that are public, by the rule of this module's docstring."""
    content = article(document)
    if content is None:
        return []
    anchors: list[str] = []
    for element in content.find_all():
        id_ = element.id
        if not id_ or id_.startswith("__") or FOOTNOTE_ID.match(id_):
            continue
        inside = list(element.ancestors())
        inside = inside[: inside.index(content)]
        if any(a.id == WIDGET_ID or a.tag == "svg" for a in inside):
            continue
        if id_ not in anchors:
            anchors.append(id_)
    return anchors


def public_entries(site: Path) -> list[str]:
    """Every public page and anchor of a built site, sorted."""
    entries: set[str] = set()
    for file in content_pages(site):
        path = page_path(site, file)
        entries.add(path)
        entries.update(f"{path}#{anchor}" for anchor in public_anchors(load_html(file)))
    return sorted(entries)


# --- The list ---------------------------------------------------------------------------------


def read_list(path: Path = LIST_FILE) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def format_list(entries: Iterable[str]) -> str:
    return HEADER + "\n" + "".join(f"{entry}\n" for entry in sorted(set(entries)))


def unlisted(site: Path, listed: Iterable[str]) -> list[str]:
    """Public entries of the built site that the list does not have."""
    known = set(listed)
    return [entry for entry in public_entries(site) if entry not in known]


# --- Resolving an entry -----------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    entry: str
    #: The page the entry ends on ('' when it ends nowhere), and the redirects it went through.
    page: str
    redirects: tuple[str, ...]
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


_BASE = "https://stable-links.invalid/"


def _ids(document: Element) -> set[str]:
    ids = {e.id for e in document.iter() if e.id}
    return ids | {e.attrs["name"] for e in document.find_all("a") if e.attrs.get("name")}


def resolve(site: Path, entry: str) -> Resolution:
    """Follow an entry through the built site, as a browser would."""
    path, hash_, anchor = entry.partition("#")
    if hash_ and not anchor:
        return Resolution(entry, "", (), f"{entry}: an empty anchor")
    redirects: list[str] = []
    for _ in range(MAX_HOPS + 1):
        file = page_file(site, path)
        if not file.is_file():
            via = f" (reached through the redirect from '{redirects[-1]}')" if redirects else ""
            return Resolution(
                entry,
                "",
                tuple(redirects),
                f"{entry}: no page '{path}' in the built site{via}; when a page moves, "
                "add a redirect from its old file (mkdocs.yml: plugins: - redirects: redirect_maps:)",
            )
        document = load_html(file)
        target = redirect_target(document)
        if target is None:
            if anchor and anchor not in _ids(document):
                via = f" (reached through a redirect from '{redirects[0]}')" if redirects else ""
                return Resolution(
                    entry,
                    path,
                    tuple(redirects),
                    f"{entry}: the page '{path}'{via} has no element with id '{anchor}'; keep the id, "
                    "or put it back on the section that took its place",
                )
            return Resolution(entry, path, tuple(redirects), None)
        redirects.append(path)
        url = urljoin(_BASE + ("" if path == HOME else path), target)
        parts = urlsplit(url)
        if not url.startswith(_BASE):
            return Resolution(entry, "", tuple(redirects), f"{entry}: '{path}' redirects off the site, to {target}")
        if parts.fragment:
            if anchor and anchor != parts.fragment:
                return Resolution(
                    entry,
                    "",
                    tuple(redirects),
                    f"{entry}: '{path}' redirects to the section '{target}', which loses the anchor '#{anchor}'",
                )
            anchor = parts.fragment
        path = parts.path.removeprefix(urlsplit(_BASE).path) or HOME
    return Resolution(entry, "", tuple(redirects), f"{entry}: more than {MAX_HOPS} redirects in a row")


def check_entries(site: Path, entries: Iterable[str]) -> list[str]:
    """One problem per listed entry that no longer resolves in the built site (empty: all resolve)."""
    return [r.problem for r in (resolve(site, entry) for entry in entries) if r.problem is not None]
