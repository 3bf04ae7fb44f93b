// The guide's engine: Pyodide and the decision_tree wheel, in a module Web Worker,
// so that loading Python never blocks the page. It answers each request with the
// JSON view that decision_tree.browser.handle returns. No decision logic here.

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;

// Some load failures never settle inside Pyodide (a blocked or mistyped .wasm leaves
// loadPyodide pending forever). Watching the runtime's own fetches lets the page say
// at once which file failed and why, instead of waiting for its timeout.
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
globalThis.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const name = url.split("/").pop().split("?")[0];
  let response;
  try {
    response = await fetchOriginal(input, init);
  } catch (error) {
    reportFailure({ kind: "load", message: `could not load ${name} (${error.message})`, file: name });
    throw error;
  }
  const type = response.headers.get("content-type") || "no type";
  if (!response.ok) {
    reportFailure({ kind: "load", message: `could not load ${name} (HTTP ${response.status})`, file: name });
  } else if (name.endsWith(".wasm") && !type.startsWith("application/wasm")) {
    reportFailure({ kind: "mime", message: `${name} is served as "${type}"; browsers need "application/wasm"`, file: name });
  }
  return response;
};

const PACKAGE = "decision-tree";
const WHEEL_PATH = "/lib/decision-guide/";

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

const engine = (async () => {
  const lockText = fetch(new URL("pyodide-lock.json", INDEX_URL)).then((response) => {
    if (!response.ok) throw new StartFailure("load", `could not load pyodide-lock.json (HTTP ${response.status})`, "pyodide-lock.json");
    return response.text();
  });
  const wheel = lockText.then(fetchEngineWheel);
  wheel.catch((error) => reportFailure(asFailure(error)));  // at once: Pyodide may never settle
  const { loadPyodide } = await import(new URL("pyodide.mjs", INDEX_URL).href);
  const pyodide = await loadPyodide({
    indexURL: INDEX_URL,
    lockFileContents: lockText,
    packageBaseUrl: INDEX_URL,
    stdout: () => {},
    stderr: (line) => console.warn("[decision-guide engine]", line),
  });
  const { name, bytes } = await wheel;
  pyodide.FS.mkdirTree(WHEEL_PATH);
  pyodide.FS.writeFile(WHEEL_PATH + name, bytes);
  const platform = pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(WHEEL_PATH + name)})
sys.platform
`);
  const browser = pyodide.pyimport("decision_tree.browser");
  return { handle: (request) => browser.handle(JSON.stringify(request)), platform };
})();

engine.then(
  ({ platform, handle }) => {
    postMessage({ type: "ready", platform });
    // Warm Python up on a question and a result, so the first real click is as quick as the rest.
    handle({ type: "view", fragment: "" });
    handle({ type: "view", fragment: "risk=yes&phase=start&signs=withdrawal,dropout&still-attending=no" });
  },
  (error) => reportFailure(asFailure(error)),
);

addEventListener("message", async (event) => {
  const { id, request } = event.data;
  try {
    const { handle } = await engine;
    postMessage({ type: "view", id, view: JSON.parse(handle(request)) });
  } catch (error) {
    postMessage({ type: "view", id, view: { state: "error", message: String(error) } });
  }
});
