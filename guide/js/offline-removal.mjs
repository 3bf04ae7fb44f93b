// Removing the offline copy, when the reader asks on the scope page: the choice is remembered
// first (offline-choice.mjs, which also tells every other context of the site), then every
// service worker registration and every cache of the site (pages, runtime, snapshot) is deleted.
// "off" is said only once it is true: the panel tells the reader the files are gone.

import { setOfflineWanted } from "./offline-choice.mjs";
import { CACHE_PREFIX, copyState, supported } from "./offline-state.mjs";

export async function removeCopy() {
  setOfflineWanted(false); // first, so that nothing is copied again meanwhile
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
