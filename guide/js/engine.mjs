// The guide's engine: one module Web Worker running Pyodide and the decision_tree wheel,
// started once per visit. On the pages that run it, the page's first script creates the worker
// (early-worker.mjs); the page's one engine (startEngine) takes it over.
//
// THE CONTRACT (the Python side, requests and views, is documented in
// src/decision_tree/views.py; this is the JavaScript side around it):
//
//   engine.status    "loading" | "ready" | "failed": the one status value.
//   engine.platform  sys.platform once ready ("emscripten"), otherwise undefined.
//   engine.start     once ready, which start-up ran: "snapshot" (a saved memory snapshot was
//                    restored) or "full"; otherwise undefined.
//   engine.progress  while loading, {loaded, total}: bytes of the runtime received so far, out
//                    of its total; null until the first figure arrives.
//   engine.error     when failed, the one error shape {kind, message, file?}; otherwise null.
//   engine.request(request) -> Promise of a view (views.GuideMessage). A request made while
//                    loading waits and is sent once ready. It rejects with an EngineFailure
//                    (an Error with the same kind, message and file) if the engine fails, and
//                    with kind "request" if Python answered with a views.Failure.
//
// Every change is told through one event on window, "decision-guide:status", whose detail is
// {status, platform, error, start, progress}: the same fields as the engine, so a guide
// mounted later reads the engine itself as if it were the last event.
//
// Its error kinds and the error shape are in engine-errors.mjs.
//
// The worker (worker.mjs) posts {type: "progress", loaded, total}, {type: "ready", platform,
// start}, {type: "failed", kind, message, file?} and, for request `id`, {type: "view", id,
// view}. It is sent {type: "settings", keepOffline} once, first: keepOffline is false when the
// reader removed the offline copy (offline.mjs), and then it keeps no snapshot.
//
// A failure's message is written where it is found: watched-fetch.mjs and engine-files.mjs for
// the runtime's files, worker.mjs for the rest of Python's start, here for the worker itself;
// guide.mjs (showError) shows it. Unit tests, fake Worker: tests/js/engine.test.mjs (node --test).

import { takeEarlyWorker } from "./early-worker.mjs";
import { EngineFailure, errorShape } from "./engine-errors.mjs";
import { offlineWanted } from "./offline-choice.mjs";

const ENGINE_TIMEOUT_MS = 15000;
// Once every byte has arrived, the work left is on this device (compiling, starting Python):
// a slow phone or a busy machine may be silent far longer there, which is no sign of failure.
const STARTING_FACTOR = 4;
const WORKER_URL = new URL("./worker.mjs", import.meta.url);
export const STATUS_EVENT = "decision-guide:status";

// Test-only hook: a test may shorten the start-up timeout by defining
// `window.__decisionGuideEngineTimeoutMs` (a positive number of milliseconds) before any
// page script runs (Playwright's add_init_script), so the slow-engine test need not wait
// 15 seconds. The page itself never sets it; anything else falls back to the default.
function startTimeout() {
  const ms = Number(globalThis.__decisionGuideEngineTimeoutMs);
  return Number.isFinite(ms) && ms > 0 ? ms : ENGINE_TIMEOUT_MS;
}

// The browser's defaults; unit tests pass their own (a fake Worker, an EventTarget, timers).
// An option left undefined keeps its default.
const BROWSER = {
  createWorker: () => takeEarlyWorker() ?? new Worker(WORKER_URL, { type: "module", name: "decision-guide-engine" }),
  events: globalThis,
  hasWebAssembly: () => typeof WebAssembly === "object",
  timeoutMs: startTimeout,
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (timer) => clearTimeout(timer),
  log: console,
  keepOffline: () => offlineWanted(),
};

export function createEngine(options = {}) {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const { createWorker, events, hasWebAssembly, timeoutMs, setTimer, clearTimer, log, keepOffline } = {
    ...BROWSER,
    ...Object.fromEntries(given),
  };
  const engine = { status: "loading", platform: undefined, error: null, start: undefined, progress: null, request };
  const waiting = []; // requests made while loading, sent once ready
  const pending = new Map(); // requests sent to the worker, by id
  let nextId = 0;
  let worker = null;
  let timer;

  function report() {
    const { status, platform, error, start, progress } = engine;
    events.dispatchEvent(
      new CustomEvent(STATUS_EVENT, { detail: Object.freeze({ status, platform, error, start, progress }) }),
    );
  }

  function fail(/** @type {EngineError} */ error) {
    if (engine.status === "failed" && engine.error.kind !== "timeout") return; // the first definite cause stands
    clearTimer(timer);
    log.error("[decision-guide] the engine could not start:", error.message);
    Object.assign(engine, { status: "failed", platform: undefined, error: errorShape(error) });
    for (const job of [...waiting, ...pending.values()]) job.reject(new EngineFailure(engine.error));
    waiting.length = 0;
    pending.clear();
    report();
  }

  function ready(platform, start) {
    clearTimer(timer);
    if (engine.status === "ready" || (engine.status === "failed" && engine.error.kind !== "timeout")) return;
    if (engine.status === "failed") log.info("[decision-guide] the engine started after all");
    Object.assign(engine, { status: "ready", platform, error: null, start });
    for (const job of waiting.splice(0)) send(job);
    report();
  }

  function send(job) {
    const id = nextId++;
    pending.set(id, job);
    worker.postMessage({ id, request: job.request });
  }

  function request(request) {
    if (engine.status === "failed") return Promise.reject(new EngineFailure(engine.error));
    return new Promise((resolve, reject) => {
      const job = { request, resolve, reject };
      if (engine.status === "ready") send(job);
      else waiting.push(job);
    });
  }

  function onMessage({ data }) {
    if (data.type === "progress") {
      if (engine.status !== "loading") return;
      arm(data.total > 0 && data.loaded >= data.total);
      engine.progress = Object.freeze({ loaded: data.loaded, total: data.total });
      report();
    } else if (data.type === "ready") ready(data.platform, data.start);
    else if (data.type === "failed") fail({ kind: data.kind || "startup", message: data.message, file: data.file });
    else if (data.type === "view" && pending.has(data.id)) {
      const job = pending.get(data.id);
      pending.delete(data.id);
      if (data.view.state === "error") job.reject(new EngineFailure({ kind: "request", message: data.view.message }));
      else job.resolve(data.view);
    }
  }

  if (!hasWebAssembly()) {
    fail({ kind: "unsupported", message: "this browser does not support WebAssembly" });
    return engine;
  }
  try {
    worker = createWorker();
  } catch (error) {
    fail({ kind: "worker", message: `the worker could not be created (${error})` });
    return engine;
  }
  // The timeout counts silence, not the whole start-up: every progress report re-arms it, so a
  // slow network that keeps delivering bytes is never taken for a failure.
  const ms = typeof timeoutMs === "function" ? timeoutMs() : timeoutMs;
  const arm = (downloaded = false) => {
    clearTimer(timer);
    const limit = downloaded ? ms * STARTING_FACTOR : ms;
    const message = downloaded
      ? `its files arrived, but it was still not running ${limit / 1000} seconds later`
      : `no sign of progress within ${ms / 1000} seconds (a runtime file may be blocked or served with the wrong type)`;
    timer = setTimer(() => fail({ kind: "timeout", message: `the engine did not start: ${message}` }), limit);
  };
  arm();
  const stopped = (event) =>
    `the engine stopped with an error${event.message ? `: ${event.message}` : " (a script could not be loaded)"}`;
  worker.addEventListener("error", (event) => fail({ kind: "worker", message: stopped(event) }));
  worker.addEventListener("messageerror", () =>
    fail({ kind: "worker", message: "the engine sent a message that could not be read" }),
  );
  worker.addEventListener("message", onMessage);
  worker.postMessage({ type: "settings", keepOffline: Boolean(keepOffline()) });
  return engine;
}

let started = null;

// The page's engine if one has been started, otherwise null (offline.mjs waits for it).
export const currentEngine = () => started;

// The page's one engine, created on first use with the browser's defaults.
export function startEngine() {
  started ??= createEngine();
  return started;
}
