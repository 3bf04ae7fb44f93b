// Copy buttons outside the guide: the sample phrasings of the reference pages and the "Cite
// this page" block. A button copies the text of the `.phrasing__text` beside it, says so beside
// itself (copy-note.mjs) and politely to screen readers; where copying is not possible,
// it says so and the text stays there to select. One listener, registered once: a module runs
// once per page load, and Material's instant navigation only swaps the content.

import { showCopied } from "./copy-note.mjs";

const STATUS_ID = "copy-status";

function announce(text) {
  let status = document.getElementById(STATUS_ID);
  if (!status) {
    status = Object.assign(document.createElement("div"), { id: STATUS_ID, className: "visually-hidden" });
    status.setAttribute("role", "status");
    document.body.append(status);
  }
  status.textContent = "";
  requestAnimationFrame(() => {
    status.textContent = text;
  });
}

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".phrasing__copy") : null;
  if (!button || button.closest("#decision-guide")) return; // the guide handles its own
  const text = button.closest(".phrasing")?.querySelector(".phrasing__text")?.textContent?.trim();
  if (!text) return;
  const what = button.closest(".cite-this") ? "Citation" : "Phrasing";
  if (!navigator.clipboard || !window.isSecureContext) {
    announce("Copying is not available here: select the text to copy it");
    return;
  }
  navigator.clipboard.writeText(text).then(
    () => announce(showCopied(button, `${what} copied`, text)),
    () => announce("Copying failed: select the text to copy it"),
  );
});
