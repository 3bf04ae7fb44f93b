// What every part of the offline copy shares, from the page's side: the facts of this page (its
// build, whether this browser can keep a copy, where the service worker is), where the copy
// stands, and how a page asks the service worker a question.
// <html>'s data-offline-copy says where the copy stands: "unsupported", "off" (the reader removed it),
// "save-data", "not-asked" (guide not used yet), "making", "ready", "failed" or "unremoved" (a removal
// that did not finish); when ready, data-offline-ready="yes" too. Each change is also told as an event.

export const SW_URL = new URL("../../sw.js", import.meta.url);
export const CACHE_PREFIX = "rupture-guide-";
const buildMeta = /** @type {HTMLMetaElement | null} */ (
  globalThis.document?.querySelector('meta[name="rupture-guide-build"]')
);
export const build = buildMeta?.content;
export const supported =
  "serviceWorker" in (globalThis.navigator ?? {}) && "caches" in globalThis && globalThis.isSecureContext;

export const COPY_EVENT = "rupture-guide:offline-copy";

export function copyState(state) {
  document.documentElement.dataset.offlineCopy = state;
  window.dispatchEvent(new CustomEvent(COPY_EVENT, { detail: state }));
}

export const failedAs = (state, what) => (error) => {
  copyState(state);
  console.warn(`[rupture-guide] ${what}:`, error);
};

// A question to a service worker, answered on a channel of its own.
export const ask = (worker, message) =>
  new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = ({ data }) => resolve(data);
    worker.postMessage(message, [port2]);
  });
