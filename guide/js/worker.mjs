// The guide's engine: Pyodide and the decision_tree wheel, in a module Web Worker, so that
// loading Python never blocks the page. It answers each request with the JSON view that
// decision_tree.browser.handle returns. No decision logic here.
//
// Start-up, in order of what the page sees:
// - the two largest files are asked for before anything else, as this module starts (it has no
//   static import, so nothing stands before them); the site ships them packed with zstd, as
//   <name>.zst (guide/sitegen/packed_runtime.py), and Pyodide's own request for each is later
//   answered with the response already on its way, unpacked as it comes (unpack.mjs);
// - every runtime download goes through a watch (watched-fetch.mjs) that reports a failing
//   file at once and posts {type: "progress", loaded, total} as bytes arrive, out of the
//   total that the build wrote into runtime.json;
// - a memory snapshot of an earlier visit (snapshot-store.mjs) is restored when its runtime key
//   matches; otherwise, or if restoring fails, Python starts in full and a new snapshot is taken
//   once the engine is imported and warmed up, before any request is answered, and saved in the
//   first quiet moment after, so that saving never holds up an answer;
// - {type: "ready", platform, start} says which path ran: "snapshot" or "full".
// The page sends {type: "settings", keepOffline} first: false when the reader removed the
// offline copy, and then no snapshot is read or written.

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;
const WHEEL_PATH = "/lib/decision-guide/";
const at = (name) => new URL(name, INDEX_URL).href;
const fetchOriginal = globalThis.fetch.bind(globalThis);
const urlOf = (input) => (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);

// On a slow network the line is busy from the first moment: the page creates this worker as soon
// as it has painted (early-start.js), and the worker asks for the two largest files at once.
// The worker fetches them itself, not the page: a body the page fetched and handed over would
// pass through the page's main thread chunk by chunk, tasks a phone feels as a slow page (and
// Lighthouse counts as blocking, issue 20). Pyodide's own request for each is then answered
// with the response already on its way.
// Shipped packed with zstd (guide/sitegen/packed_runtime.py), and unpacked here (unpack.mjs).
const PACKED = [
  { name: "pyodide.asm.wasm", file: "pyodide.asm.wasm.zst", type: "application/wasm" },
  { name: "python_stdlib.zip", file: "python_stdlib.zip.zst", type: "application/zip" },
];
const startedEarly = new Map(
  [...PACKED.map(({ file }) => file), "zstd-decoder.wasm"].map((name) => [
    at(name),
    fetchOriginal(at(name), { credentials: "same-origin" }),
  ]),
);
for (const response of startedEarly.values()) response.catch(() => {}); // reported by the watch
const fetchOrEarly = (input, init) => {
  const url = urlOf(input);
  const early = startedEarly.get(url);
  if (!early) return fetchOriginal(input, init);
  startedEarly.delete(url);
  return early;
};

// What the build says of the runtime: its key and the size of each file. Without it the engine
// still starts, only with no progress figure and no snapshot. Revalidated, as the engine's files
// are (engine-files.mjs): the key names the snapshot to restore, which holds the engine and tree.
/** @type {Promise<{key?: string, files?: Record<string, number>}>} */
const runtime = fetchOriginal(at("runtime.json"), { cache: "no-cache" })
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}));
const helpers = Promise.all([
  import("./watched-fetch.mjs"),
  import("./snapshot-store.mjs"),
  import("./engine-files.mjs"),
  import("./unpack.mjs"),
]);
const warmUpFragments = import("./warm-up.mjs").then(
  ({ WARM_UP_FRAGMENTS }) => WARM_UP_FRAGMENTS,
  () => [],
);

// Failures are posted in the engine's error shape, {kind, message, file?} (its kinds are
// documented in engine-errors.mjs); only the first is posted.
let reported = false;
function reportFailure({ kind, message, file }) {
  if (reported) return;
  reported = true;
  postMessage(file ? { type: "failed", kind, message, file } : { type: "failed", kind, message });
}
const asFailure = (error) =>
  error?.kind ? error : { kind: "startup", message: String(error?.message ? error.message : error) };

const settings = new Promise((resolve) => {
  addEventListener("message", function first({ data }) {
    if (data?.type !== "settings") return;
    removeEventListener("message", first);
    resolve(data);
  });
});

let saving = null; // the snapshot's save, once one is taken
const engine = (async () => {
  const [
    { watchFetch, progressReporter, arrivals },
    { snapshotStore, saveWhenQuiet, startPython },
    engineFiles,
    { unpackingFetch },
  ] = await helpers;
  const progress = progressReporter(runtime, (loaded, total) => postMessage({ type: "progress", loaded, total }));
  const arrived = arrivals();
  const watched = watchFetch(fetchOrEarly, {
    onFailure: reportFailure,
    counted: (name) => /\.(wasm|zst|whl)$/.test(name) || name === "pyodide-lock.json",
    onBytes: (_name, bytes) => progress.add(bytes),
    onArrived: arrived.tell,
  });
  // The early responses go through the watch now, so that a failure among them shows at once;
  // Pyodide gets each packed file unpacked (the first time, the response already on its way).
  globalThis.fetch = unpackingFetch(watched, INDEX_URL, PACKED, reportFailure);
  const lockText = engineFiles.fetchLockText(fetch, INDEX_URL);
  // Python needs the wheel only once it has started, which it cannot before the whole .wasm is
  // here: asked for then, on a slow line it comes while Python starts, not in the .wasm's way.
  const wasmHere = arrived.of("pyodide.asm.wasm.zst");
  const wheel = Promise.all([lockText, wasmHere]).then(([text]) =>
    engineFiles.fetchEngineWheel(fetch, INDEX_URL, text),
  );
  wheel.catch((error) => reportFailure(asFailure(error))); // at once: Pyodide may never settle
  // Pyodide imports pyodide.asm.mjs itself; asking for it now overlaps it with the other files.
  const importCounted = (name) =>
    import(at(name)).then((module) => {
      progress.addFile(name);
      return module;
    });
  const asm = importCounted("pyodide.asm.mjs");
  asm.catch(() => {});
  const pyodideModule = importCounted("pyodide.mjs");
  pyodideModule.catch(() => {}); // reported once awaited, below
  // The store is read while pyodide.mjs arrives, not after: the read takes tens of milliseconds.
  const [{ keepOffline = true }, { key }] = await Promise.all([settings, runtime]);
  const store = snapshotStore({ caches: keepOffline ? globalThis.caches : undefined, key, url: at("engine.snapshot") });
  const saved = store.read().catch((error) => ({ bytes: undefined, missing: String(error) }));
  const { loadPyodide } = await pyodideModule;
  const options = {
    indexURL: INDEX_URL,
    stdLibURL: at("python_stdlib.zip"),
    lockFileContents: lockText,
    packageBaseUrl: INDEX_URL,
    stdout: () => {},
    stderr: (line) => console.warn("[decision-guide engine]", line),
  };

  const { pyodide, start } = await startPython(loadPyodide, options, store, await saved);
  await asm;
  progress.finish();
  const warmUp = start === "full" ? await warmUpFragments : [];

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
  // The page may send its requests now; they are read only once this task has ended, so after
  // the warm-up and the snapshot below, which therefore never hold anything the reader enters.
  postMessage({ type: "ready", platform, start });
  let snapshot = null;
  if (start === "full") {
    // Warm Python up on the fixed links the build derives from the tree (sitegen/warm_up.py), so the
    // first real click is as quick as the rest (and the snapshot holds a warm engine); never a request.
    const warm = pyodide.pyimport("decision_tree.browser");
    for (const fragment of warmUp) warm.handle(JSON.stringify({ type: "view", fragment }));
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
  browser.settle(); // no full garbage collection of the warm engine falls on an answer (browser.py)
  // Saved in the first quiet moment (snapshot-store.mjs); set in this task, before any request is read.
  if (snapshot) saving = saveWhenQuiet(() => store.write(snapshot));
  return { handle: (request) => browser.handle(JSON.stringify(request)), platform, start };
})();

engine.catch((error) => reportFailure(asFailure(error)));

addEventListener("message", async ({ data }) => {
  if (data?.type === "settings") return;
  saving?.putOff();
  const { id, request } = data;
  try {
    const { handle } = await engine;
    postMessage({ type: "view", id, view: JSON.parse(handle(request)) });
  } catch (error) {
    postMessage({ type: "view", id, view: { state: "error", message: String(error) } });
  }
});
