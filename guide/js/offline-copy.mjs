// Making the offline copy: register the service worker (sw.js, at the site's root) and ask its
// newest worker to complete the copy (the pages and assets, the engine and its runtime), until a
// worker of this page's build, or the newest one, says it is complete. A new worker takes over by
// itself once its copy is in place (sw.js, install): the page never asks it to. Unit tests:
// tests/js/offline-parts.test.mjs (copyIsComplete, completeTheCopy).

import { offlineWanted } from "./offline-choice.mjs";
import { SW_URL, ask, build, copyState } from "./offline-state.mjs";

// Settles with null when the worker is replaced (a newer build's worker took over meanwhile).
const replaced = (worker) =>
  new Promise((resolve) => {
    const gone = () => {
      if (worker.state === "redundant") resolve(null);
    };
    gone();
    worker.addEventListener("statechange", gone);
  });

// Whether a worker's answer means the copy is complete: of this page's build, or of the worker's
// when no newer worker is on its way (then this page is the stale one, of a build replaced
// while it was open, and waiting for yet another worker would never end).
export const copyIsComplete = (answer, pageBuild, { installing, waiting }) =>
  Boolean(answer?.complete) && (answer.build === pageBuild || (!installing && !waiting));

// The registration's newest worker once it has installed (or failed to): a newer build's, installing
// or waiting, before the active one.
/** @param {ServiceWorkerRegistration} registration */
async function newestWorker(registration) {
  for (;;) {
    const worker = registration.installing || registration.waiting || registration.active;
    if (worker?.state !== "installing") return worker;
    await new Promise((resolve) => worker.addEventListener("statechange", resolve, { once: true }));
  }
}

/**
 * Ask the registration's newest worker to complete the copy, up to five times (a worker replaced
 * meanwhile, a newer build found), until the copy counts as complete; the answers that said why not.
 * The older worker is never asked: left alone, it goes idle and hands over. Asked, it was started
 * again and kept running, in Chromium, and the new worker waited behind it for minutes.
 * @param {ServiceWorkerRegistration} registration
 * @param {string | undefined} pageBuild
 * @returns {Promise<{complete: boolean, errors: string[]}>}
 */
export async function completeTheCopy(registration, pageBuild, askWorker = ask) {
  const errors = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const worker = await newestWorker(registration);
    if (!worker) break;
    const answer = await Promise.race([askWorker(worker, { type: "complete" }), replaced(worker)]);
    if (answer?.error) errors.push(answer.error);
    if (copyIsComplete(answer, pageBuild, registration)) return { complete: true, errors };
    // A copy of another build: anything newer published, this page's build perhaps?
    if (answer?.complete) await registration.update().catch(() => {});
  }
  return { complete: false, errors };
}

export async function makeCopy() {
  if (!offlineWanted()) {
    copyState("off");
    return;
  } // removed meanwhile, perhaps in another tab
  copyState("making");
  const registration = await navigator.serviceWorker.register(SW_URL);
  const { complete, errors } = await completeTheCopy(registration, build);
  for (const error of errors) console.warn("[rupture-guide] the offline copy stopped:", error);
  if (complete) {
    copyState("ready");
    document.documentElement.dataset.offlineReady = "yes";
    return;
  }
  copyState("failed");
  console.warn("[rupture-guide] the offline copy is not complete yet");
}
