// Copying a text to the clipboard, for every copy button of the site: the guide's phrasings and
// its link, the sample phrasings of the reference pages and the "Cite this page" block. Once copied,
// a note beside the button says so, and warns while the text still has blanks to fill in, such as
// "[first name]"; screen readers hear the same (announce.mjs). Where copying is not possible, it says
// so and the text stays there to select.

import { announcer } from "./announce.mjs";

const PLACEHOLDER = /\[[^\]\n]+\]/;
export const NOT_AVAILABLE = "Copying is not available here: select the text to copy it";
export const FAILED = "Copying failed: select the text to copy it";

/**
 * The note for a copied text: `done` ("Copied"), with a warning while a blank is left.
 * @param {string} done
 * @param {string} text
 */
export function copiedMessage(done, text) {
  return PLACEHOLDER.test(text) ? `${done} — fill in the parts in [brackets] before sending` : done;
}

/**
 * Show the note after the button (a plain note for a few seconds, a warning until the next copy or
 * the next view) and return it, for the announcement.
 * @param {HTMLElement & {copiedTimer?: number}} button
 * @param {string} done
 * @param {string} text
 */
export function showCopied(button, done, text) {
  let note = /** @type {(HTMLElement & {shownTimer?: number}) | null} */ (button.nextElementSibling);
  if (!note?.classList.contains("copy-note")) {
    note = Object.assign(document.createElement("span"), { className: "copy-note" });
    button.after(note);
  }
  const shown = note;
  const warn = PLACEHOLDER.test(text);
  const message = copiedMessage(done, text);
  shown.textContent = message;
  shown.classList.toggle("copy-note--warn", warn);
  button.dataset.copied = "true"; // the button's own tick, for a moment
  clearTimeout(button.copiedTimer);
  button.copiedTimer = setTimeout(() => delete button.dataset.copied, 1500);
  clearTimeout(shown.shownTimer);
  if (!warn) shown.shownTimer = setTimeout(() => shown.remove(), 4000);
  return message;
}

/**
 * Copy `text` for `button`, show the note and say what happened. Resolves to whether it was copied.
 * @param {string} text
 * @param {HTMLElement} button
 * @param {string} done what the note says once copied ("Phrasing copied")
 * @param {(text: string) => void} say
 * @param {{clipboard?: Pick<Clipboard, "writeText"> | null, secure?: boolean, show?: typeof showCopied}} [where]
 * @returns {Promise<boolean>}
 */
export function copyText(text, button, done, say, where = {}) {
  const { clipboard = navigator.clipboard, secure = window.isSecureContext, show = showCopied } = where;
  if (!clipboard || !secure) {
    say(NOT_AVAILABLE);
    return Promise.resolve(false);
  }
  return clipboard.writeText(text).then(
    () => {
      say(show(button, done, text));
      return true;
    },
    () => {
      say(FAILED);
      return false;
    },
  );
}

// The copy buttons outside the page controllers (which handle their own, and say so in their own
// status region): site.mjs listens for their clicks from the moment the page runs, and hands each
// one here. A button copies the `.phrasing__text` beside it, and says so in the page's region.
/** @param {HTMLElement} button */
export function copyBesideButton(button) {
  const text = button.closest(".phrasing")?.querySelector(".phrasing__text")?.textContent?.trim();
  if (!text) return;
  copyText(text, button, `${button.closest(".cite-this") ? "Citation" : "Phrasing"} copied`, announcer(null));
}
