"""Reading a built page in the site tests: its article, as the reader sees it."""

from __future__ import annotations

from pathlib import Path

from tools.stable_links import Element, article, load_html, page_file


def content(site: Path, path: str) -> Element:
    """The article of the built page at `path` ('guide/consult/'); fails, naming the page, without one."""
    file = page_file(site, path)
    assert file.is_file(), f"no page '{path}' in the built site"
    found = article(load_html(file))
    assert found is not None, f"'{path}' has no article"
    return found
