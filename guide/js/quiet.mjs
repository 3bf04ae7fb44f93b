// Waiting for a quiet moment, in one place: `run` once nothing has happened for `quietMs`, each
// `putOff()` starting the wait again, and only once. The worker saves the engine's snapshot this
// way, put off by every request (snapshot-store.mjs); a page makes the offline copy this way, put
// off by the reader's clicks and keys (offline.mjs). Unit tests: tests/js/offline-parts.test.mjs.

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
