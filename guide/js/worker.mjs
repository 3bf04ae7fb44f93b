// The guide's engine: Pyodide and the decision_tree wheel, in a module Web Worker, so that
// loading Python never blocks the page. It answers each request with the JSON view that
// decision_tree.browser.handle returns. No decision logic here.
//
// Start-up, in order of what the page sees:
// - the runtime's files are fetched through a watch (watched-fetch.mjs) that reports a failing
//   file at once and posts {type: "progress", loaded, total} as bytes arrive, out of the total
//   that the build wrote into runtime.json;
// - a memory snapshot of an earlier visit (snapshot-store.mjs) is restored when its runtime key
//   matches; otherwise, or if restoring fails, Python starts in full and a new snapshot is taken
//   once the engine is imported and warmed up, before any request is answered;
// - {type: "ready", platform, start} says which path ran: "snapshot" or "full".
// The page sends {type: "settings", keepOffline} first: false when the reader removed the
// offline copy, and then no snapshot is read or written.

import { progressCounter, watchFetch } from "./watched-fetch.mjs";
import { snapshotStore } from "./snapshot-store.mjs";

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;
const PACKAGE = "decision-tree";
const WHEEL_PATH = "/lib/decision-guide/";

// Failures are posted in engine.mjs's error shape, {kind, message, file?} (its kinds are
// documented there); only the first is posted.
let reported = false;
function reportFailure({ kind, message, file }) {
  if (reported) return;
  reported = true;
  postMessage(file ? { type: "failed", kind, message, file } : { type: "failed", kind, message });
}
class StartFailure extends Error {
  constructor(kind, message, file) {
    super(message);
    Object.assign(this, { kind, file });
  }
}
const asFailure = (error) => error instanceof StartFailure
  ? error
  : { kind: "startup", message: String(error && error.message ? error.message : error) };

const fetchOriginal = globalThis.fetch.bind(globalThis);
const sizes = {};

// What the build says of the runtime: its key and the size of each file. Without it the engine
// still starts, only with no progress figure and no snapshot.
const runtime = fetchOriginal(new URL("runtime.json", INDEX_URL))
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}));

// Bytes are counted from the first one; the total is known once runtime.json has arrived.
let progress = null;
let loadedEarly = 0;
const count = (bytes) => (progress ? progress.add(bytes) : (loadedEarly += bytes));
const isRuntimeFile = (name) => /\.(wasm|zip|whl)$/.test(name) || name === "pyodide-lock.json";
const watched = watchFetch(fetchOriginal, {
  onFailure: reportFailure,
  counted: isRuntimeFile,
  onBytes: (name, bytes) => count(bytes),
});

// The two largest files are asked for at once, not when Pyodide reaches them (after it has
// loaded and run pyodide.asm.mjs): on a slow network the line is busy from the first moment.
// Pyodide's own request for them is then answered with the response already on its way.
const startedEarly = new Map();
for (const name of ["pyodide.asm.wasm", "python_stdlib.zip"]) {
  const url = new URL(name, INDEX_URL).href;
  const response = watched(url, { credentials: "same-origin" });
  response.catch(() => {});  // a failure is reported by the watch, and again when Pyodide asks
  startedEarly.set(url, response);
}
globalThis.fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const early = startedEarly.get(url);
  if (!early) return watched(input, init);
  startedEarly.delete(url);
  return early;
};

const settings = new Promise((resolve) => {
  addEventListener("message", function first({ data }) {
    if (data?.type !== "settings") return;
    removeEventListener("message", first);
    resolve(data);
  });
});

// The lock file, written at build time by `pyodide lockfile add-wheels`, is the manifest:
// it names the engine's wheel and its SHA-256. The wheel is fetched and checked while the
// runtime starts, then imported straight from the zip (Python's zipimport, as for the
// standard library), which skips an install step that costs a quarter of a second.
async function fetchEngineWheel(lockText) {
  let entry;
  try {
    entry = JSON.parse(lockText).packages[PACKAGE];
  } catch (error) {
    throw new StartFailure("corrupt", `pyodide-lock.json could not be read (${error.message})`, "pyodide-lock.json");
  }
  if (!entry) throw new StartFailure("corrupt", `pyodide-lock.json does not list ${PACKAGE}`, "pyodide-lock.json");
  const response = await fetch(new URL(entry.file_name, INDEX_URL));
  if (!response.ok) throw new StartFailure("load", `could not load ${entry.file_name} (HTTP ${response.status})`, entry.file_name);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (hex !== entry.sha256) throw new StartFailure("corrupt", `${entry.file_name} does not match the SHA-256 in pyodide-lock.json`, entry.file_name);
  return { name: entry.file_name, bytes };
}

// Import a runtime module, counting its size once it has arrived (imports are not fetches).
async function importCounted(name) {
  const module = await import(new URL(name, INDEX_URL).href);
  count(sizes[name] || 0);
  return module;
}

runtime.then(({ files = {} }) => {
  Object.assign(sizes, files);
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  if (total <= 0) return;
  progress = progressCounter(total, ({ loaded }) => postMessage({ type: "progress", loaded, total }));
  progress.add(loadedEarly);
});

const engine = (async () => {
  const lockText = fetch(new URL("pyodide-lock.json", INDEX_URL)).then((response) => {
    if (!response.ok) throw new StartFailure("load", `could not load pyodide-lock.json (HTTP ${response.status})`, "pyodide-lock.json");
    return response.text();
  });
  const wheel = lockText.then(fetchEngineWheel);
  wheel.catch((error) => reportFailure(asFailure(error)));  // at once: Pyodide may never settle
  // Pyodide imports pyodide.asm.mjs itself; asking for it now overlaps it with the other files.
  const asm = importCounted("pyodide.asm.mjs");
  asm.catch(() => {});
  const { loadPyodide } = await importCounted("pyodide.mjs");
  const { keepOffline = true } = await settings;
  const { key } = await runtime;
  const store = snapshotStore({
    caches: keepOffline ? globalThis.caches : undefined,
    key,
    url: new URL("engine.snapshot", INDEX_URL).href,
  });
  const options = {
    indexURL: INDEX_URL,
    stdLibURL: new URL("python_stdlib.zip", INDEX_URL).href,
    lockFileContents: lockText,
    packageBaseUrl: INDEX_URL,
    stdout: () => {},
    stderr: (line) => console.warn("[decision-guide engine]", line),
  };

  let pyodide = null;
  let start = "full";
  const saved = await store.read().catch((error) => ({ missing: String(error) }));
  if (saved.bytes) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: saved.bytes });
      start = "snapshot";
    } catch (error) {
      console.warn("[decision-guide engine] the saved snapshot could not be restored; starting in full:", error);
      await store.discard().catch(() => {});
    }
  }
  pyodide ??= await loadPyodide({ ...options, _makeSnapshot: store.usable });
  await asm;
  progress?.finish();

  // The wheel goes on the path after a restore too: a module imported later comes from it.
  const { name, bytes } = await wheel;
  pyodide.FS.mkdirTree(WHEEL_PATH);
  pyodide.FS.writeFile(WHEEL_PATH + name, bytes);
  const platform = pyodide.runPython(`
import sys
if ${JSON.stringify(WHEEL_PATH + name)} not in sys.path:
    sys.path.insert(0, ${JSON.stringify(WHEEL_PATH + name)})
import decision_tree.browser
sys.platform
`);
  let snapshot = null;
  if (start === "full") {
    // Warm Python up on a question and a result, so the first real click is as quick as the
    // rest (and the snapshot holds a warm engine); only fixed fragments, never a request.
    const warm = pyodide.pyimport("decision_tree.browser");
    warm.handle(JSON.stringify({ type: "view", fragment: "" }));
    warm.handle(JSON.stringify({ type: "view", fragment: "risk=yes&phase=start&signs=withdrawal,dropout&still-attending=no" }));
    warm.destroy();
    if (store.usable) {
      try {
        snapshot = pyodide.makeMemorySnapshot();
      } catch (error) {
        console.warn("[decision-guide engine] no snapshot this time:", error);
      }
    }
  }
  const browser = pyodide.pyimport("decision_tree.browser");
  return { handle: (request) => browser.handle(JSON.stringify(request)), platform, start, snapshot, store };
})();

engine.then(
  ({ platform, start, snapshot, store }) => {
    postMessage({ type: "ready", platform, start });
    if (snapshot) store.write(snapshot).catch((error) => console.warn("[decision-guide engine] the snapshot was not saved:", error));
  },
  (error) => reportFailure(asFailure(error)),
);

addEventListener("message", async ({ data }) => {
  if (data?.type === "settings") return;
  const { id, request } = data;
  try {
    const { handle } = await engine;
    postMessage({ type: "view", id, view: JSON.parse(handle(request)) });
  } catch (error) {
    postMessage({ type: "view", id, view: { state: "error", message: String(error) } });
  }
});
