// "Say it": what the page shows. One card at a time, its answer key folded until the trainee asks
// for it, and a polite announcement of each change for screen readers (the #say-it status region,
// through announce.mjs, as every page script does).

import { announceIn } from "./announce.mjs";

/**
 * Show one statement's card, fresh: the answer box empty, nothing ticked, the key folded.
 * @param {HTMLElement} root
 * @param {string} id
 * @returns {HTMLElement | null}
 */
export function showStatement(root, id) {
  let shown = null;
  for (const card of root.querySelectorAll(".say-it-card")) {
    const current = card instanceof HTMLElement && card.dataset.card === id;
    card.toggleAttribute("data-current", current);
    if (current) shown = card;
  }
  for (const link of root.querySelectorAll(".say-it-index [data-statement] a")) {
    if (link.parentElement?.getAttribute("data-statement") === id) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
  if (!shown) return null;
  shown.querySelector("form")?.reset();
  const key = shown.querySelector("details");
  if (key) key.open = false;
  root.dataset.state = "statement";
  root.dataset.statement = id;
  return shown;
}

/**
 * Unfold a card's criteria, model answers and rating, and move the focus to them.
 * @param {HTMLElement} root
 * @param {Element} card
 */
export function revealAnswer(root, card) {
  const key = card.querySelector("details");
  if (key) key.open = true;
  root.dataset.state = "reveal";
  const answer = card.querySelector(".say-it-reveal");
  if (answer instanceof HTMLElement) answer.focus();
}

/**
 * Say something to screen readers, politely, once (emptied first so that a repeat is read again).
 * @param {HTMLElement} root
 * @param {string} text
 */
export function announce(root, text) {
  const status = root.querySelector(".say-it-status");
  if (status instanceof HTMLElement) announceIn(status, text);
}
