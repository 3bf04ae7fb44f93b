// The one script every page of the site loads (mkdocs.yml, extra_javascript). It brings in the
// code of the parts a page has, and only those: a content page runs no guide, the guide no
// practice mode, so no page waits on, or compiles, another page's scripts (issue 20). Each part
// mounts itself through Material's instant navigation (page.mjs, onEveryPage) once imported; a
// module is imported once per page load, so coming back to a part costs nothing. The pages that
// run the engine ask for their part in their <head> already (guide/page_loading.py adds a
// modulepreload), so the import costs no extra round trip there.
//
// PARTS is the contract with guide/page_loading.py: an element's id, and the module that runs it.

import { onEveryPage } from "./page.mjs";

// Every page: the offline copy's updates, and its panel on the scope page. Nothing of it is
// needed before the page has loaded (the copy itself waits for idle), and on a slow line its
// seven modules would otherwise take the connections the engine's worker script waits for.
const loadOffline = () => import("./offline.mjs").catch((error) => console.warn("[rupture-guide]", error));
if (document.readyState === "complete") loadOffline();
else window.addEventListener("load", loadOffline, { once: true });

/** @type {ReadonlyArray<readonly [string, () => Promise<unknown>]>} */
export const PARTS = [
  ["decision-guide", () => import("./guide.mjs")],
  ["practice", () => import("./practice.mjs")],
  ["consult", () => import("./consult.mjs")],
  ["say-it", () => import("./say-it.mjs")],
];

// Copy buttons of the reference pages (sample phrasings, "Cite this page"), outside the parts.
const COPY_BUTTONS = ".phrasing__copy";

// Their one listener for the whole visit (instant navigation only swaps the content), there from
// the moment this script runs: a click that comes before copy.mjs has arrived waits for it rather
// than being lost. Once it is here, a click copies at once, inside the click itself, as the
// stricter browsers want for the clipboard.
/** @type {typeof import("./copy.mjs") | null} */
let copying = null;
const loadCopying = () =>
  import("./copy.mjs").then((module) => {
    copying = module;
    return module;
  });
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(COPY_BUTTONS) : null;
  if (!(button instanceof HTMLElement) || button.closest("#decision-guide")) return;
  if (copying) copying.copyBesideButton(button);
  else loadCopying().then((module) => module.copyBesideButton(button));
});

// A part whose script cannot load says so in its own alert box, where it has one.
/** @param {string} id @param {unknown} error */
function explain(id, error) {
  console.error(`[rupture-guide] the script of #${id} could not load:`, error);
  const box = document.getElementById(id)?.querySelector('[role="alert"]');
  if (!(box instanceof HTMLElement)) return;
  box.textContent =
    "This part of the page could not load its script, so it cannot answer yet. Reload the page; the reference pages work without it.";
  box.hidden = false;
}

onEveryPage(() => {
  for (const [id, load] of PARTS) if (document.getElementById(id)) load().catch((error) => explain(id, error));
  if (!copying && document.querySelector(COPY_BUTTONS)) loadCopying(); // before the first click
});
