// Whether this device may keep the offline copy: the one setting the site stores, and only when
// the reader removes the copy (the scope page's button). It holds no answer and nothing about a
// patient: a single word, "off", under one key of this site's localStorage.

const KEY = "rupture-guide:offline";

// A removal is also told on this channel to every context of the site: the engine worker of a
// guide tab still loading then keeps no snapshot (snapshot-store.mjs listens).
export const REMOVAL_CHANNEL = "rupture-guide:offline-removed";

export function offlineWanted() {
  try {
    return globalThis.localStorage?.getItem(KEY) !== "off";
  } catch {
    return true; // storage blocked: nothing is remembered, the default holds
  }
}

export function setOfflineWanted(wanted) {
  try {
    if (wanted) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, "off");
  } catch {
    // storage blocked: the copy is still removed now, only the choice is not remembered
  }
  if (!wanted && globalThis.BroadcastChannel) {
    const channel = new BroadcastChannel(REMOVAL_CHANNEL);
    channel.postMessage("removed");
    channel.close();
  }
}
