// Whether this device may keep the offline copy: the one setting the site stores, and only when
// the reader removes the copy (the scope page's button). It holds no answer and nothing about a
// patient: a single word, "off", under one key of this site's localStorage.

const KEY = "rupture-guide:offline";

export function offlineWanted() {
  try {
    return globalThis.localStorage?.getItem(KEY) !== "off";
  } catch {
    return true;  // storage blocked: nothing is remembered, the default holds
  }
}

export function setOfflineWanted(wanted) {
  try {
    if (wanted) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, "off");
  } catch {
    // storage blocked: the copy is still removed now, only the choice is not remembered
  }
}
