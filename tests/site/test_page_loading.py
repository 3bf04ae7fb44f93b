"""What every built page asks for before it can be read and used (guide/page_loading.py, issue 20):
one stylesheet of the project's own, holding every listed one in order, and one script, with the
module of each part the page has asked for ahead, and no other part's."""

from __future__ import annotations

import re
from pathlib import Path

from tools.harness import ROOT

STYLESHEET = "assets/stylesheets/rupture-guide.css"
#: The parts and the pages that have them: an element's id, its module, a page with it.
PARTS = {
    "decision-guide": ("guide.mjs", "guide/index.html"),
    "practice": ("practice.mjs", "guide/practice/index.html"),
    "consult": ("consult.mjs", "guide/consult/index.html"),
    "say-it": ("say-it.mjs", "guide/practice/say-it/index.html"),
}


def listed_stylesheets() -> list[str]:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = config[config.index("\nextra_css:") :].split("\n\n")[0]
    return re.findall(r"^  - (\S+)$", block, re.M)


def own_links(html: str, rel: str) -> list[str]:
    """The site's own links of a kind, from the root, leaving out Material's stylesheets."""
    links = [re.sub(r"^(\.\./)+", "", link) for link in re.findall(rf'<link rel="{rel}" href="([^"]+)"', html)]
    return [link for link in links if not link.startswith(("assets/stylesheets/main.", "assets/stylesheets/palette."))]


def test_every_page_links_one_stylesheet_of_its_own(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "<head>" not in html or "bench-" in page.as_posix():
            continue
        assert own_links(html, "stylesheet") == [STYLESHEET], page.relative_to(site)


def test_the_stylesheet_holds_every_listed_one_in_order(site: Path) -> None:
    text = (site / STYLESHEET).read_text(encoding="utf-8")
    listed = listed_stylesheets()
    assert listed[-1] == "assets/site.css", "site.css comes last: its print section must win"
    starts = [text.index(f"/* {path} */") for path in listed]
    assert starts == sorted(starts)
    for path in listed:
        assert (site / path).read_text(encoding="utf-8") in text, path


def test_a_page_asks_ahead_for_the_module_of_its_part_and_no_other(site: Path) -> None:
    for element, (module, page) in PARTS.items():
        html = (site / page).read_text(encoding="utf-8")
        assert f'id="{element}"' in html, page
        preloads = own_links(html, "modulepreload")
        assert preloads == [f"assets/guide/{module}"], page
        head = html[: html.index("</head>")]
        assert "modulepreload" in head, page
    content = (site / "alliance/index.html").read_text(encoding="utf-8")
    assert own_links(content, "modulepreload") == []


def test_every_page_loads_the_one_script_and_it_knows_every_part(site: Path) -> None:
    html = (site / "alliance/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)" type="module">', html)
    assert [re.sub(r"^(\.\./)+", "", src) for src in scripts] == ["assets/guide/site.mjs"]
    site_script = (ROOT / "guide/js/site.mjs").read_text(encoding="utf-8")
    table = dict(re.findall(r'\["([\w-]+)", \(\) => import\("\./([\w.-]+)"\)\]', site_script))
    assert table == {element: module for element, (module, _) in PARTS.items()}
    hook = (ROOT / "guide/page_loading.py").read_text(encoding="utf-8")
    for element, (module, _) in PARTS.items():
        assert f'"{element}": "{module}"' in hook


def test_no_script_of_the_projects_holds_the_parse_of_a_page(site: Path) -> None:
    # A classic <script src> without defer or async stops the parser until it has arrived and run:
    # only Material's own bundle, at the end of the body, may do so.
    for page in ("index.html", "guide/index.html", "alliance/index.html", "guide/practice/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        blocking = [
            tag
            for tag in re.findall(r"<script\b[^>]*\ssrc=[^>]*>", html)
            if not re.search(r'\s(defer|async)\b|type="module"', tag) and "assets/javascripts/bundle." not in tag
        ]
        assert blocking == [], page
    assert "data-md-color-scheme" in (site / "alliance/index.html").read_text(encoding="utf-8")


def test_each_engine_page_inlines_the_early_start_and_says_when_it_starts(site: Path) -> None:
    """The first script of an engine page creates its worker after the first paint, except where the
    build says the engine starts when needed: on the practice page, a case is read first
    (early-start.js; sitegen/paths.py, STARTS_WHEN_NEEDED)."""
    starts = {
        "guide/index.html": "after-paint",
        "guide/consult/index.html": "after-paint",
        "guide/practice/index.html": "when-needed",
    }
    for page, expected in starts.items():
        head = (site / page).read_text(encoding="utf-8").split("</head>")[0]
        found = re.findall(r'const starts = /\*\* @type \{string\} \*/ \("([\w-]+)"\);', head)
        assert found == [expected], page
        assert "__STARTS__" not in head and "__WORKER_URL__" not in head, page
        assert re.search(r'new Worker\("(\.\./)+assets/guide/worker\.mjs"', head), page
    content = (site / "alliance/index.html").read_text(encoding="utf-8")
    assert "const starts" not in content and "new Worker(" not in content
