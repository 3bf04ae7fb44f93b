// What a copy button shows once it has copied: a visible note beside it ("Link copied"), which
// warns when the copied phrasing still has parts to fill in, such as "[first name]" or "[time]".
// Used by the guide (guide.mjs) and by the copy buttons of the reference pages (copy.mjs).

const PLACEHOLDER = /\[[^\]\n]+\]/;

// The note for a copied text: `done` ("Copied"), with a warning when a placeholder is left.
export function copiedMessage(done, text) {
  return PLACEHOLDER.test(text) ? `${done} — fill in the parts in [brackets] before sending` : done;
}

// Show the note after the button (a plain note for a few seconds, a warning until the next copy
// or the next view) and return it, for the announcement to screen readers.
export function showCopied(button, done, text) {
  let note = button.nextElementSibling;
  if (!note?.classList.contains("copy-note")) {
    note = Object.assign(document.createElement("span"), { className: "copy-note" });
    button.after(note);
  }
  const warn = PLACEHOLDER.test(text);
  const message = copiedMessage(done, text);
  note.textContent = message;
  note.classList.toggle("copy-note--warn", warn);
  button.dataset.copied = "true"; // the button's own tick, for a moment
  clearTimeout(button.copiedTimer);
  button.copiedTimer = setTimeout(() => delete button.dataset.copied, 1500);
  clearTimeout(note.shownTimer);
  if (!warn) note.shownTimer = setTimeout(() => note.remove(), 4000);
  return message;
}
