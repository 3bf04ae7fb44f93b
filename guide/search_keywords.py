"""MkDocs hook: search keywords, so that the site's search finds a section by a clinician's words.

A section lists them in a hidden paragraph after its heading (docs/contributing.md, Search keywords):

    <p class="search-keywords" hidden>Also searched as: DNA, did not attend, no-show.</p>

The search plugin indexes that text like any other; after it has written the index, this hook
also gives the section those words as its ``tags``, a field Material's search ranks above titles,
so that the section comes first for them. A keyword paragraph that no section of the index holds
fails the build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

KEYWORDS = re.compile(r'<p class="search-keywords" hidden>Also searched as: (.*?)\.</p>', re.S)
HEADING = re.compile(r'<h[1-6] id="([^"]+)"')


class _Build:
    keywords: dict[str, list[str]] = {}  # noqa: RUF012 - one build's findings, reset at each build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _Build.keywords = {}
    return config


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for match in KEYWORDS.finditer(html):
        headings = HEADING.findall(html, 0, match.start())  # the section is the last heading before the words
        if not headings:
            raise PluginError(f"{page.file.src_uri}: search keywords before any heading: {match[1]}")
        _Build.keywords[f"{page.url}#{headings[-1]}"] = [word.strip() for word in match[1].split(",") if word.strip()]
    return html


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        if doc["location"] in _Build.keywords:
            doc["tags"] = _Build.keywords[doc["location"]]
    missing = set(_Build.keywords) - {doc["location"] for doc in index["docs"]}
    if missing:
        raise PluginError(f"search keywords for sections the search index lacks: {sorted(missing)}")
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
