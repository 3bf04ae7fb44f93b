// The scope page's panel (#offline-copy-panel): says what this device holds, and offers to remove
// the offline copy (offline-removal.mjs) or to make it again (offline-copy.mjs). It follows every
// change of the copy's state, in this tab, while it is on the page.

import { offlineWanted, setOfflineWanted } from "./offline-choice.mjs";
import { makeCopy } from "./offline-copy.mjs";
import { removeCopy } from "./offline-removal.mjs";
import { CACHE_PREFIX, COPY_EVENT, failedAs, supported } from "./offline-state.mjs";

const SAID = {
  unsupported: "This browser cannot keep an offline copy of the site.",
  off: "The offline copy is removed: the service worker and every file this site kept on this device are gone, and none is kept again unless you ask.",
  "save-data": "Your browser asks to save data, so the site makes no offline copy.",
  "not-asked":
    "There is no offline copy on this device. The site makes one once you use the decision guide, or now if you ask.",
  making: "The offline copy is being made: the site's files, the guide's engine included.",
  ready: "This device holds an offline copy of the site, the guide's engine included.",
  failed: "The offline copy could not be completed. It will be tried again on your next visit.",
  unremoved: "Part of the offline copy could not be removed. Your browser's settings for this site can clear the rest.",
};

async function copyStatus() {
  const state = document.documentElement.dataset.offlineCopy;
  if (SAID[state]) return SAID[state];
  const names = supported ? (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX)) : [];
  return names.length
    ? "This device holds an offline copy of the site."
    : "There is no offline copy on this device yet.";
}

export async function mountPanel() {
  const panel = document.getElementById("offline-copy-panel");
  if (!panel || panel.dataset.mounted) return;
  panel.dataset.mounted = "true";
  const status = panel.querySelector("[data-offline-status]");
  const remove = /** @type {HTMLButtonElement} */ (panel.querySelector("button[data-offline-remove]"));
  const restore = /** @type {HTMLButtonElement} */ (panel.querySelector("button[data-offline-restore]"));
  let latest = 0;
  const refresh = async (said) => {
    const mine = ++latest;
    const text = said || (await copyStatus());
    if (mine !== latest) return; // the state changed while the caches were read: the newer words stand
    status.textContent = text;
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
