// The guide's engine: Pyodide and the decision_tree wheel, in a module Web Worker,
// so that loading Python never blocks the page. It answers each request with the
// JSON view that decision_tree.browser.handle returns. No decision logic here.

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;

// Some load failures never settle inside Pyodide (a blocked or mistyped .wasm leaves
// loadPyodide pending forever). Watching the runtime's own fetches lets the page say
// at once which file failed and why, instead of waiting for its timeout.
let reported = false;
function reportFailure(message) {
  if (reported) return;
  reported = true;
  postMessage({ type: "failed", message });
}
const fetchOriginal = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const name = url.split("/").pop().split("?")[0];
  let response;
  try {
    response = await fetchOriginal(input, init);
  } catch (error) {
    reportFailure(`could not load ${name} (${error.message})`);
    throw error;
  }
  const type = response.headers.get("content-type") || "no type";
  if (!response.ok) {
    reportFailure(`could not load ${name} (HTTP ${response.status})`);
  } else if (name.endsWith(".wasm") && !type.startsWith("application/wasm")) {
    reportFailure(`${name} is served as "${type}"; browsers need "application/wasm"`);
  }
  return response;
};

const engine = (async () => {
  const { loadPyodide } = await import(new URL("pyodide.mjs", INDEX_URL).href);
  const pyodide = await loadPyodide({
    indexURL: INDEX_URL,
    // The wheel is registered in pyodide-lock.json at build time, so it loads
    // by name, in parallel with the runtime's own start-up.
    packages: ["decision-tree"],
    stdout: () => {},
    stderr: (line) => console.warn("[decision-guide engine]", line),
  });
  const browser = pyodide.pyimport("decision_tree.browser");
  const platform = pyodide.runPython("import sys; sys.platform");
  return { handle: (request) => browser.handle(JSON.stringify(request)), platform };
})();

engine.then(
  ({ platform, handle }) => {
    postMessage({ type: "ready", platform });
    // Warm Python up on a question and a result, so the first real click is as quick as the rest.
    handle({ type: "view", fragment: "" });
    handle({ type: "view", fragment: "risk=yes&phase=start&signs=withdrawal,dropout&still-attending=no" });
  },
  (error) => reportFailure(String(error && error.message ? error.message : error)),
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
