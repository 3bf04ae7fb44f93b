// Unit tests of the engine worker's parts that need no Pyodide: watching its downloads
// (guide/js/watched-fetch.mjs), the memory snapshot's store and when it is saved
// (guide/js/snapshot-store.mjs), the one stored setting (guide/js/offline-choice.mjs) and when
// the offline copy counts as complete and which worker is asked for it (guide/js/offline-copy.mjs)
// and the pause it waits for
// (guide/js/offline.mjs; both waits use guide/js/quiet.mjs), with Node's own Response and fakes.
// The service worker itself: tests/js/service-worker.test.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { arrivals, progressCounter, watchFetch } from "../../guide/js/watched-fetch.mjs";
import { CACHE_PREFIX, saveWhenQuiet, snapshotStore, startPython } from "../../guide/js/snapshot-store.mjs";
import { REMOVAL_CHANNEL, offlineWanted, setOfflineWanted } from "../../guide/js/offline-choice.mjs";
import { completeTheCopy, copyIsComplete } from "../../guide/js/offline-copy.mjs";
import { READER_EVENTS, readerPause } from "../../guide/js/offline.mjs";
import { loadedAndIdle } from "../../guide/js/quiet.mjs";
import { FakeTimers, settled } from "./fake-worker.mjs";

const respond = (body, init) => async () => new Response(body, init);

describe("watched fetch", () => {
  test("counts the bytes of the files it is told to, and keeps the response's type", async () => {
    const counted = [];
    const fetch = watchFetch(respond(new Uint8Array(5000), { headers: { "content-type": "application/wasm" } }), {
      onFailure: () => assert.fail("no failure"),
      counted: (name) => name === "pyodide.asm.wasm",
      onBytes: (name, bytes) => counted.push([name, bytes]),
    });
    const response = await fetch("https://example.test/assets/pyodide/pyodide.asm.wasm");
    assert.equal(response.headers.get("content-type"), "application/wasm");
    assert.equal((await response.arrayBuffer()).byteLength, 5000);
    assert.equal(
      counted.reduce((sum, [, bytes]) => sum + bytes, 0),
      5000,
    );
    assert.ok(counted.every(([name]) => name === "pyodide.asm.wasm"));
  });

  test("says when a counted file has arrived whole, and only then", async () => {
    const arrived = [];
    const fetch = watchFetch(respond(new Uint8Array(5000), { headers: { "content-type": "application/wasm" } }), {
      onFailure: () => assert.fail("no failure"),
      counted: (name) => name === "pyodide.asm.wasm",
      onBytes: () => assert.deepEqual(arrived, [], "not before its last byte"),
      onArrived: (name) => arrived.push(name),
    });
    const response = await fetch("https://example.test/assets/pyodide/pyodide.asm.wasm");
    assert.deepEqual(arrived, [], "not when the headers came");
    await response.arrayBuffer();
    assert.deepEqual(arrived, ["pyodide.asm.wasm"]);
  });

  test("arrivals: a file's promise settles when it is told of, whether asked for before or after", async () => {
    const arrived = arrivals();
    const seen = [];
    const wasm = arrived.of("pyodide.asm.wasm").then(() => seen.push("wasm"));
    arrived.tell("python_stdlib.zip");
    await settled();
    assert.deepEqual(seen, [], "another file's arrival settles nothing");
    arrived.tell("pyodide.asm.wasm");
    await wasm;
    await arrived.of("python_stdlib.zip");
    assert.deepEqual(seen, ["wasm"]);
  });

  test("a file it is not told of is passed through uncounted", async () => {
    const fetch = watchFetch(respond("{}"), { onFailure: () => {}, onBytes: () => assert.fail("not counted") });
    assert.equal(await (await fetch("https://example.test/x/runtime.json")).text(), "{}");
  });

  test("names the file that failed, and why", async () => {
    const failures = [];
    const onFailure = (failure) => failures.push(failure);
    await watchFetch(respond("", { status: 404 }), { onFailure, onBytes: () => {} })(
      "https://example.test/a/python_stdlib.zip",
    );
    // A type is no failure: the worker gives Pyodide's .wasm its type itself (unpack.mjs).
    await watchFetch(respond("", { headers: { "content-type": "text/plain" } }), { onFailure, onBytes: () => {} })(
      "https://example.test/a/zstd-decoder.wasm?v=1",
    );
    await assert.rejects(
      watchFetch(
        async () => {
          throw new TypeError("offline");
        },
        { onFailure, onBytes: () => {} },
      )("https://example.test/a/pyodide.mjs"),
    );
    assert.deepEqual(failures, [
      { kind: "load", message: "could not load python_stdlib.zip (HTTP 404)", file: "python_stdlib.zip" },
      { kind: "load", message: "could not load pyodide.mjs (offline)", file: "pyodide.mjs" },
    ]);
  });
});

describe("progress counter", () => {
  test("reports once per whole per cent, never past the total, and ends at the total", () => {
    const seen = [];
    const counter = progressCounter(1000, (figure) => seen.push(figure.loaded));
    for (let i = 0; i < 300; i++) counter.add(1); // 0.1% each: from 0% to 30%
    assert.equal(seen.length, 31);
    counter.add(5000);
    assert.equal(seen.at(-1), 1000);
    counter.finish();
    assert.equal(seen.filter((loaded) => loaded === 1000).length, 1, "the end is told once");
  });
});

// Cache Storage as far as the store uses it, in memory.
function fakeCaches() {
  const stores = new Map();
  return {
    stores,
    has: async (name) => stores.has(name),
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
    open: async (name) => {
      if (!stores.has(name)) stores.set(name, new Map());
      const entries = stores.get(name);
      return {
        match: async (url) => entries.get(url)?.clone(),
        put: async (url, response) => {
          entries.set(url, response);
        },
      };
    },
  };
}

// A store that hears removals on the given target (by default one nobody tells), so that no test
// leaves a real channel open.
const storeOf = (options) => snapshotStore({ removals: new EventTarget(), ...options });

describe("snapshot store", () => {
  const url = "https://example.test/assets/pyodide/engine.snapshot";

  test("a snapshot written for a runtime is read back for the same runtime only", async () => {
    const caches = fakeCaches();
    const bytes = new Uint8Array([1, 2, 3]);
    await storeOf({ caches, key: "aaa", url }).write(bytes);
    assert.deepEqual((await storeOf({ caches, key: "aaa", url }).read()).bytes, bytes);
    assert.deepEqual(await storeOf({ caches, key: "bbb", url }).read(), { missing: "no snapshot yet" });
  });

  test("the key in the header must match too, not only the cache's name", async () => {
    const caches = fakeCaches();
    const cache = await caches.open(`${CACHE_PREFIX}aaa`);
    await cache.put(url, new Response(new Uint8Array([9]), { headers: { "x-runtime-key": "old" } }));
    assert.deepEqual(await storeOf({ caches, key: "aaa", url }).read(), {
      missing: "the snapshot does not match this runtime",
    });
  });

  test("writing drops other runtimes' snapshots, and leaves other caches alone", async () => {
    const caches = fakeCaches();
    await storeOf({ caches, key: "old", url }).write(new Uint8Array([1]));
    await caches.open("rupture-guide-0123");
    await storeOf({ caches, key: "new", url }).write(new Uint8Array([2]));
    assert.deepEqual([...caches.stores.keys()].sort(), ["rupture-guide-0123", `${CACHE_PREFIX}new`]);
  });

  test("without Cache Storage or a key it is unusable, says why, and writes nothing", async () => {
    assert.deepEqual(await storeOf({ caches: undefined, key: "aaa", url }).read(), {
      missing: "this browser has no Cache Storage here",
    });
    const caches = fakeCaches();
    const keyless = storeOf({ caches, key: undefined, url });
    assert.equal(keyless.usable, false);
    await keyless.write(new Uint8Array([1]));
    assert.equal(caches.stores.size, 0);
  });

  test("once the offline copy is removed, nothing is written; removed while writing, it is deleted", async () => {
    const removals = new EventTarget();
    const told = fakeCaches();
    const store = storeOf({ caches: told, key: "aaa", url, removals });
    removals.dispatchEvent(new Event("message"));
    await store.write(new Uint8Array([1]));
    assert.equal(told.stores.size, 0);

    const caches = fakeCaches();
    const whileWriting = storeOf({ caches, key: "aaa", url, removals });
    const open = caches.open;
    caches.open = async (name) => {
      const cache = await open(name);
      return {
        ...cache,
        put: async (...args) => {
          await cache.put(...args);
          removals.dispatchEvent(new Event("message"));
        },
      };
    };
    await whileWriting.write(new Uint8Array([1]));
    assert.deepEqual([...caches.stores.keys()], []);
  });

  test("a removal in another context reaches a store that listens on the channel", { timeout: 10_000 }, async () => {
    globalThis.localStorage = { getItem: () => null, setItem: () => {}, removeItem: () => {} };
    const removals = new BroadcastChannel(REMOVAL_CHANNEL);
    try {
      const caches = fakeCaches();
      const store = storeOf({ caches, key: "aaa", url, removals });
      const heard = new Promise((resolve) => removals.addEventListener("message", resolve, { once: true }));
      setOfflineWanted(false);
      assert.equal((await heard).data, "removed");
      await store.write(new Uint8Array([1]));
      assert.equal(caches.stores.size, 0);
    } finally {
      removals.close();
      delete globalThis.localStorage;
    }
  });
});

describe("the offline choice", () => {
  test("on by default, off once removed, on again when asked; storage that throws keeps the default", () => {
    const saved = new Map();
    globalThis.localStorage = {
      getItem: (k) => saved.get(k) ?? null,
      setItem: (k, v) => saved.set(k, v),
      removeItem: (k) => saved.delete(k),
    };
    try {
      assert.equal(offlineWanted(), true);
      setOfflineWanted(false);
      assert.equal(offlineWanted(), false);
      assert.deepEqual([...saved.values()], ["off"], "one word is stored, nothing else");
      setOfflineWanted(true);
      assert.equal(offlineWanted(), true);
      assert.equal(saved.size, 0);
      globalThis.localStorage = {
        getItem: () => {
          throw new Error("blocked");
        },
        setItem: () => {
          throw new Error("blocked");
        },
      };
      assert.equal(offlineWanted(), true);
      setOfflineWanted(false);
    } finally {
      delete globalThis.localStorage;
    }
  });
});

describe("when the offline copy is complete", () => {
  const nothingNewer = { installing: null, waiting: null };
  test("a complete copy of this page's build is complete", () => {
    assert.equal(copyIsComplete({ complete: true, build: "b2" }, "b2", nothingNewer), true);
    assert.equal(copyIsComplete({ complete: true, build: "b2" }, "b2", { installing: {}, waiting: null }), true);
  });

  test("a copy of another build counts only when no newer worker is on its way", () => {
    assert.equal(copyIsComplete({ complete: true, build: "b1" }, "b2", { installing: {}, waiting: null }), false);
    assert.equal(copyIsComplete({ complete: true, build: "b1" }, "b2", { installing: null, waiting: {} }), false);
    assert.equal(
      copyIsComplete({ complete: true, build: "b3" }, "b2", nothingNewer),
      true,
      "this page is the stale one",
    );
  });

  test("an unfinished copy, or no answer (the worker was replaced), is never complete", () => {
    assert.equal(copyIsComplete({ complete: false, error: "HTTP 500" }, "b2", nothingNewer), false);
    assert.equal(copyIsComplete(null, "b2", nothingNewer), false);
  });
});

// A service worker as the page sees it: its build, and its state, which the test moves on.
class FakeWorker extends EventTarget {
  constructor(build, state) {
    super();
    Object.assign(this, { build, state });
  }
  moveTo(state) {
    this.state = state;
    this.dispatchEvent(new Event("statechange"));
  }
}

// Answers as sw.js does: a complete copy of the worker's own build; records whom it was asked.
const answering = (asked) => async (worker) => {
  asked.push(worker.build);
  return { complete: true, build: worker.build };
};

describe("which worker is asked to complete the copy", () => {
  test("a newer build's waiting worker, never the older active one, which can then hand over", async () => {
    const asked = [];
    const registration = { active: new FakeWorker("b1", "activated"), waiting: new FakeWorker("b2", "installed") };
    const done = await completeTheCopy({ ...registration, installing: null }, "b2", answering(asked));
    assert.deepEqual(done, { complete: true, errors: [] });
    assert.deepEqual(asked, ["b2"]);
  });

  test("a worker still installing once it has installed", async () => {
    const asked = [];
    const installing = new FakeWorker("b2", "installing");
    const registration = { active: new FakeWorker("b1", "activated"), waiting: null, installing };
    const done = completeTheCopy(registration, "b2", answering(asked));
    await settled();
    assert.deepEqual(asked, [], "not while it installs");
    Object.assign(registration, { installing: null, waiting: installing });
    installing.moveTo("installed");
    assert.deepEqual(await done, { complete: true, errors: [] });
    assert.deepEqual(asked, ["b2"]);
  });

  test("the active worker alone when nothing newer is on its way, a page of a replaced build too", async () => {
    const asked = [];
    const registration = { active: new FakeWorker("b3", "activated"), waiting: null, installing: null };
    assert.deepEqual(await completeTheCopy(registration, "b2", answering(asked)), { complete: true, errors: [] });
    assert.deepEqual(asked, ["b3"]);
  });

  test("a copy that keeps failing says why, and gives up", async () => {
    const registration = { active: new FakeWorker("b2", "activated"), waiting: null, installing: null };
    const failing = async () => ({ complete: false, error: "HTTP 500" });
    const done = await completeTheCopy(registration, "b2", failing);
    assert.equal(done.complete, false);
    assert.equal(done.errors.length, 5);
  });
});

describe("saving the snapshot in a quiet moment", () => {
  // Timers that fire only when told (fake-worker.mjs), so nothing here depends on time.
  const timersFor = (timers) => ({ setTimer: timers.setTimer, clearTimer: timers.clearTimer });

  test("it saves once no request has come for the quiet time, and only once", () => {
    const timers = new FakeTimers();
    let saves = 0;
    const saving = saveWhenQuiet(async () => saves++, { quietMs: 300, ...timersFor(timers) });
    assert.deepEqual(timers.delays, [300]);
    timers.fire();
    assert.equal(saves, 1);
    saving.putOff(); // a request after the save starts nothing again
    assert.equal(timers.armed, 0);
    assert.equal(saves, 1);
  });

  test("each request puts the save off, so it never runs beside an answer", () => {
    const timers = new FakeTimers();
    let saves = 0;
    const saving = saveWhenQuiet(async () => saves++, timersFor(timers));
    saving.putOff();
    saving.putOff();
    assert.equal(timers.armed, 1, "one timer waits, the latest");
    assert.equal(saves, 0);
    timers.fire();
    assert.equal(saves, 1);
  });

  test("a failed save is said in the console and goes no further", async () => {
    const timers = new FakeTimers();
    const warned = [];
    const log = { warn: (...parts) => warned.push(parts.join(" ")) };
    saveWhenQuiet(() => Promise.reject(new Error("quota")), { ...timersFor(timers), log });
    timers.fire();
    await settled();
    assert.match(warned[0], /the snapshot was not saved.*quota/);
  });
});

describe("making the offline copy in the reader's pause", () => {
  const pauseOn = (target, timers) =>
    readerPause({ target, quietMs: 500, setTimer: timers.setTimer, clearTimer: timers.clearTimer });
  const state = (promise) => Promise.race([promise.then(() => "paused"), settled().then(() => "waiting")]);

  test("it waits for the quiet time, and every click, key, touch or wheel starts it again", async () => {
    const [page, timers] = [new EventTarget(), new FakeTimers()];
    const pause = pauseOn(page, timers);
    assert.deepEqual(timers.delays, [500]);
    for (const type of READER_EVENTS) page.dispatchEvent(new Event(type));
    assert.equal(timers.armed, 1, "one timer waits, the latest");
    assert.equal(timers.delays.length, 1 + READER_EVENTS.length);
    assert.equal(await state(pause), "waiting");
    timers.fire();
    assert.equal(await state(pause), "paused");
  });

  test("once paused it listens no more", async () => {
    const [page, timers] = [new EventTarget(), new FakeTimers()];
    const pause = pauseOn(page, timers);
    timers.fire();
    await pause;
    page.dispatchEvent(new Event("click"));
    assert.equal(timers.armed, 0, "a click after the pause arms nothing");
  });

  test("the events it counts are the reader's own", () => {
    assert.deepEqual([...READER_EVENTS].sort(), ["click", "keydown", "pointerdown", "wheel"]);
  });
});

describe("the page's own quiet moment, once it has loaded", () => {
  // A window that records what it was asked for: an idle callback (with its timeout) or a timer.
  const fakeWindow = ({ idle = true } = {}) => {
    const win = new EventTarget();
    win.asked = [];
    if (idle) win.requestIdleCallback = (run, { timeout }) => win.asked.push(["idle", timeout, run]);
    win.setTimeout = (run, ms) => win.asked.push(["timer", ms, run]);
    return win;
  };
  const state = (promise) => Promise.race([promise.then(() => "settled"), settled().then(() => "waiting")]);

  test("while the page loads it waits for the load, then for an idle moment", async () => {
    const [page, win] = [{ readyState: "interactive" }, fakeWindow()];
    const quiet = loadedAndIdle({ timeoutMs: 2000, page, win });
    assert.deepEqual(win.asked, []);
    win.dispatchEvent(new Event("load"));
    assert.deepEqual(
      win.asked.map(([kind, ms]) => [kind, ms]),
      [["idle", 2000]],
    );
    assert.equal(await state(quiet), "waiting");
    win.asked[0][2]();
    assert.equal(await state(quiet), "settled");
  });

  test("a page already loaded waits only for the idle moment", async () => {
    const win = fakeWindow();
    const quiet = loadedAndIdle({ timeoutMs: 5000, page: { readyState: "complete" }, win });
    assert.deepEqual(
      win.asked.map(([kind, ms]) => [kind, ms]),
      [["idle", 5000]],
    );
    win.asked[0][2]();
    assert.equal(await state(quiet), "settled");
  });

  test("without idle callbacks (Safari), it goes right after the load", async () => {
    const win = fakeWindow({ idle: false });
    const quiet = loadedAndIdle({ timeoutMs: 2000, page: { readyState: "complete" }, win });
    assert.deepEqual(
      win.asked.map(([kind, ms]) => [kind, ms]),
      [["timer", 0]],
    );
    win.asked[0][2]();
    assert.equal(await state(quiet), "settled");
  });
});

describe("starting Python from a snapshot or in full", () => {
  const store = (usable = true) => {
    const discarded = [];
    return { usable, discard: async () => void discarded.push("discarded"), discarded };
  };
  const loader = (fails = false) => {
    const calls = [];
    const loadPyodide = async (options) => {
      calls.push(options);
      if (fails && options._loadSnapshot) throw new Error("no restore");
      return { started: calls.length };
    };
    return { loadPyodide, calls };
  };

  test("a saved snapshot is restored, and no new one is taken", async () => {
    const { loadPyodide, calls } = loader();
    const { start } = await startPython(loadPyodide, { indexURL: "x" }, store(), { bytes: new Uint8Array(3) });
    assert.equal(start, "snapshot");
    assert.equal(calls.length, 1);
    assert.equal(calls[0].indexURL, "x");
    assert.equal(calls[0]._loadSnapshot.length, 3);
    assert.equal(calls[0]._makeSnapshot, undefined);
  });

  test("without one, Python starts in full, taking a snapshot only if the store can keep it", async () => {
    for (const usable of [true, false]) {
      const { loadPyodide, calls } = loader();
      const { start } = await startPython(loadPyodide, {}, store(usable), { missing: "no snapshot yet" });
      assert.equal(start, "full");
      assert.deepEqual(
        calls.map((options) => [options._loadSnapshot, options._makeSnapshot]),
        [[undefined, usable]],
      );
    }
  });

  test("a snapshot that fails to restore is discarded, and Python starts in full", async () => {
    const { loadPyodide, calls } = loader(true);
    const kept = store();
    const warned = console.warn;
    console.warn = () => {};
    try {
      const { start, pyodide } = await startPython(loadPyodide, {}, kept, { bytes: new Uint8Array(1) });
      assert.equal(start, "full");
      assert.deepEqual(pyodide, { started: 2 });
    } finally {
      console.warn = warned;
    }
    assert.deepEqual(kept.discarded, ["discarded"]);
    assert.equal(calls.length, 2);
  });
});
