"""MkDocs hook: what a page asks for before it can be read and used (issue 20).

- **One stylesheet.** The project's own styles (``extra_css`` in mkdocs.yml: the guide's, then
  ``docs/assets/site.css``, whose print section must win) are written as one file, in that order,
  and every page links that file alone. Each stylesheet is a request that holds the first paint,
  and on a slow network more than six at once wait a round trip for a free connection.
- **Its own part's script, ahead.** Every page loads one script, ``guide/js/site.mjs``, which
  imports the module of each part the page has. On a page with a part, a ``modulepreload`` in the
  ``<head>`` asks for that module with the page, so the import costs no second round trip.
  ``PARTS`` mirrors ``site.mjs`` (a test holds them together).

The separate stylesheets stay published too: nothing links them, but an old page kept offline may.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from sitegen.paths import GUIDE_DEST, site_root

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


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Ask for the module of each part on the page with the page itself."""
    modules = [module for element, module in PARTS.items() if f'id="{element}"' in output]
    if not modules or "</head>" not in output:
        return output
    root = f"{site_root(page)}{GUIDE_DEST}"
    links = "".join(f'<link rel="modulepreload" href="{root}/{module}">' for module in modules)
    return output.replace("</head>", links + "</head>", 1)
