"""The bare Pyodide pages the guide is compared with, written into the built site.

They load their own copy of the runtime, the pinned npm package's files as published
(``bench-bare/pyodide/``), not the site's ``assets/pyodide/``: whatever the build trims
from the guide's runtime (a smaller standard library, a shorter lock file) must show as
a gain against the full runtime, not shrink the baseline along with it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tools.bench.common import BARE_RUNTIME_DIR, BARE_RUNTIME_FILES, GUIDE_PATH, NPM_PYODIDE, SEARCH_NOW_PATH

#: The inline script of the engine's pages that holds Material's search index (guide/js/search-later.js).
SEARCH_LATER_SCRIPT = re.compile(r"<script>(?:(?!</script>).)*SearchWorkerLater(?:(?!</script>).)*</script>", re.S)

BARE_WORKER_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide in a module worker</title>
<script type="module">
  const worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  worker.addEventListener("message", ({ data }) => {
    if (data === "ready" || data.type === "ready") document.body.dataset.ready = "1";
    // Anything else (the guide's worker also reports its progress) is not a failure.
    else if (String(data).startsWith("failed") || data.type === "failed") {
      document.body.dataset.failed = String(data.message || data);
    }
  });
  worker.addEventListener("error", (event) => { document.body.dataset.failed = event.message || "worker error"; });
</script></head>
<body><p>Baseline: Pyodide only, in a module Web Worker.</p></body></html>
"""

BARE_WORKER_MJS = """import { loadPyodide } from "./pyodide/pyodide.mjs";

loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href }).then(
  () => postMessage("ready"),
  (error) => postMessage(`failed: ${error}`),
);
"""

#: The guide's own engine (its worker.mjs: Pyodide, the wheel, the import, with the site's own
#: runtime files) on a bare page: splits the guide's overhead over the bare worker into the
#: engine's work and the page's.
#: Like the guide's page, it first sends the worker its settings (keeping the offline copy, so
#: the engine may restore and save its memory snapshot as on the guide).
BARE_ENGINE_HTML = (
    BARE_WORKER_HTML.replace("./worker.mjs", "../assets/guide/worker.mjs")
    .replace("Pyodide only, in a module Web Worker", "the guide's worker.mjs")
    .replace(
        '  worker.addEventListener("error"',
        '  worker.postMessage({ type: "settings", keepOffline: true });\n  worker.addEventListener("error"',
    )
)

BARE_MAIN_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide on the main thread</title>
<script type="module">
  import { loadPyodide } from "./pyodide/pyodide.mjs";
  loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href }).then(
    () => { document.body.dataset.ready = "1"; },
    (error) => { document.body.dataset.failed = String(error); },
  );
</script></head>
<body><p>Baseline: Pyodide only, on the main thread.</p></body></html>
"""


def write_baselines(site_dir: Path) -> None:
    """Write the bare Pyodide pages (worker and main thread) and their own full copy of the runtime."""
    bare = site_dir / "bench-bare"
    runtime = site_dir / BARE_RUNTIME_DIR
    runtime.mkdir(parents=True, exist_ok=True)
    for name in BARE_RUNTIME_FILES:
        shutil.copyfile(NPM_PYODIDE / name, runtime / name)
    (bare / "index.html").write_text(BARE_WORKER_HTML, encoding="utf-8")
    (bare / "worker.mjs").write_text(BARE_WORKER_MJS, encoding="utf-8")
    (bare / "main-thread.html").write_text(BARE_MAIN_HTML, encoding="utf-8")
    (bare / "engine.html").write_text(BARE_ENGINE_HTML, encoding="utf-8")
    write_search_now(site_dir)


def write_search_now(site_dir: Path) -> None:
    """guide/ as it was before issue 20 held Material's search index: a copy of the page beside
    it, without the script that holds the index (where the page has none, an unchanged copy)."""
    page = (site_dir / GUIDE_PATH / "index.html").read_text(encoding="utf-8")
    (site_dir / SEARCH_NOW_PATH).write_text(SEARCH_LATER_SCRIPT.sub("", page, count=1), encoding="utf-8")

