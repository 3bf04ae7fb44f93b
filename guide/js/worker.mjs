// The guide's engine: Pyodide and the decision_tree wheel, in a module Web Worker,
// so that loading Python never blocks the page. It answers each request with the
// JSON view that decision_tree.browser.handle returns. No decision logic here.

const INDEX_URL = new URL("../pyodide/", import.meta.url).href;

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
  ({ platform }) => postMessage({ type: "ready", platform }),
  (error) => postMessage({ type: "failed", message: String(error && error.message ? error.message : error) }),
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
