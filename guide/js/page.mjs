// What the page controllers share on a page: mounting through Material's instant navigation, and
// following the engine's one status event (what they show: view-state.mjs). No decision logic:
// that is all in Python.

import { STATUS_EVENT, startEngine } from "./engine.mjs";

// Call mountAll on every page Material shows (document$), or once, without Material.
export function onEveryPage(mountAll) {
  const subscribe = () =>
    typeof window.document$?.subscribe === "function" ? window.document$.subscribe(mountAll) : mountAll();
  // An early run can come before Material's bundle has defined document$: wait for the parse to end.
  if (window.document$ || document.readyState !== "loading") subscribe();
  else document.addEventListener("DOMContentLoaded", subscribe, { once: true });
}

// Start the engine and follow its status ({status, platform, error}) for as long as root is on
// the page: onStatus gets the present status at once, then every change. Returns the engine.
export function followEngine(root, onStatus) {
  const onStatusEvent = ({ detail }) => {
    if (root.isConnected) onStatus(detail);
    else window.removeEventListener(STATUS_EVENT, onStatusEvent);
  };
  window.addEventListener(STATUS_EVENT, onStatusEvent);
  const engine = startEngine();
  onStatus(engine);
  return engine;
}

// An answer given before the page's script listened (kept by early-start.js) is given now, when
// `give` and its form is still on screen in root; either way it is taken, so it is given once.
/** @param {HTMLElement} root @param {boolean} [give] */
export function giveEarlyAnswer(root, give = true) {
  const early = window.__decisionGuideEarlyAnswer;
  delete window.__decisionGuideEarlyAnswer;
  if (!give || !early?.form.isConnected || !root.contains(early.form)) return;
  const submitter = early.submitter && early.form.contains(early.submitter) ? early.submitter : null;
  early.form.requestSubmit(submitter);
}
