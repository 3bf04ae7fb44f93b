"""Zero broken links and anchors in the built site: every relative href and src of every page
points to a file that exists, and every #anchor to an element with that ID."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.support.built_site import served_path


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.targets.append(str(values[name]))


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def resolve(site: Path, page: Path, target: str) -> tuple[Path, str]:
    parts = urlsplit(target)
    if parts.path.startswith("/"):  # 404.html is served at any address, so MkDocs gives it paths from the site's root
        path = (site / unquote(parts.path).removeprefix(served_path(site)).lstrip("/")).resolve()
    else:
        path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def test_every_link_and_anchor_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    parsed = {page.resolve(): parse(page) for page in pages}
    broken: list[str] = []
    checked = 0
    for page in pages:
        for target in parsed[page.resolve()].targets:
            if re.match(r"^(?:[a-z]+:|//)", target):
                continue  # another scheme: an external reference or a data: URI, never fetched by the page
            path, fragment = resolve(site, page, target)
            checked += 1
            if not str(path).startswith(str(site.resolve())) or not path.exists():
                broken.append(f"{page.relative_to(site)}: {target} (no such file)")
                continue
            if fragment and "=" not in fragment and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else parse(path).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {target} (no element with that ID)")
    assert broken == []
    assert checked > 500


def test_external_links_are_only_references(site: Path) -> None:
    """Links that leave the site (never fetched by the page itself) go only to publications."""
    hosts: set[str] = set()
    for page in site.rglob("*.html"):
        for target in parse(page).targets:
            if target.startswith(("http://", "https://")):
                hosts.add(urlsplit(target).netloc)
    site_host = "rupture-guide.example.org"
    assert hosts - {site_host} <= {
        "doi.org",
        "www.apa.org",  # the telepsychology guidelines (references)
        "www.gmc-uk.org",  # the UK's professional duty of candour (references)
        "www.therapeutic-alliance.org",
        "therapeutic-alliance.org",
        "127.0.0.1",
        "www.w3.org",
        "squidfunk.github.io",
    }, hosts  # the theme's credit in the footer
