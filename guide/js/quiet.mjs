// Waiting for a quiet moment, in one place: `run` once nothing has happened for `quietMs`, each
// `putOff()` starting the wait again, and only once. The worker saves the engine's snapshot this
// way, put off by every request (snapshot-store.mjs); a page makes the offline copy this way, put
// off by the reader's clicks and keys (offline.mjs). And a page's own quiet moment, once it has
// loaded (loadedAndIdle): the offline copy starts then, and practice mode's engine.
// Unit tests: tests/js/offline-parts.test.mjs.

/**
 * @param {() => void} run
 * @param {{quietMs: number, setTimer?: typeof setTimeout, clearTimer?: typeof clearTimeout}} timing
 * @returns {{putOff: () => void}}
 */
export function whenQuiet(run, { quietMs, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let ran = false;
  const once = () => {
    ran = true;
    run();
  };
  let timer = setTimer(once, quietMs);
  return {
    putOff() {
      if (ran) return;
      clearTimer(timer);
      timer = setTimer(once, quietMs);
    },
  };
}

/**
 * Settles once the page has loaded and its main thread is idle, or `timeoutMs` after the load at
 * the latest (without requestIdleCallback, right after the load).
 * @param {{timeoutMs: number, page?: Document, win?: Window & typeof globalThis}} options
 * @returns {Promise<void>}
 */
export function loadedAndIdle({ timeoutMs, page = document, win = window }) {
  return new Promise((resolve) => {
    const idle = () =>
      win.requestIdleCallback
        ? win.requestIdleCallback(() => resolve(), { timeout: timeoutMs })
        : win.setTimeout(resolve, 0);
    if (page.readyState === "complete") idle();
    else win.addEventListener("load", idle, { once: true });
  });
}
