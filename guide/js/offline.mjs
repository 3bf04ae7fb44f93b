// The offline copy, from the page's side: loaded on every page. Once the page is idle it
// registers the service worker (sw.js, at the site's root) and asks it to complete the copy:
// the pages and assets, and the engine's runtime, so that the guide starts from the copy next
// time, with or without a network; only once the reader has used the guide (here, or earlier in this
// browser: then the worker is registered, the only sign kept) or asked on the scope page. A guide page
// waits for its engine first; nothing is fetched when the browser asks to save data or is on 2G.
// <html>'s data-offline-copy says where the copy stands: "unsupported", "off" (the reader removed it),
// "save-data", "not-asked" (guide not used yet), "making", "ready", "failed" or "unremoved" (a removal
// that did not finish); when ready, data-offline-ready="yes" too.
// The scope page's panel (#offline-copy-panel) makes the copy on request, or removes it (the worker, every
// cache, the snapshot) and remembers that. Nothing runs without the build's <meta name="rupture-guide-build">.

import { STATUS_EVENT, currentEngine } from "./engine.mjs";
import { offlineWanted, setOfflineWanted } from "./offline-choice.mjs";

const SW_URL = new URL("../../sw.js", import.meta.url);
const CACHE_PREFIX = "rupture-guide-";
const build = globalThis.document?.querySelector('meta[name="rupture-guide-build"]')?.content;
const supported = "serviceWorker" in (globalThis.navigator ?? {}) && "caches" in globalThis && globalThis.isSecureContext;

// The browser's own signal that data should be saved (Save-Data, or a 2G connection).
export function savingData(connection = navigator.connection) {
  return Boolean(connection && (connection.saveData || /(^|-)2g$/.test(connection.effectiveType || "")));
}

const whenIdle = () => new Promise((resolve) => {
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(() => resolve(), { timeout: 5000 }) : setTimeout(resolve, 0));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
});

// On a page that runs the engine, wait until it has loaded, or failed for good (a slow start
// that timed out may still come up): never compete with its downloads.
const settled = ({ status, error }) => status === "ready" || (status === "failed" && error?.kind !== "timeout");

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

const ask = (worker, message) => new Promise((resolve) => {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }) => resolve(data);
  worker.postMessage(message, [port2]);
});

const COPY_EVENT = "rupture-guide:offline-copy";
const copyState = (state) => {
  document.documentElement.dataset.offlineCopy = state;
  window.dispatchEvent(new CustomEvent(COPY_EVENT, { detail: state }));
};
const failedAs = (state, what) => (error) => { copyState(state); console.warn(`[rupture-guide] ${what}:`, error); };

// Settles with null when the worker is replaced (a newer build's worker took over meanwhile).
const replaced = (worker) => new Promise((resolve) => {
  const gone = () => { if (worker.state === "redundant") resolve(null); };
  gone();
  worker.addEventListener("statechange", gone);
});

// Whether a worker's answer means the copy is complete: of this page's build, or of the worker's
// when no newer worker is on its way (then this page is the stale one, of a build replaced
// while it was open, and waiting for yet another worker would never end).
export const copyIsComplete = (answer, pageBuild, { installing, waiting }) =>
  Boolean(answer?.complete) && (answer.build === pageBuild || (!installing && !waiting));

async function makeCopy() {
  if (!offlineWanted()) { copyState("off"); return; }  // removed meanwhile, perhaps in another tab
  copyState("making");
  await navigator.serviceWorker.register(SW_URL);
  // The worker that answers may be an older build's, on its way out: then ask the new one.
  for (let attempt = 0; attempt < 5; attempt++) {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    const answer = await Promise.race([ask(worker, { type: "complete" }), replaced(worker)]);
    if (answer?.complete && answer.build !== build) await registration.update().catch(() => {});  // anything newer?
    // A newer worker waiting: ask it to take over now (Chromium can leave it waiting for minutes).
    registration.waiting?.postMessage({ type: "activate" });
    if (copyIsComplete(answer, build, registration)) {
      copyState("ready");
      document.documentElement.dataset.offlineReady = "yes";
      return;
    }
    if (registration.active === worker && worker.state !== "redundant") await new Promise((resolve) => {
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
      worker.addEventListener("statechange", resolve, { once: true });
    });
  }
  copyState("failed");
  console.warn("[rupture-guide] the offline copy is not complete yet");
}

// A page of an older build, still open when a newer build takes over: its next link opens whole.
function followUpdates() {
  navigator.serviceWorker.addEventListener("controllerchange", async () => {
    const controller = navigator.serviceWorker.controller;
    const answer = controller ? await ask(controller, { type: "build" }) : {};
    if (!answer.build || answer.build === build) return;
    document.addEventListener("click", (event) => {
      const link = event.target.closest?.("a[href]");
      if (!link || link.origin !== location.origin || event.defaultPrevented || event.button !== 0) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      location.assign(link.href);
    }, { capture: true });
  });
}

// "off" is said only once it is true: the panel tells the reader the files are gone.
export async function removeCopy() {
  setOfflineWanted(false);  // first, so that nothing is copied again meanwhile
  delete document.documentElement.dataset.offlineReady;
  if (supported) {
    // A registration still being installed or updated can outlive one round: go until none is left.
    for (let round = 0; round < 5; round++) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      if (!registrations.length) break;
      await Promise.all(registrations.map((registration) => registration.unregister()));
    }
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  }
  copyState("off");
}

const SAID = {
  unsupported: "This browser cannot keep an offline copy of the site.",
  off: "The offline copy is removed: the service worker and every file this site kept on this device are gone, and none is kept again unless you ask.",
  "save-data": "Your browser asks to save data, so the site makes no offline copy.",
  "not-asked": "There is no offline copy on this device. The site makes one once you use the decision guide, or now if you ask.",
  making: "The offline copy is being made: the site's files, the guide's engine included.",
  ready: "This device holds an offline copy of the site, the guide's engine included.",
  failed: "The offline copy could not be completed. It will be tried again on your next visit.",
  unremoved: "Part of the offline copy could not be removed. Your browser's settings for this site can clear the rest.",
};

async function copyStatus() {
  const state = document.documentElement.dataset.offlineCopy;
  if (SAID[state]) return SAID[state];
  const names = supported ? (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX)) : [];
  return names.length ? "This device holds an offline copy of the site." : "There is no offline copy on this device yet.";
}

// The scope page's panel: what is on this device, and the buttons to remove or restore the copy.
async function mountPanel() {
  const panel = document.getElementById("offline-copy-panel");
  if (!panel || panel.dataset.mounted) return;
  panel.dataset.mounted = "true";
  const status = panel.querySelector("[data-offline-status]");
  const remove = panel.querySelector("button[data-offline-remove]");
  const restore = panel.querySelector("button[data-offline-restore]");
  const refresh = async (said) => {
    status.textContent = said || (await copyStatus());
    const asked = offlineWanted() && document.documentElement.dataset.offlineCopy !== "not-asked";
    remove.hidden = !supported || !asked;
    restore.hidden = !supported || asked;
  };
  const follow = () => (panel.isConnected ? refresh() : window.removeEventListener(COPY_EVENT, follow));
  window.addEventListener(COPY_EVENT, follow);
  remove.addEventListener("click", async () => {
    await removeCopy().catch(failedAs("unremoved", "the offline copy was not removed"));
    await refresh();
    restore.focus();
  });
  restore.addEventListener("click", async () => {
    setOfflineWanted(true);
    [remove.hidden, restore.hidden] = [false, true];
    remove.focus();
    makeCopy().catch(failedAs("failed", "no offline copy"));
  });
  await refresh();
}

async function start() {
  if (!build) return;
  const onEveryPage = () => mountPanel().catch((error) => console.warn("[rupture-guide]", error));
  (typeof window.document$?.subscribe === "function") ? window.document$.subscribe(onEveryPage) : onEveryPage();
  if (!supported) { copyState("unsupported"); return; }
  if (!offlineWanted()) { copyState("off"); return; }
  if (savingData()) { copyState("save-data"); return; }
  followUpdates();
  await whenIdle();
  // The guide used: on this page (its engine runs here), or before (a registration; a removal unregisters).
  if (!currentEngine() && !(await navigator.serviceWorker.getRegistration(SW_URL).catch(() => undefined))) {
    copyState("not-asked");  // until the guide's engine starts here (instant navigation), or the reader asks
    await new Promise((resolve) => window.addEventListener(STATUS_EVENT, resolve, { once: true }));
    if (document.documentElement.dataset.offlineCopy !== "not-asked") return;  // asked meanwhile
  }
  await engineSettled();
  await makeCopy();
}

start().catch(failedAs("failed", "no offline copy"));
