// The guide's engine: one module Web Worker running Pyodide and the decision_tree
// wheel, started once per visit. The guide page starts it from its <head> (start.mjs),
// before the rest of the page is parsed; guide.mjs uses the same instance.
//
// `engine.ready` settles when Python is up. A start that outlasts the timeout is
// reported as a failure, but if the engine still comes up later the guide recovers
// (the "decision-guide:ready" event tells mounted guides).

const ENGINE_TIMEOUT_MS = 15000;

// Test-only hook: a test may shorten the start-up timeout by defining
// `window.__decisionGuideEngineTimeoutMs` (a positive number of milliseconds) before any
// page script runs (Playwright's add_init_script), so the slow-engine test need not wait
// 15 seconds. The page itself never sets it; anything else falls back to the default.
function startTimeout() {
  const ms = Number(globalThis.__decisionGuideEngineTimeoutMs);
  return Number.isFinite(ms) && ms > 0 ? ms : ENGINE_TIMEOUT_MS;
}
const WORKER_URL = new URL("./worker.mjs", import.meta.url);

let engine = null;

export function startEngine() {
  if (engine) return engine;
  const pending = new Map();
  let nextId = 0;
  let settle;
  const armReady = () => {
    engine.ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    engine.ready.catch(() => {});  // failures are shown where the guide is mounted
  };
  const fail = (message, { final = true } = {}) => {
    if (engine.failed) return;
    console.error("[decision-guide] the engine could not start:", message);
    engine.failed = message;
    engine.finalFailure = final;
    settle.reject(new Error(message));
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
    window.dispatchEvent(new CustomEvent("decision-guide:failed", { detail: message }));
  };
  engine = { ready: null, failed: null, finalFailure: false, settled: false, platform: undefined };
  armReady();
  if (typeof WebAssembly !== "object") {
    fail("this browser does not support WebAssembly");
    return engine;
  }
  let worker;
  try {
    worker = new Worker(WORKER_URL, { type: "module", name: "decision-guide-engine" });
  } catch (error) {
    fail(`the worker could not be created (${error})`);
    return engine;
  }
  const timeout = startTimeout();
  const timer = setTimeout(
    () => fail(
      `the engine did not start within ${timeout / 1000} seconds (a runtime file may be blocked or served with the wrong type)`,
      { final: false },
    ),
    timeout,
  );
  worker.addEventListener("error", (event) => {
    clearTimeout(timer);
    fail(`the engine stopped with an error${event.message ? `: ${event.message}` : " (a script could not be loaded)"}`);
  });
  worker.addEventListener("messageerror", () => fail("the engine sent a message that could not be read"));
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "ready") {
      clearTimeout(timer);
      if (engine.failed && engine.finalFailure) return;
      if (engine.failed) {  // it was only slow: recover
        console.info("[decision-guide] the engine started after all");
        engine.failed = null;
        armReady();
      }
      engine.settled = true;
      engine.platform = data.platform;
      settle.resolve(data.platform);
      window.dispatchEvent(new CustomEvent("decision-guide:ready", { detail: data.platform }));
    } else if (data.type === "failed") {
      clearTimeout(timer);
      engine.failed = null;  // a definite cause replaces a timeout
      fail(data.message);
    } else if (data.type === "view" && pending.has(data.id)) {
      pending.get(data.id).resolve(data.view);
      pending.delete(data.id);
    }
  });
  engine.request = (request) => engine.ready.then(() => new Promise((resolve, reject) => {
    if (engine.failed) { reject(new Error(engine.failed)); return; }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, request });
  }));
  return engine;
}
