// The engine's own files, as the worker reads them: the lock file, written at build time by
// `pyodide lockfile add-wheels`, is the manifest; it names the engine's wheel and its SHA-256.
// The wheel is fetched and checked while the runtime starts, then imported straight from the
// zip (Python's zipimport, as for the standard library), which skips an install step that costs
// a quarter of a second. Its modules are bytecode, compiled at build time for Pyodide's Python
// (guide/sitegen/bytecode.py): from sources, zipimport compiled each twice, about 110 ms of a
// cold start. A failure is a StartFailure in the engine's error shape (engine-errors.mjs).
//
// Both are asked for past the browser's HTTP cache (revalidated, so a 304 where nothing changed):
// a new build keeps their names, and a host lets browsers keep files for minutes (GitHub Pages,
// ten), so the lock file of one build could meet the wheel of the one before, and the guide fail
// to start (tests/browser/test_offline.py). The offline copy still answers them offline (sw.js).

const PACKAGE = "decision-tree";
/** @type {RequestInit} */
const CURRENT = { cache: "no-cache" };

export class StartFailure extends Error {
  constructor(kind, message, file) {
    super(message);
    Object.assign(this, { kind, file });
  }
}

export async function fetchLockText(fetch, indexURL) {
  const response = await fetch(new URL("pyodide-lock.json", indexURL), CURRENT);
  if (!response.ok)
    throw new StartFailure("load", `could not load pyodide-lock.json (HTTP ${response.status})`, "pyodide-lock.json");
  return response.text();
}

export async function fetchEngineWheel(fetch, indexURL, lockText) {
  let entry;
  try {
    entry = JSON.parse(lockText).packages[PACKAGE];
  } catch (error) {
    throw new StartFailure("corrupt", `pyodide-lock.json could not be read (${error.message})`, "pyodide-lock.json");
  }
  if (!entry) throw new StartFailure("corrupt", `pyodide-lock.json does not list ${PACKAGE}`, "pyodide-lock.json");
  const response = await fetch(new URL(entry.file_name, indexURL), CURRENT);
  if (!response.ok)
    throw new StartFailure("load", `could not load ${entry.file_name} (HTTP ${response.status})`, entry.file_name);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (hex !== entry.sha256)
    throw new StartFailure(
      "corrupt",
      `${entry.file_name} does not match the SHA-256 in pyodide-lock.json`,
      entry.file_name,
    );
  return { name: entry.file_name, bytes };
}
