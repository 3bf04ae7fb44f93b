// Telling screen readers what changed, for every page script: a polite status region (role="status")
// is emptied, and the words are put in a moment later, so that the same words said twice ("Phrasing
// copied") are read out again. The page controllers (guide, practice, say-it, the consultation card)
// have a region of their own in their markup; a copy button elsewhere on the site uses the page's,
// made once at the end of the body.

/** How long the region stays empty before the words go in: long enough for screen readers to notice. */
export const SAY_AFTER_MS = 50;
/** The page's own region, for announcements outside a page controller. */
export const PAGE_STATUS_ID = "copy-status";

/**
 * Say `text` through `region`.
 * @param {HTMLElement} region an element with role="status"
 * @param {string} text
 * @param {(then: () => void, ms: number) => unknown} [later] setTimeout, or a unit test's own
 */
export function announceIn(region, text, later = setTimeout) {
  region.textContent = "";
  later(() => {
    region.textContent = text;
  }, SAY_AFTER_MS);
}

/**
 * The page's own status region: visually hidden, made once at the end of the body.
 * @param {Document} page
 * @returns {HTMLElement}
 */
export function pageStatus(page = document) {
  const found = page.getElementById(PAGE_STATUS_ID);
  if (found) return found;
  const status = Object.assign(page.createElement("div"), { id: PAGE_STATUS_ID, className: "visually-hidden" });
  status.setAttribute("role", "status");
  page.body.append(status);
  return status;
}

/**
 * A function that says a text through `region`, or through the page's own region when there is none.
 * @param {HTMLElement | null} [region]
 * @returns {(text: string) => void}
 */
export function announcer(region) {
  return (text) => announceIn(region ?? pageStatus(), text);
}
