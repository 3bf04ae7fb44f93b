// Making the offline copy: register the service worker (sw.js, at the site's root) and ask it to
// complete the copy (the pages and assets, the engine and its runtime), until a worker of this
// page's build, or the newest one, says it is complete. A new worker takes over by itself once
// its copy is in place (sw.js, install): the page never asks it to. Unit tests:
// tests/js/offline-parts.test.mjs (copyIsComplete).

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

export async function makeCopy() {
  if (!offlineWanted()) {
    copyState("off");
    return;
  } // removed meanwhile, perhaps in another tab
  copyState("making");
  await navigator.serviceWorker.register(SW_URL);
  // The worker that answers may be an older build's, on its way out: then ask the new one.
  for (let attempt = 0; attempt < 5; attempt++) {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    const answer = await Promise.race([ask(worker, { type: "complete" }), replaced(worker)]);
    if (answer?.complete && answer.build !== build) await registration.update().catch(() => {}); // anything newer?
    if (answer?.error) console.warn("[rupture-guide] the offline copy stopped:", answer.error);
    if (copyIsComplete(answer, build, registration)) {
      copyState("ready");
      document.documentElement.dataset.offlineReady = "yes";
      return;
    }
    if (registration.active === worker && worker.state !== "redundant")
      await new Promise((resolve) => {
        navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
        worker.addEventListener("statechange", resolve, { once: true });
      });
  }
  copyState("failed");
  console.warn("[rupture-guide] the offline copy is not complete yet");
}
