// Unit tests of guide/js/engine.mjs with a fake Worker (tests/js/fake-worker.mjs):
// its one status value, its one status event and its one error shape.
// Run: node --test tests/js/   (tests/js/test_units.py runs them in `make test`).

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { createEngine, STATUS_EVENT } from "../../guide/js/engine.mjs";
import { EngineFailure } from "../../guide/js/engine-errors.mjs";
import { FakeTimers, FakeWorker, settled, startFake } from "./fake-worker.mjs";

const VIEW = { state: "question", fragment: "risk=no", html: "<form></form>", platform: "emscripten" };

// The one shape of every status event: exactly {status, platform, error, start, progress}, and for a failure
// an error of exactly {kind, message} plus `file` where a file is concerned.
function assertShape(detail) {
  assert.deepEqual(Object.keys(detail).sort(), ["error", "platform", "progress", "start", "status"]);
  assert.ok(Object.isFrozen(detail));
  if (detail.status !== "failed") {
    assert.equal(detail.error, null);
    return;
  }
  assert.equal(detail.platform, undefined);
  const keys = Object.keys(detail.error).sort();
  assert.ok(keys.join() === "kind,message" || keys.join() === "file,kind,message", keys.join());
  assert.equal(typeof detail.error.message, "string");
  assert.ok(detail.error.message.length > 0);
}

// Where a request's promise stands, without waiting on it.
function track(promise) {
  const state = { settled: false, value: undefined, error: undefined };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe("start-up", () => {
  test("loading until the worker says it is ready, then ready with its platform", () => {
    const { engine, worker, timers, reports } = startFake();
    assert.equal(engine.status, "loading");
    assert.equal(engine.platform, undefined);
    assert.equal(engine.error, null);
    assert.deepEqual(reports, []);
    assert.equal(timers.armed, 1);
    worker.send({ type: "ready", platform: "emscripten", start: "full" });
    assert.equal(engine.status, "ready");
    assert.equal(engine.platform, "emscripten");
    assert.equal(engine.start, "full");
    assert.deepEqual(reports, [
      { status: "ready", platform: "emscripten", error: null, start: "full", progress: null },
    ]);
    reports.forEach(assertShape);
    assert.equal(timers.armed, 0, "the start-up timeout is disarmed once ready");
  });

  test("the event is a CustomEvent named decision-guide:status, and the engine reads like its detail", () => {
    const { engine, worker, events } = startFake();
    const seen = [];
    events.addEventListener(STATUS_EVENT, (event) => seen.push(event));
    worker.send({ type: "ready", platform: "emscripten" });
    assert.equal(STATUS_EVENT, "decision-guide:status");
    assert.equal(seen.length, 1);
    assert.ok(seen[0] instanceof CustomEvent);
    const { status, platform, error, start, progress } = engine;
    assert.deepEqual(seen[0].detail, { status, platform, error, start, progress });
  });

  test("a second ready changes nothing", () => {
    const { worker, reports } = startFake();
    worker.send({ type: "ready", platform: "emscripten" });
    worker.send({ type: "ready", platform: "emscripten" });
    assert.equal(reports.length, 1);
  });

  test("the page's test-only hook sets the start-up timeout; anything else leaves 15 seconds", () => {
    const timeouts = [];
    for (const hook of [500, "250", 0, -1, "soon", undefined]) {
      globalThis.__decisionGuideEngineTimeoutMs = hook;
      const timers = new FakeTimers();
      const { engine } = startFake({ timeoutMs: undefined, ...timers });
      timers.fire();
      timeouts.push([timers.delays[0], engine.error.message.match(/within (\S+) seconds/)[1]]);
    }
    delete globalThis.__decisionGuideEngineTimeoutMs;
    assert.deepEqual(timeouts, [
      [500, "0.5"],
      [250, "0.25"],
      [15000, "15"],
      [15000, "15"],
      [15000, "15"],
      [15000, "15"],
    ]);
  });
});

// Each way the engine can fail, as the browser tests provoke it (tests/browser/test_failures.py).
const FAILURES = {
  "no WebAssembly": {
    options: { hasWebAssembly: () => false },
    error: { kind: "unsupported", message: "this browser does not support WebAssembly" },
  },
  "the worker cannot be created": {
    options: {
      createWorker: () => {
        throw new TypeError("blocked by policy");
      },
    },
    error: { kind: "worker", message: "the worker could not be created (TypeError: blocked by policy)" },
  },
  "the worker script is missing": {
    provoke: ({ worker }) => worker.crash(),
    error: { kind: "worker", message: "the engine stopped with an error (a script could not be loaded)" },
  },
  "the worker crashes": {
    provoke: ({ worker }) => worker.crash("Uncaught Error: worker exploded"),
    error: { kind: "worker", message: "the engine stopped with an error: Uncaught Error: worker exploded" },
  },
  "a message cannot be read": {
    provoke: ({ worker }) => worker.garble(),
    error: { kind: "worker", message: "the engine sent a message that could not be read" },
  },
  "the wasm is blocked": {
    provoke: ({ worker }) =>
      worker.send({
        type: "failed",
        kind: "load",
        message: "could not load pyodide.asm.wasm.zst (Failed to fetch)",
        file: "pyodide.asm.wasm.zst",
      }),
    error: {
      kind: "load",
      message: "could not load pyodide.asm.wasm.zst (Failed to fetch)",
      file: "pyodide.asm.wasm.zst",
    },
  },
  "the packed wasm is damaged": {
    provoke: ({ worker }) =>
      worker.send({
        type: "failed",
        kind: "corrupt",
        message: "pyodide.asm.wasm.zst is damaged (zstd error 20)",
        file: "pyodide.asm.wasm.zst",
      }),
    error: {
      kind: "corrupt",
      message: "pyodide.asm.wasm.zst is damaged (zstd error 20)",
      file: "pyodide.asm.wasm.zst",
    },
  },
  "the wheel is missing": {
    provoke: ({ worker }) =>
      worker.send({
        type: "failed",
        kind: "load",
        message: "could not load decision_tree-2.0.0-py3-none-any.whl (HTTP 404)",
        file: "decision_tree-2.0.0-py3-none-any.whl",
      }),
    error: {
      kind: "load",
      message: "could not load decision_tree-2.0.0-py3-none-any.whl (HTTP 404)",
      file: "decision_tree-2.0.0-py3-none-any.whl",
    },
  },
  "the standard library is missing": {
    provoke: ({ worker }) =>
      worker.send({
        type: "failed",
        kind: "load",
        message: "could not load python_stdlib.zip (HTTP 404)",
        file: "python_stdlib.zip",
      }),
    error: { kind: "load", message: "could not load python_stdlib.zip (HTTP 404)", file: "python_stdlib.zip" },
  },
  "the lock file is corrupt": {
    provoke: ({ worker }) =>
      worker.send({
        type: "failed",
        kind: "corrupt",
        message: "pyodide-lock.json could not be read (Unexpected token)",
        file: "pyodide-lock.json",
      }),
    error: {
      kind: "corrupt",
      message: "pyodide-lock.json could not be read (Unexpected token)",
      file: "pyodide-lock.json",
    },
  },
  "Python fails to start, with no kind given": {
    provoke: ({ worker }) => worker.send({ type: "failed", message: "PythonError: boom" }),
    error: { kind: "startup", message: "PythonError: boom" },
  },
  "the start-up timeout passes": {
    provoke: ({ timers }) => timers.fire(),
    error: {
      kind: "timeout",
      message:
        "the engine did not start: no sign of progress within 15 seconds (a runtime file may be blocked or served with the wrong type)",
    },
  },
};

describe("each failure is told once, through the one event, in the one shape", () => {
  for (const [name, { options, provoke, error }] of Object.entries(FAILURES)) {
    test(name, async () => {
      const fake = startFake(options);
      const { engine, reports, logged, timers } = fake;
      provoke?.(fake);
      assert.equal(engine.status, "failed");
      assert.deepEqual(engine.error, error);
      assert.deepEqual(reports, [{ status: "failed", platform: undefined, error, start: undefined, progress: null }]);
      reports.forEach(assertShape);
      assert.ok(
        logged.error.some((line) => line.includes(error.message)),
        "the console names what failed",
      );
      if (error.kind !== "timeout") assert.equal(timers.armed, 0, "a definite failure disarms the timeout");
      const rejected = await fake.engine.request({ type: "view", fragment: "" }).catch((reason) => reason);
      assert.ok(rejected instanceof EngineFailure, "a request after a failure rejects at once");
      assert.deepEqual({ ...rejected, message: rejected.message }, error);
      assert.deepEqual(fake.worker.posted, [], "nothing is sent to a failed engine");
    });
  }

  test("the first definite cause stands", () => {
    const { engine, worker, reports } = startFake();
    worker.send({
      type: "failed",
      kind: "corrupt",
      message: "pyodide.asm.wasm.zst is damaged (zstd error 20)",
      file: "pyodide.asm.wasm.zst",
    });
    worker.crash("later");
    worker.send({ type: "failed", kind: "startup", message: "later still" });
    assert.equal(engine.error.kind, "corrupt");
    assert.equal(reports.length, 1);
  });

  test("a failure after a definite one is not followed by a recovery", () => {
    const { engine, worker, reports } = startFake();
    worker.crash("Uncaught Error: worker exploded");
    worker.send({ type: "ready", platform: "emscripten" });
    assert.equal(engine.status, "failed");
    assert.equal(reports.length, 1);
  });
});

describe("a slow start", () => {
  test("is reported at the timeout, then recovers when the engine comes up after all", () => {
    const { engine, worker, timers, reports, logged } = startFake();
    timers.fire();
    assert.equal(engine.status, "failed");
    assert.equal(engine.error.kind, "timeout");
    worker.send({ type: "ready", platform: "emscripten" });
    assert.equal(engine.status, "ready");
    assert.equal(engine.error, null);
    assert.equal(engine.platform, "emscripten");
    assert.deepEqual(
      reports.map((detail) => detail.status),
      ["failed", "ready"],
    );
    reports.forEach(assertShape);
    assert.ok(logged.info.some((line) => line.includes("started after all")));
  });

  test("after recovering, requests are answered", async () => {
    const { engine, worker, timers } = startFake();
    timers.fire();
    worker.send({ type: "ready", platform: "emscripten" });
    const answer = engine.request({ type: "view", fragment: "risk=no" });
    assert.deepEqual(worker.posted, [{ id: 0, request: { type: "view", fragment: "risk=no" } }]);
    worker.send({ type: "view", id: 0, view: VIEW });
    assert.deepEqual(await answer, VIEW);
  });

  test("a definite cause that arrives after the timeout replaces it", () => {
    const { engine, worker, timers, reports } = startFake();
    timers.fire();
    worker.send({
      type: "failed",
      kind: "load",
      message: "could not load python_stdlib.zip (HTTP 404)",
      file: "python_stdlib.zip",
    });
    assert.deepEqual(
      reports.map((detail) => detail.error.kind),
      ["timeout", "load"],
    );
    assert.equal(engine.error.file, "python_stdlib.zip");
    worker.send({ type: "ready", platform: "emscripten" });
    assert.equal(engine.status, "failed", "a definite failure is final");
  });

  test("a request made before the timeout is rejected by it", async () => {
    const { engine, timers } = startFake();
    const answer = track(engine.request({ type: "view", fragment: "" }));
    timers.fire();
    await settled();
    assert.ok(answer.error instanceof EngineFailure);
    assert.equal(answer.error.kind, "timeout");
  });
});

describe("requests", () => {
  test("a request made while loading waits, is sent once ready, and is answered", async () => {
    const { engine, worker } = startFake();
    const request = { type: "answer", fragment: "", root: "../", question: "risk", values: ["no"] };
    const answer = track(engine.request(request));
    await settled();
    assert.equal(answer.settled, false);
    assert.deepEqual(worker.posted, [], "nothing is sent before the engine is ready");
    worker.send({ type: "ready", platform: "emscripten" });
    assert.deepEqual(worker.posted, [{ id: 0, request }]);
    worker.send({ type: "view", id: 0, view: VIEW });
    await settled();
    assert.deepEqual(answer.value, VIEW);
  });

  test("requests are matched to their answers by id, in any order", async () => {
    const { engine, worker } = startFake();
    worker.send({ type: "ready", platform: "emscripten" });
    const first = engine.request({ type: "view", fragment: "risk=no" });
    const second = engine.request({ type: "view", fragment: "risk=yes" });
    assert.deepEqual(
      worker.posted.map((message) => message.id),
      [0, 1],
    );
    worker.send({ type: "view", id: 1, view: { ...VIEW, fragment: "risk=yes" } });
    worker.send({ type: "view", id: 0, view: VIEW });
    worker.send({ type: "view", id: 7, view: VIEW }); // unknown: ignored
    assert.equal((await first).fragment, "risk=no");
    assert.equal((await second).fragment, "risk=yes");
  });

  test("a request made while loading is rejected with the failure that follows", async () => {
    const { engine, worker } = startFake();
    const answer = track(engine.request({ type: "view", fragment: "" }));
    worker.send({
      type: "failed",
      kind: "load",
      message: "could not load python_stdlib.zip (Failed to fetch)",
      file: "python_stdlib.zip",
    });
    await settled();
    assert.ok(answer.error instanceof EngineFailure);
    assert.deepEqual([answer.error.kind, answer.error.file], ["load", "python_stdlib.zip"]);
  });

  test("a request in flight when the worker crashes is rejected", async () => {
    const { engine, worker } = startFake();
    worker.send({ type: "ready", platform: "emscripten" });
    const answer = track(engine.request({ type: "view", fragment: "" }));
    worker.crash("Uncaught RangeError: out of memory");
    await settled();
    assert.equal(engine.status, "failed");
    assert.equal(answer.error.kind, "worker");
  });

  test("Python failing on one request rejects it with kind request; the engine stays ready", async () => {
    const { engine, worker, reports } = startFake();
    worker.send({ type: "ready", platform: "emscripten" });
    const answer = engine.request({ type: "view", fragment: "" });
    worker.send({ type: "view", id: 0, view: { state: "error", message: "KeyError: 'risk'", platform: "emscripten" } });
    const error = await answer.catch((reason) => reason);
    assert.ok(error instanceof EngineFailure);
    assert.deepEqual({ kind: error.kind, message: error.message }, { kind: "request", message: "KeyError: 'risk'" });
    assert.equal(engine.status, "ready");
    assert.equal(reports.length, 1, "no status event for one failed request");
  });
});

test("createEngine without options needs a browser: under Node it fails in the one shape", () => {
  // The defaults are the browser's (Worker, window); Node has no Worker, so creating it fails.
  const events = new EventTarget();
  const reports = [];
  events.addEventListener(STATUS_EVENT, (event) => reports.push(event.detail));
  const quiet = { error() {}, info() {} };
  const engine = createEngine({ events, log: quiet, hasWebAssembly: () => true });
  assert.equal(engine.status, "failed");
  assert.equal(engine.error.kind, "worker");
  assert.deepEqual(reports, [
    { status: "failed", platform: undefined, error: engine.error, start: undefined, progress: null },
  ]);
});

describe("progress and settings", () => {
  test("the worker is told first whether it may keep a snapshot", () => {
    const kept = startFake({ keepOffline: () => true });
    assert.deepEqual(kept.worker.settings, [{ type: "settings", keepOffline: true }]);
    const removed = startFake({ keepOffline: () => false });
    assert.deepEqual(removed.worker.settings, [{ type: "settings", keepOffline: false }]);
    assert.deepEqual(removed.worker.posted, [], "settings are not requests");
  });

  test("bytes received are told while loading, in the one event, and no longer once ready", () => {
    const { engine, worker, reports } = startFake();
    worker.send({ type: "progress", loaded: 10, total: 40 });
    worker.send({ type: "progress", loaded: 40, total: 40 });
    assert.deepEqual(
      reports.map((detail) => [detail.status, detail.progress]),
      [
        ["loading", { loaded: 10, total: 40 }],
        ["loading", { loaded: 40, total: 40 }],
      ],
    );
    reports.forEach(assertShape);
    assert.ok(Object.isFrozen(engine.progress));
    worker.send({ type: "ready", platform: "emscripten", start: "snapshot" });
    worker.send({ type: "progress", loaded: 40, total: 40 });
    assert.equal(reports.length, 3);
    assert.equal(reports[2].start, "snapshot");
  });
});

describe("a slow network", () => {
  test("progress re-arms the start-up timeout: only silence times out", () => {
    const { engine, worker, timers, reports } = startFake();
    worker.send({ type: "progress", loaded: 1, total: 10 });
    assert.equal(timers.armed, 1, "one timer, re-armed");
    assert.equal(timers.delays.length, 2);
    worker.send({ type: "progress", loaded: 2, total: 10 });
    assert.equal(timers.delays.length, 3);
    assert.equal(engine.status, "loading");
    timers.fire(); // then nothing for the whole timeout
    assert.equal(engine.status, "failed");
    assert.equal(engine.error.kind, "timeout");
    assert.match(engine.error.message, /no sign of progress within 15 seconds/);
    assert.equal(reports.at(-1).status, "failed");
  });

  test("once every byte has arrived, starting on the device may stay silent four times as long", () => {
    const { engine, worker, timers } = startFake();
    worker.send({ type: "progress", loaded: 9, total: 10 });
    assert.equal(timers.delays.at(-1), 15000, "still downloading: the network's limit");
    worker.send({ type: "progress", loaded: 10, total: 10 });
    assert.equal(timers.delays.at(-1), 60000, "all downloaded: the device's limit");
    assert.equal(timers.armed, 1);
    timers.fire();
    assert.equal(engine.error.kind, "timeout");
    assert.equal(
      engine.error.message,
      "the engine did not start: its files arrived, but it was still not running 60 seconds later",
    );
  });

  test("the longer limit follows the test-only hook, and an engine that comes up after it recovers", () => {
    globalThis.__decisionGuideEngineTimeoutMs = 500;
    const { engine, worker, timers, reports } = startFake({ timeoutMs: undefined });
    delete globalThis.__decisionGuideEngineTimeoutMs;
    worker.send({ type: "progress", loaded: 10, total: 10 });
    assert.equal(timers.delays.at(-1), 2000);
    timers.fire();
    worker.send({ type: "ready", platform: "emscripten", start: "full" });
    assert.deepEqual(
      reports.map((detail) => detail.status),
      ["loading", "failed", "ready"],
    );
    assert.equal(engine.status, "ready");
  });
});

describe("the worker the page created first", () => {
  test("is taken over once, and what it said before is told again once the engine listens", async () => {
    const { takeEarlyWorker } = await import("../../guide/js/early-worker.mjs");
    const worker = new FakeWorker();
    const said = [new MessageEvent("message", { data: { type: "progress", loaded: 5, total: 10 } })];
    globalThis.__decisionGuideEarlyWorker = { worker, take: () => said.splice(0) };
    const { engine, reports } = startFake({ createWorker: () => takeEarlyWorker() ?? assert.fail("no early worker") });
    assert.equal(globalThis.__decisionGuideEarlyWorker, undefined, "taken once");
    assert.equal(takeEarlyWorker(), null);
    await settled();
    assert.deepEqual(engine.progress, { loaded: 5, total: 10 });
    assert.equal(reports.length, 1);
  });
});
