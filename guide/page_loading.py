"""MkDocs hook: what a page asks for before it can be read and used (issue 20).

- **One stylesheet.** The project's own styles (``extra_css`` in mkdocs.yml: the guide's, then
  ``docs/assets/site.css``, whose print section must win) are written as one file, in that order,
  and every page links that file alone. Each stylesheet is a request that holds the first paint,
  and on a slow network more than six at once wait a round trip for a free connection.
- **The engine first, search's index later.** On the pages that run the engine, the first script of
  the ``<head>`` creates its worker once the page has painted (``guide/js/early-start.js``); on
  every page the next one holds Material's search index until it is needed
  (``guide/js/search-later.js``). Both are inlined: a request of their own would cost a round trip.
- **Its own part's script, ahead.** Every page loads one script, ``guide/js/site.mjs``, which
  imports the module of each part the page has. On a page with a part, a ``modulepreload`` in the
  ``<head>`` asks for that module with the page, so the import costs no second round trip.
  ``PARTS`` mirrors ``site.mjs`` (a test holds them together).

The separate stylesheets stay published too: nothing links them, but an old page kept offline may.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from sitegen.paths import ENGINE_PAGES, GUIDE_DEST, GUIDE_SRC, STARTS_WHEN_NEEDED, site_root

#: The one stylesheet every page links, in place of the project's own ``extra_css``.
STYLESHEET = "assets/stylesheets/rupture-guide.css"
#: An element's id, and the module of guide/js that runs it (as in guide/js/site.mjs).
PARTS = {"decision-guide": "guide.mjs", "practice": "practice.mjs", "consult": "consult.mjs", "say-it": "say-it.mjs"}

#: The stylesheets extra_css listed, in order: kept from on_config for on_files.
_own_stylesheets: list[str] = []


def _is_own(path: str) -> bool:
    return not path.startswith(("http://", "https://", "//"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    listed = [str(path) for path in config.extra_css]
    _own_stylesheets[:] = [path for path in listed if _is_own(path)]
    if _own_stylesheets:
        config.extra_css = [path for path in listed if not _is_own(path)] + [STYLESHEET]
    return config


def _text(file: File) -> str:
    if file.abs_src_path:
        return Path(file.abs_src_path).read_text(encoding="utf-8")
    return file.content_string


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Write the one stylesheet (the hooks before this one in mkdocs.yml have added the guide's)."""
    if not _own_stylesheets:
        return files
    parts = []
    for path in _own_stylesheets:
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"mkdocs.yml extra_css lists {path}, which no file of the site provides")
        parts.append(f"/* {path} */\n{_text(file)}")
    files.append(File.generated(config, STYLESHEET, content="\n".join(parts)))
    return files


#: The first script of the pages that run the engine: once the page has painted, it creates the
#: worker, which asks for the largest runtime files at once (guide/js/early-start.js, inlined: a
#: request of its own would cost a round trip).
EARLY_START = GUIDE_SRC / "js" / "early-start.js"
#: Then Material's search index waits (guide/js/search-later.js): on those pages for the engine and
#: the reader's first pause; on every other page until the reader opens search.
SEARCH_LATER = GUIDE_SRC / "js" / "search-later.js"


def inline_script(path: Path) -> str:
    """A script of guide/js as an inline <script>, without its comment lines (they stay in the source)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "<script>" + "\n".join(line for line in lines if not line.lstrip().startswith("//")) + "</script>"


def _first_scripts(output: str, page: Page) -> str:
    """Start the engine from the top of the <head> of the pages that run it, before the rest, and
    hold Material's search index on every page: until the engine is ready and the reader pauses,
    or, on a page without the engine, until the reader opens search."""
    early = ""
    if page.file.src_uri in ENGINE_PAGES:
        base = f"{site_root(page)}{GUIDE_DEST}"
        starts = "when-needed" if page.file.src_uri in STARTS_WHEN_NEEDED else "after-paint"
        early = inline_script(EARLY_START).replace("__WORKER_URL__", f"{base}/worker.mjs").replace("__STARTS__", starts)
    early += inline_script(SEARCH_LATER)
    # After the charset, where the security hook puts the policy too (it must come before any script).
    anchor = re.search(r"<meta charset=[^>]*>", output)
    at = anchor.end() if anchor else output.index("<head>") + len("<head>")
    return output[:at] + early + output[at:]


def _preloaded_parts(output: str, page: Page) -> str:
    """Ask for the module of each part on the page with the page itself."""
    modules = [module for element, module in PARTS.items() if f'id="{element}"' in output]
    if not modules or "</head>" not in output:
        return output
    root = f"{site_root(page)}{GUIDE_DEST}"
    links = "".join(f'<link rel="modulepreload" href="{root}/{module}">' for module in modules)
    return output.replace("</head>", links + "</head>", 1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _preloaded_parts(_first_scripts(output, page), page)
