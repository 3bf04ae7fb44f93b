// "Say it" (guide/practice/say-it/): rehearse what to say to a patient's statement. The page is built
// whole (guide/sitegen/say_it_page.py) and works without this script; with it, one statement shows at
// a time, its criteria and model answers appear on request, and the self-rating picks the next
// statement through the table the build wrote. Nothing typed is stored or sent: the answer box lives
// in the page's memory only, and this script makes no request.
//
// Page contract: #say-it has data-state "statement" | "reveal", data-statement (the one shown) and,
// once mounted, data-live; #statement=<id> opens a statement.

import { onEveryPage } from "./page.mjs";
import { nextLevel, nextStatement, readIndex, statementInHash } from "./say-it-order.mjs";
import { announce, revealAnswer, showStatement } from "./say-it-view.mjs";

/** @param {HTMLElement} root */
function mount(root) {
  if (root.dataset.live) return;
  const index = readIndex(root);
  const table = JSON.parse(root.dataset.nextLevel || "{}");
  /** @type {Record<string, string>} the last statement seen at each level, in this tab's memory */
  const lastSeen = {};
  const page = location.pathname; // the addresses of this page (onMove)
  let opened = location.href; // the last one opened, by a move through history or by going on

  /** @param {boolean} byReader */
  const open = (byReader) => {
    const named = statementInHash(location.hash, index);
    const id = named ?? lastSeen[index[0].level] ?? index[0].id;
    const card = showStatement(root, id);
    if (!card) return;
    lastSeen[card.dataset.level || ""] = id;
    const title = card.querySelector(".say-it-card__title");
    if (byReader && title instanceof HTMLElement) title.focus();
    else if (named) card.scrollIntoView({ block: "start" });
    if (byReader || named) {
      const level = card.dataset.level || "";
      announce(root, `Statement ${index.findIndex((entry) => entry.id === id) + 1}, ${level}. Write your answer.`);
    }
  };

  /** @param {HTMLElement} card */
  const goOn = (card) => {
    const rating = card.querySelector('input[name="difficulty"]:checked');
    if (!(rating instanceof HTMLInputElement)) {
      announce(root, "Choose how hard it was first: your rating picks the next statement's level.");
      /** @type {HTMLInputElement | null} */ (card.querySelector('input[name="difficulty"]'))?.focus();
      return;
    }
    const level = nextLevel(table, card.dataset.level || "", rating.value);
    const id = nextStatement(index, level, lastSeen[level]);
    // The address names the statement, as a trainer's link would (no hashchange: it opens here).
    if (location.hash !== `#statement=${id}`) history.pushState(history.state, "", `#statement=${id}`);
    opened = location.href;
    open(true);
  };

  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    const card = button?.closest(".say-it-card");
    if (!(button instanceof HTMLElement) || !(card instanceof HTMLElement)) return;
    if (button.dataset.action === "reveal") {
      revealAnswer(root, card);
      announce(root, "The criteria and model answers are shown. Tick what your answer did, then rate how hard it was.");
    } else if (button.dataset.action === "next") goOn(card);
  });
  root.addEventListener("submit", (event) => event.preventDefault());

  // A statement's link in the index, once Material has shown a page by instant navigation, comes as
  // a popstate alone (Material sets the address, then moves to the anchor it already holds); Back,
  // Forward and a typed fragment as a popstate and a hashchange: each address is opened once.
  const onMove = () => {
    if (!root.isConnected) {
      for (const type of ["hashchange", "popstate"]) window.removeEventListener(type, onMove);
      return;
    }
    if (location.href === opened || location.pathname !== page) return; // seen, or on its way to another page
    opened = location.href;
    if (statementInHash(location.hash, index)) open(true);
  };
  for (const type of ["hashchange", "popstate"]) window.addEventListener(type, onMove);
  root.dataset.live = "true";
  open(false);
}

onEveryPage(() => {
  const root = document.getElementById("say-it");
  // Only the mode itself: the trainers' page has a section of that id (a stable anchor), with no cards.
  if (root?.dataset.state) mount(root);
});
