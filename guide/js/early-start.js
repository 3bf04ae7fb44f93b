// Inlined as the first script of the pages that run the engine (guide/engine_assets.py fills in
// the two addresses). On a slow network every round trip before the runtime is asked for costs
// half a second, so the page itself creates the engine's worker and asks for the two largest
// runtime files at once, then hands each response's body to the worker as it starts to arrive
// (a transferred stream: the bytes are downloaded once). Where a browser cannot transfer a
// stream, the worker is told to fetch the file itself. What the worker says before engine.mjs
// takes it over is kept, and replayed then (engine.mjs, earlyWorker).
(() => {
  try {
    const worker = new Worker("__WORKER_URL__", { type: "module", name: "decision-guide-engine" });
    const events = [];
    const keep = (event) => events.push(event);
    const kinds = ["message", "error", "messageerror"];
    for (const kind of kinds) worker.addEventListener(kind, keep);
    const urls = ["pyodide.asm.wasm", "python_stdlib.zip"].map((name) => new URL("__RUNTIME_URL__" + name, location.href).href);
    worker.postMessage({ type: "early", urls });
    for (const url of urls) {
      fetch(url, { credentials: "same-origin" }).then((response) => {
        const { status, statusText, body } = response;
        const message = { type: "early-file", url, status, statusText, headers: [...response.headers], body };
        try {
          worker.postMessage(message, body ? [body] : []);
        } catch (error) {
          body?.cancel();
          worker.postMessage({ type: "early-file", url, fetchYourself: true });
        }
      }, (error) => worker.postMessage({ type: "early-file", url, error: String(error && error.message ? error.message : error) }));
    }
    window.__decisionGuideEarlyWorker = {
      worker,
      take() {
        for (const kind of kinds) worker.removeEventListener(kind, keep);
        return events.splice(0);
      },
    };
  } catch (error) {
    // engine.mjs creates the worker, and reports why it cannot
  }
})();
