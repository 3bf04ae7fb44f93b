// The offline copy, from the page's side: loaded on every page, this file decides when to make
// the copy. Once the page is idle and the reader pauses, it has the copy made (offline-copy.mjs),
// so that the guide starts from it next time, with or without a network; only once the reader has
// used the guide (here, or earlier in this browser: then the worker is registered, the only sign
// kept) or asked on the scope page. A guide page waits for its engine first; nothing is fetched
// when the browser asks to save data or is on 2G. The other parts, one job each:
// offline-state.mjs (what they share, and the states <html data-offline-copy> can say),
// offline-updates.mjs (a page of an older build), offline-panel.mjs and offline-removal.mjs (the
// scope page's panel and its removal), offline-choice.mjs (the one stored setting), quiet.mjs
// (waiting for the reader's pause), and sw.js (the service worker itself).
// Nothing runs without the build's <meta name="rupture-guide-build">.

import { STATUS_EVENT, currentEngine } from "./engine.mjs";
import { offlineWanted } from "./offline-choice.mjs";
import { makeCopy } from "./offline-copy.mjs";
import { mountPanel } from "./offline-panel.mjs";
import { SW_URL, build, copyState, failedAs, supported } from "./offline-state.mjs";
import { followUpdates } from "./offline-updates.mjs";
import { loadedAndIdle, whenQuiet } from "./quiet.mjs";

// The browser's own signal that data should be saved (Save-Data, or a 2G connection).
export function savingData(connection = navigator.connection) {
  return Boolean(connection && (connection.saveData || /(^|-)2g$/.test(connection.effectiveType || "")));
}

// The reader's answers come first. Making the copy right after the engine was ready took CPU from
// the answers given meanwhile (on two cores their p95 went from 12 to 21 ms, make bench), so it
// waits for a pause: no click, key, touch or wheel on the page for `quietMs`. A reader stops to
// read each question, so the copy is made in the first pause.
export const READER_EVENTS = ["pointerdown", "click", "keydown", "wheel"];
/** @returns {Promise<void>} */
export function readerPause({ target = globalThis, quietMs = 500, ...timers } = {}) {
  return new Promise((resolve) => {
    const paused = () => {
      for (const type of READER_EVENTS) target.removeEventListener(type, quiet.putOff, { capture: true });
      resolve();
    };
    const quiet = whenQuiet(paused, { quietMs, ...timers });
    for (const type of READER_EVENTS) target.addEventListener(type, quiet.putOff, { capture: true, passive: true });
  });
}

// On a page that runs the engine, wait until it has loaded, or failed for good (a slow start
// that timed out may still come up): never compete with its downloads.
const settled = ({ status, error }) => status === "ready" || (status === "failed" && error?.kind !== "timeout");

/** @returns {Promise<void>} */
function engineSettled() {
  const engine = currentEngine();
  if (!engine || settled(engine)) return Promise.resolve();
  return new Promise((resolve) => {
    const onStatus = ({ detail }) => {
      if (!settled(detail)) return;
      window.removeEventListener(STATUS_EVENT, onStatus);
      resolve();
    };
    window.addEventListener(STATUS_EVENT, onStatus);
  });
}

async function start() {
  if (!build) return;
  const onEveryPage = () => mountPanel().catch((error) => console.warn("[rupture-guide]", error));
  typeof window.document$?.subscribe === "function" ? window.document$.subscribe(onEveryPage) : onEveryPage();
  if (!supported) {
    copyState("unsupported");
    return;
  }
  if (!offlineWanted()) {
    copyState("off");
    return;
  }
  if (savingData()) {
    copyState("save-data");
    return;
  }
  followUpdates();
  await loadedAndIdle({ timeoutMs: 5000 });
  // The guide used: on this page (its engine runs here), or before (a registration; a removal unregisters).
  if (!currentEngine() && !(await navigator.serviceWorker.getRegistration(SW_URL).catch(() => undefined))) {
    copyState("not-asked"); // until the guide's engine starts here (instant navigation), or the reader asks
    await new Promise((resolve) => window.addEventListener(STATUS_EVENT, resolve, { once: true }));
    if (document.documentElement.dataset.offlineCopy !== "not-asked") return; // asked meanwhile
  }
  await engineSettled();
  await readerPause();
  await makeCopy();
}

start().catch(failedAs("failed", "no offline copy"));
