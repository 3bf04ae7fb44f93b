// Test doubles for guide/js/engine.mjs under Node's test runner: a Worker that the test
// drives by hand, timers that fire only when told, and a logger that keeps what it was told.
// (Not named *.test.mjs, so `node --test` does not run it as a test file.)

import { createEngine, STATUS_EVENT } from "../../guide/js/engine.mjs";

// Node 18 has CustomEvent only behind a flag (Node 19 and browsers have it).
globalThis.CustomEvent ??= class CustomEvent extends Event {
  constructor(type, init = {}) {
    super(type, init);
    this.detail = init.detail ?? null;
  }
};

// Plays the part of the module Web Worker that runs worker.mjs.
export class FakeWorker extends EventTarget {
  constructor() {
    super();
    this.posted = []; // requests
    this.settings = []; // the settings message engine.mjs sends first
  }

  postMessage(data) {
    (data?.type === "settings" ? this.settings : this.posted).push(data);
  }

  // What worker.mjs posts: {type: "progress"|"ready"|"failed"|"view", ...}.
  send(data) {
    this.dispatchEvent(new MessageEvent("message", { data }));
  }

  // A script that throws (an ErrorEvent with a message) or that could not be loaded (none).
  crash(message) {
    const event = new Event("error");
    if (message !== undefined) Object.defineProperty(event, "message", { value: message });
    this.dispatchEvent(event);
  }

  garble() {
    this.dispatchEvent(new Event("messageerror"));
  }
}

export class FakeTimers {
  constructor() {
    this.timers = new Map();
    this.next = 1;
    this.delays = [];
    this.setTimer = (callback, ms) => {
      this.delays.push(ms);
      this.timers.set(this.next, callback);
      return this.next++;
    };
    this.clearTimer = (id) => this.timers.delete(id);
  }

  get armed() {
    return this.timers.size;
  }

  // Fire every armed timer, as if its delay had passed.
  fire() {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const callback of due) callback();
  }
}

// An engine wired to fakes; `reports` collects the detail of every status event in order.
export function startFake(options = {}) {
  const worker = new FakeWorker();
  const timers = new FakeTimers();
  const events = new EventTarget();
  const reports = [];
  const logged = { error: [], info: [] };
  events.addEventListener(STATUS_EVENT, (event) => reports.push(event.detail));
  const engine = createEngine({
    createWorker: () => worker,
    events,
    hasWebAssembly: () => true,
    timeoutMs: 15000,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    log: {
      error: (...parts) => logged.error.push(parts.join(" ")),
      info: (...parts) => logged.info.push(parts.join(" ")),
    },
    ...options,
  });
  return { engine, worker, timers, events, reports, logged };
}

// Let promise callbacks run (a request's then/catch), without any timer.
export const settled = () => new Promise((resolve) => setImmediate(resolve));
