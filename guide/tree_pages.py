"""MkDocs hook: the pages generated from the decision tree.

- loads and validates the tree at every build (an invalid tree fails the build with
  the file, the entry and the problem);
- expands the markers that pull text from the tree into pages, through one table
  (``MARKERS``) that refuses any marker it does not know;
- pre-renders the guide's first question into the guide page;
- checks after the build that every link the tree holds reaches its anchor;
- refuses a publishing build whose site_url is still the example domain.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from sitegen import common, diagram, handout, link_words, pathways, pocket_card, practice, say_it_page, scenarios
from sitegen.container import edition_words, guide_container
from sitegen.paths import GUIDE_PAGE, SCENARIOS_PATH, TREE_PATH, site_root

from decision_tree import api
from decision_tree.errors import TreeError
from decision_tree.loader import load_tree_file
from decision_tree.model import Tree

#: Where the guide goes on its page.
GUIDE_PLACEHOLDER = '<div id="decision-guide"></div>'
#: Any HTML comment that looks like a marker: ``<!-- name -->`` or ``<!-- name: argument -->``.
#: One quoted in inline code (between backticks) is documentation, not a marker.
MARKER = re.compile(r"(?<!`)<!--\s*([a-z][\w-]*)(?::\s*([\w-]+))?\s*-->(?!`)")


class _Build:
    """The tree of the build in progress (MkDocs calls the hooks in order, one build at a time)."""

    tree: Tree | None = None


def _tree() -> Tree:
    if _Build.tree is None:
        raise PluginError("the decision tree was not loaded (on_config did not run)")
    return _Build.tree


def _evidence(tree: Tree, argument: str | None, link: common.Link, page: Page) -> str:
    if argument is None or argument not in tree.interventions:
        raise PluginError(f"{page.file.src_uri}: <!-- evidence: {argument} --> names no intervention of the tree")
    return common.evidence_markdown(tree.interventions[argument], link)


def _phrasings(tree: Tree, argument: str | None, link: common.Link, page: Page) -> str:
    if argument is None or argument not in tree.interventions:
        raise PluginError(f"{page.file.src_uri}: <!-- phrasings: {argument} --> names no intervention of the tree")
    return common.phrasings_markdown(tree.interventions[argument], tree)


Expander = Callable[[Tree, "str | None", common.Link, Page], str]
#: Every marker a page may hold, and what it becomes.
MARKERS: dict[str, Expander] = {
    "phrasings": _phrasings,
    "evidence": _evidence,
    "pathways": lambda tree, _, link, page: pathways.pathways_markdown(tree, link),
    "handout": lambda tree, _, link, page: handout.handout_markdown(tree, link),
    "pocket-card": lambda tree, _, link, page: pocket_card.pocket_card_markdown(tree, link),
    "tree-diagram": lambda tree, _, link, page: diagram.diagram_svg(tree),
    "scenarios": lambda tree, _, link, page: scenarios.scenarios_markdown(
        tree, scenarios.load_scenarios(SCENARIOS_PATH), link
    ),
    "link-words": lambda tree, _, link, page: link_words.link_words_script(tree),
    "say-it": lambda tree, _, link, page: say_it_page.say_it_page_html(tree, site_root(page)),
    "practice": lambda tree, _, link, page: practice.practice_html(
        tree, scenarios.load_scenarios(SCENARIOS_PATH), site_root(page)
    ),
}


#: The address mkdocs.yml falls back to; a published build must cite its real address instead.
EXAMPLE_HOST = "rupture-guide.example.org"


def check_published_address(site_url: str | None, environ: Mapping[str, str]) -> None:
    """A publishing build (RUPTURE_GUIDE_PUBLISH set, as in .github/workflows/pages.yml) needs its real site_url.

    Every page cites its own address (overrides/partials/cite-this.html); a local build may keep the example.
    """
    if environ.get("RUPTURE_GUIDE_PUBLISH") and (not site_url or EXAMPLE_HOST in site_url):
        raise PluginError(
            f"RUPTURE_GUIDE_PUBLISH is set but site_url is {site_url or 'empty'}: set RUPTURE_GUIDE_SITE_URL to "
            "the published address, or every citation would name the example domain"
        )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    check_published_address(config.site_url, os.environ)
    try:
        _Build.tree = load_tree_file(TREE_PATH)
    except TreeError as error:
        raise PluginError(str(error)) from None
    return config


def _md_link(files: Files, page: Page, url: str) -> str:
    """A tree link ('managing/secondary/#wonder-aloud') as a Markdown link MkDocs validates."""
    path, _, anchor = url.partition("#")
    target = next((f for f in files.documentation_pages() if f.url == path), None)
    if target is None:
        raise PluginError(f"tree.toml links to '{url}', but no page has the address '{path}'")
    relative = "../" * page.file.src_uri.count("/") + target.src_uri
    return f"{relative}#{anchor}" if anchor else relative


def expand_markers(markdown: str, tree: Tree, link: common.Link, page: Page) -> str:
    """Replace every marker through ``MARKERS``; an unknown marker fails the build and names the page."""

    def expand(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        if name not in MARKERS:
            known = ", ".join(sorted(MARKERS))
            raise PluginError(
                f"{page.file.src_uri}: unknown marker <!-- {match.group(0)[4:-3].strip()} --> (known: {known})"
            )
        return MARKERS[name](tree, argument, link, page)

    return MARKER.sub(expand, markdown)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return expand_markers(markdown, _tree(), lambda url: _md_link(files, page, url), page)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != GUIDE_PAGE:
        return html
    if GUIDE_PLACEHOLDER not in html:
        raise PluginError(f"{GUIDE_PAGE} must contain {GUIDE_PLACEHOLDER} where the guide goes")
    root = site_root(page)
    edition = edition_words(config.extra["edition"])
    return html.replace(GUIDE_PLACEHOLDER, guide_container(api.first_question(_tree()), root, edition))


def on_post_build(config: MkDocsConfig) -> None:
    """Every link the tree holds must reach an element with that ID in the built site."""
    tree, site = _tree(), Path(config.site_dir)
    urls = [i.url for i in tree.interventions.values()] + [s.url for s in tree.signs.values()]
    urls += [level.url for level in tree.levels.values()]
    problems = []
    for url in urls:
        path, _, anchor = url.partition("#")
        page = site / path / "index.html" if config.use_directory_urls else site / path
        if not page.exists():
            problems.append(f"tree.toml links to '{url}': no page at '{path}'")
        elif anchor and f'id="{anchor}"' not in page.read_text(encoding="utf-8"):
            problems.append(f"tree.toml links to '{url}': the page has no anchor '#{anchor}'")
    if problems:
        raise PluginError("\n".join(problems))
