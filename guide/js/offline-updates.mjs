// A page of an older build, still open when a newer build's service worker takes over: its next
// link opens whole (a full load), so that it never shows the new build's content inside the old
// page's scripts and styles (instant navigation would otherwise swap only the content).

import { ask, build } from "./offline-state.mjs";

export function followUpdates() {
  navigator.serviceWorker.addEventListener("controllerchange", async () => {
    const controller = navigator.serviceWorker.controller;
    const answer = controller ? await ask(controller, { type: "build" }) : {};
    if (!answer.build || answer.build === build) return;
    document.addEventListener(
      "click",
      (event) => {
        const target = /** @type {Element} */ (event.target);
        const link = /** @type {HTMLAnchorElement | null} */ (target.closest?.("a[href]"));
        if (!link || link.origin !== location.origin || event.defaultPrevented || event.button !== 0) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        location.assign(link.href);
      },
      { capture: true },
    );
  });
}
