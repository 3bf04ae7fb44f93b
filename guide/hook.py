"""The MkDocs hook that assembles the decision guide into the site.

Declared once under ``hooks:`` in mkdocs.yml, so ``mkdocs build`` and
``mkdocs serve`` are all anyone runs. At each build it:

- loads and validates the tree from ``src/decision_tree/`` (an invalid tree fails
  the build with the file, the entry and the problem);
- builds the engine's wheel and registers it in a ``pyodide-lock.json`` with
  pyodide-build's ``pyodide lockfile add-wheels``;
- adds the Pyodide runtime files (from the pinned npm package), the wheel, the
  lock file and the guide's scripts and styles to the site's files;
- pre-renders the guide's first question, and expands the markers that pull
  text from the tree into pages (phrasings, pathways, handout, scenarios);
- checks after the build that every link the tree holds reaches its anchor;
- writes the Content-Security-Policy into every page (a ``<meta>`` tag listing the
  hashes of the inline scripts Material writes) and into a ``_headers`` file, with
  the other security headers, for static hosts that read one.

``mkdocs serve`` also watches ``src/decision_tree/`` and ``guide/``: a change
there rebuilds the wheel and reloads the page.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
ENGINE_SRC = ROOT / "src" / "decision_tree"
GUIDE_SRC = ROOT / "guide"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
BUILD_DIR = ROOT / "build" / "guide"
#: Only the files Pyodide needs at run time (no source maps, typings or consoles).
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PYODIDE_DEST = "assets/pyodide"
GUIDE_DEST = "assets/guide"
GUIDE_PAGE = "guide/index.md"
GUIDE_PLACEHOLDER = '<div id="decision-guide"></div>'
MARKER = re.compile(r"<!--\s*(phrasings|pathways|handout|scenarios|tree-diagram)(?::\s*([\w-]+))?\s*-->")

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S)
#: Everything the site needs, and nothing more. Script hashes are added at build time.
CSP = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",
}
#: Only in HTTP headers: browsers ignore these in a <meta> policy.
CSP_HEADER_ONLY = {"frame-ancestors": "'none'"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
        "payment=(), usb=(), interest-cohort=()"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_state: dict[str, Any] = {}


def _fresh_engine() -> dict[str, ModuleType]:
    """Import the engine anew, so that `mkdocs serve` picks up edits under src/."""
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    for name in [n for n in sys.modules if n == "decision_tree" or n.startswith("decision_tree.")]:
        del sys.modules[name]
    names = ("loader", "api", "render", "pages")
    return {name: importlib.import_module(f"decision_tree.{name}") for name in names}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    engine = _fresh_engine()
    try:
        tree = engine["loader"].load_tree_file(ENGINE_SRC / "tree.toml")
    except engine["loader"].TreeError as error:
        raise PluginError(str(error)) from None
    _state.update(engine=engine, tree=tree)
    return config


def _build_wheel() -> Path:
    """Build the engine's wheel (pure Python), reusing it while the sources are unchanged."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE_SRC.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ENGINE_SRC).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    out = BUILD_DIR / digest.hexdigest()[:16]
    wheels = sorted(out.glob("decision_tree-*.whl"))
    if wheels:
        return wheels[0]
    tmp = out.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp), str(ROOT)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        raise PluginError(f"building the decision_tree wheel failed:\n{run.stdout}\n{run.stderr}")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    # setuptools leaves its staging folders beside ours; they would only go stale.
    for staging in [ROOT / "build" / "lib", *(ROOT / "build").glob("bdist.*")]:
        shutil.rmtree(staging, ignore_errors=True)
    return next(out.glob("decision_tree-*.whl"))


def _write_lockfile(wheel: Path) -> Path:
    """Register the wheel in a copy of Pyodide's lock file with pyodide-build's tool."""
    lock = wheel.parent / "pyodide-lock.json"
    if lock.exists():
        return lock
    tool = Path(sys.executable).parent / "pyodide"
    command = [
        str(tool) if tool.exists() else "pyodide",
        "lockfile",
        "add-wheels",
        "--input",
        str(PYODIDE_NPM / "pyodide-lock.json"),
        "--output",
        str(lock),
        "--base-path",
        str(wheel.parent),
        str(wheel),
    ]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0 or not lock.exists():
        raise PluginError(f"pyodide lockfile add-wheels failed:\n{run.stdout}\n{run.stderr}")
    return lock


def _add(files: Files, config: MkDocsConfig, dest: str, source: Path) -> None:
    existing = files.get_file_from_path(dest)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, dest, abs_src_path=str(source)))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    missing = [name for name in PYODIDE_RUNTIME if not (PYODIDE_NPM / name).exists()]
    if missing:
        raise PluginError(f"Pyodide runtime files missing in {PYODIDE_NPM} ({', '.join(missing)}): run `npm ci`")
    started = time.perf_counter()
    wheel = _build_wheel()
    lock = _write_lockfile(wheel)
    for name in PYODIDE_RUNTIME:
        _add(files, config, f"{PYODIDE_DEST}/{name}", PYODIDE_NPM / name)
    _add(files, config, f"{PYODIDE_DEST}/pyodide-lock.json", lock)
    _add(files, config, f"{PYODIDE_DEST}/{wheel.name}", wheel)
    for path in sorted(GUIDE_SRC.glob("js/*.mjs")) + sorted(GUIDE_SRC.glob("css/*.css")):
        _add(files, config, f"{GUIDE_DEST}/{path.name}", path)
    _state.update(files=files, wheel=wheel.name, wheel_seconds=time.perf_counter() - started)
    return files


def _md_link(files: Files, page: Page, url: str) -> str:
    """A tree link ('managing/secondary/#wonder-aloud') as a Markdown link MkDocs validates."""
    path, _, anchor = url.partition("#")
    target = next((f for f in files.documentation_pages() if f.url == path), None)
    if target is None:
        raise PluginError(f"tree.toml links to '{url}', but no page has the address '{path}'")
    depth = page.file.src_uri.count("/")
    relative = "../" * depth + target.src_uri
    return f"{relative}#{anchor}" if anchor else relative


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    pages = _state["engine"]["pages"]
    tree = _state["tree"]

    def link(url: str) -> str:
        return _md_link(files, page, url)

    def expand(match: re.Match[str]) -> str:
        kind, argument = match.group(1), match.group(2)
        if kind == "phrasings":
            if argument not in tree.interventions:
                raise PluginError(
                    f"{page.file.src_uri}: <!-- phrasings: {argument} --> names no intervention of the tree"
                )
            return str(pages.phrasings_markdown(tree.interventions[argument]))
        if kind == "pathways":
            return str(pages.pathways_markdown(tree, link))
        if kind == "handout":
            return str(pages.handout_markdown(tree, link))
        if kind == "tree-diagram":
            return str(pages.diagram_svg(tree))
        return str(pages.scenarios_markdown(tree, pages.load_scenarios(ENGINE_SRC / "scenarios.toml"), link))

    markdown = MARKER.sub(expand, markdown)
    reviewed = page.meta.get("reviewed")
    if reviewed:
        markdown += f'\n\n<p class="page-reviewed">Last reviewed: <time datetime="{reviewed}">{reviewed}</time></p>\n'
    return markdown


def _site_root(page: Page) -> str:
    """The relative path from a page to the site's root ('../' from guide/)."""
    return "../" * page.url.count("/")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != GUIDE_PAGE:
        return html
    if GUIDE_PLACEHOLDER not in html:
        raise PluginError(f"{GUIDE_PAGE} must contain {GUIDE_PLACEHOLDER} where the guide goes")
    engine = _state["engine"]
    root = _site_root(page)
    first = engine["api"].first_question(_state["tree"])
    return html.replace(GUIDE_PLACEHOLDER, engine["pages"].guide_container(first, root))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Start the guide's engine from the guide page's <head>, before the rest of the page."""
    if page.file.src_uri != GUIDE_PAGE:
        return output
    root = _site_root(page)
    early = f'<script type="module" async src="{root}{GUIDE_DEST}/start.mjs"></script>'
    return output.replace("</head>", early + "</head>", 1)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    _check_tree_links(config, site)
    _write_security_policy(site)


def content_security_policy(site: Path) -> dict[str, str]:
    """The site-wide policy: one for all pages, since instant navigation keeps the first page's policy."""
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        for attributes, script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "application/json" in attributes:
                continue  # data, never executed
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    policy = dict(CSP)
    policy["script-src"] += "".join(f" {h}" for h in sorted(hashes))
    return policy


def _write_security_policy(site: Path) -> None:
    policy = content_security_policy(site)
    text = "; ".join(f"{key} {value}" for key, value in policy.items())
    meta = f'<meta http-equiv="Content-Security-Policy" content="{text}"><meta name="referrer" content="no-referrer">'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Right after the charset, which must stay within the first 1024 bytes, and before any script.
        anchor = re.search(r"<meta charset=[^>]*>|<head>", html)
        if anchor is None:
            raise PluginError(f"{page}: no <head> to put the Content-Security-Policy in")
        page.write_text(html[: anchor.end()] + meta + html[anchor.end() :], encoding="utf-8")
    header_policy = text + "".join(f"; {key} {value}" for key, value in CSP_HEADER_ONLY.items())
    headers = {"Content-Security-Policy": header_policy, **SECURITY_HEADERS}
    lines = ["# Security headers for static hosts that read a _headers file (Netlify, Cloudflare Pages).", "/*"]
    lines += [f"  {key}: {value}" for key, value in headers.items()]
    lines += ["", "/assets/pyodide/*.wasm", "  Content-Type: application/wasm", ""]
    (site / "_headers").write_text("\n".join(lines), encoding="utf-8")


def _check_tree_links(config: MkDocsConfig, site: Path) -> None:
    """Every link the tree holds must reach an element with that ID in the built site."""
    tree = _state["tree"]
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


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(ENGINE_SRC))
    server.watch(str(GUIDE_SRC))
    return server
