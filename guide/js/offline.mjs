// The offline copy, from the page's side: loaded on every page. Once the page is idle it
// registers the service worker (sw.js, at the site's root) and asks it to complete the copy:
// the pages and assets, and the engine's runtime, so that the guide starts from the copy next
// time, with or without a network. On the guide's pages it waits for the engine first (the
// runtime has just arrived, so completing the copy costs nothing); on other pages it is a polite
// background download, skipped when the browser asks to save data or the connection is 2G.
// When done, <html> gets data-offline-ready="yes".
//
// The scope page's button (#offline-copy) removes the copy: the service worker, every cache of
// this site (the engine's snapshot included), and the choice is remembered on this device.
// The build writes <meta name="rupture-guide-build"> into every page; without it (mkdocs serve)
// nothing here runs.

import { STATUS_EVENT, currentEngine } from "./engine.mjs";
import { offlineWanted, setOfflineWanted } from "./offline-choice.mjs";

const SW_URL = new URL("../../sw.js", import.meta.url);
const CACHE_PREFIX = "rupture-guide-";
const build = document.querySelector('meta[name="rupture-guide-build"]')?.content;
const supported = "serviceWorker" in navigator && "caches" in globalThis && window.isSecureContext;

// The browser's own signal that data should be saved (Save-Data, or a 2G connection).
export function savingData(connection = navigator.connection) {
  return Boolean(connection && (connection.saveData || /(^|-)2g$/.test(connection.effectiveType || "")));
}

function whenIdle() {
  return new Promise((resolve) => {
    const idle = () => (window.requestIdleCallback ? requestIdleCallback(() => resolve(), { timeout: 5000 }) : setTimeout(resolve, 0));
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  });
}

// On a page that runs the engine, wait until it has loaded (or failed): never compete with it.
function engineSettled() {
  const engine = currentEngine();
  if (!engine || engine.status !== "loading") return Promise.resolve();
  return new Promise((resolve) => {
    const onStatus = ({ detail }) => {
      if (detail.status === "loading") return;
      window.removeEventListener(STATUS_EVENT, onStatus);
      resolve();
    };
    window.addEventListener(STATUS_EVENT, onStatus);
  });
}

function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => resolve(data);
    worker.postMessage(message, [channel.port2]);
  });
}

async function makeCopy() {
  await navigator.serviceWorker.register(SW_URL);
  const registration = await navigator.serviceWorker.ready;
  const answer = await ask(registration.active, { type: "complete" });
  if (answer.complete && answer.build === build) document.documentElement.dataset.offlineReady = "yes";
  else if (!answer.complete) console.warn("[rupture-guide] the offline copy is not complete yet:", answer.error);
}

// A page of an older build, still open when a newer build takes over: its next link opens in
// full, so it never shows a mix of the two.
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

export async function removeCopy() {
  setOfflineWanted(false);
  delete document.documentElement.dataset.offlineReady;
  if (supported) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  }
}

async function copyStatus() {
  if (!supported) return "This browser cannot keep an offline copy of the site.";
  if (!offlineWanted()) return "There is no offline copy on this device: you removed it. You can make one again.";
  const names = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX));
  return names.length ? "This device holds an offline copy of the site." : "There is no offline copy on this device yet.";
}

// The scope page's panel: what is on this device, and the buttons to remove or restore the copy.
async function mountPanel() {
  const panel = document.getElementById("offline-copy");
  if (!panel || panel.dataset.mounted) return;
  panel.dataset.mounted = "true";
  const status = panel.querySelector("[data-offline-status]");
  const remove = panel.querySelector("button[data-offline-remove]");
  const restore = panel.querySelector("button[data-offline-restore]");
  const refresh = async (said) => {
    status.textContent = said || (await copyStatus());
    remove.hidden = !supported || !offlineWanted();
    restore.hidden = !supported || offlineWanted();
  };
  remove.addEventListener("click", async () => {
    await removeCopy();
    await refresh("The offline copy is removed: the service worker and every file this site kept on this device are gone. Nothing will be kept again unless you ask.");
    restore.focus();
  });
  restore.addEventListener("click", async () => {
    setOfflineWanted(true);
    await refresh("The offline copy is being made. It is complete once the site's files, the guide's engine included, have arrived.");
    remove.focus();
    makeCopy().then(() => refresh()).catch((error) => refresh(`The offline copy could not be made: ${error.message}`));
  });
  await refresh();
}

async function start() {
  if (!build) return;
  const onEveryPage = () => mountPanel().catch((error) => console.warn("[rupture-guide]", error));
  if (typeof window.document$?.subscribe === "function") window.document$.subscribe(onEveryPage);
  else onEveryPage();
  if (!supported || !offlineWanted() || savingData()) return;
  followUpdates();
  await whenIdle();
  await engineSettled();
  await makeCopy();
}

start().catch((error) => console.warn("[rupture-guide] no offline copy:", error));
