// The engine's memory snapshot: a copy of Pyodide's memory taken once the engine is imported and
// warmed up, before it has seen any request, so a later visit restores it instead of starting
// Python again. It is kept in Cache Storage, in a cache named for the runtime's key (a hash of
// the Pyodide files and the engine's wheel, written by the build into runtime.json), and carries
// the same key in a header: a snapshot is used only when both match. Nothing the clinician
// enters is ever in it. Once the reader removes the offline copy, in any tab (offline-choice.mjs
// tells every context on a channel), a store keeps nothing more. Unit tests:
// tests/js/offline-parts.test.mjs.

import { REMOVAL_CHANNEL } from "./offline-choice.mjs";
import { whenQuiet } from "./quiet.mjs";

export const CACHE_PREFIX = "rupture-guide-snapshot-";
const KEY_HEADER = "x-runtime-key";
const removalsHeard = () => (globalThis.BroadcastChannel ? new BroadcastChannel(REMOVAL_CHANNEL) : null);

export function snapshotStore({ caches, key, url, removals = removalsHeard() }) {
  const name = CACHE_PREFIX + key;
  const usable = Boolean(caches && key);
  let removed = false;
  removals?.addEventListener("message", () => {
    removed = true;
  });
  return {
    usable,
    // The snapshot's bytes, or {missing: why} when there is none to use.
    /** @returns {Promise<{bytes?: Uint8Array, missing?: string}>} */
    async read() {
      if (!usable)
        return { missing: caches ? "the build gave no runtime key" : "this browser has no Cache Storage here" };
      if (!(await caches.has(name))) return { missing: "no snapshot yet" };
      const response = await (await caches.open(name)).match(url);
      if (!response) return { missing: "no snapshot yet" };
      if (response.headers.get(KEY_HEADER) !== key) return { missing: "the snapshot does not match this runtime" };
      return { bytes: new Uint8Array(await response.arrayBuffer()) };
    },
    // Keep this snapshot and drop any other runtime's.
    async write(bytes) {
      if (!usable || removed) return;
      for (const other of await caches.keys())
        if (other.startsWith(CACHE_PREFIX) && other !== name) await caches.delete(other);
      const headers = { "content-type": "application/octet-stream", [KEY_HEADER]: key };
      await (await caches.open(name)).put(url, new Response(bytes, { headers }));
      if (removed) await caches.delete(name); // the removal came while this was being written
    },
    async discard() {
      if (usable) await caches.delete(name);
    },
  };
}

// Python, from the saved snapshot when there is one and it restores, else in full, taking a
// snapshot if the store can keep one; a snapshot that fails to restore is discarded.
// loadPyodide is Pyodide's; saved is what store.read() gave. {pyodide, start: "snapshot" | "full"}.
/**
 * @param {(options: object) => Promise<any>} loadPyodide
 * @param {object} options
 * @param {{usable: boolean, discard: () => Promise<void>}} store
 * @param {{bytes?: Uint8Array}} saved
 */
export async function startPython(loadPyodide, options, store, saved) {
  if (saved.bytes) {
    try {
      return { pyodide: await loadPyodide({ ...options, _loadSnapshot: saved.bytes }), start: "snapshot" };
    } catch (error) {
      console.warn("[decision-guide engine] the saved snapshot could not be restored; starting in full:", error);
      await store.discard().catch(() => {});
    }
  }
  return { pyodide: await loadPyodide({ ...options, _makeSnapshot: store.usable }), start: "full" };
}

// Saving a snapshot copies tens of megabytes on the worker's own thread, which would hold up an
// answer given at that moment (the first one after "ready" took ten times as long). So it waits
// for a quiet moment: `save` runs once no request has come for `quietMs`, and every request puts
// it off again. A reader pauses to read each question, so it runs in the first pause.
/** @param {() => Promise<unknown>} save */
export function saveWhenQuiet(save, { quietMs = 300, log = console, ...timers } = {}) {
  const run = () => save().catch((error) => log.warn("[decision-guide engine] the snapshot was not saved:", error));
  return whenQuiet(run, { quietMs, ...timers });
}
