// What the guide shows of a view the engine sent (views.GuideMessage): its HTML, inserted as
// Python rendered it, unless the page shows that very question already; the earlier answers chosen
// again; the lines that only print; and what screen readers hear of it. No decision logic.
// Unit tests: tests/js/guide-view.test.mjs.

import { memory, preselect, syncChoices } from "./choices.mjs";

/** @typedef {import("./views").GuideMessage} GuideMessage */

/**
 * What screen readers hear of a new view: the recommendation, or the question with where it stands.
 * @param {GuideMessage} view
 */
export function viewAnnouncement(view) {
  if (view.state === "result" && view.result) return `Recommendation: ${view.result.level_title}`;
  const question = view.question;
  return question ? `Question ${question.step} of at most ${question.at_most}: ${question.prompt}` : "";
}

/**
 * True when `shown` holds exactly this HTML already (the question written into the page at build
 * time, say): replacing it would paint the same question again, as a new largest contentful paint,
 * seconds later on a phone (issue 20). Only a question is ever shown twice.
 * @param {HTMLElement} shown
 * @param {string} html
 */
export function showsAlready(shown, html) {
  const form = shown.querySelector("form[data-question]");
  if (!(form instanceof HTMLElement) || !html.includes(`data-question="${form.dataset.question}"`)) return false;
  const next = shown.ownerDocument.createElement("template"); // parse only then
  next.innerHTML = html;
  const [now, then] = [[...shown.childNodes], [...next.content.childNodes]];
  return now.length === then.length && now.every((node, i) => node.isEqualNode(then[i]));
}

const MONTHS = "January February March April May June July August September October November December".split(" ");

/**
 * The print header's date line, "Printed 2 December 2026.": the month in words, which no reader
 * misreads (2/12 is February in one country and December in another), and without Intl, whose
 * first use blocked the page for 17 to 34 ms as the guide mounted (issue 20).
 * @param {Date} date
 */
export function printedOn(date) {
  return `Printed ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}.`;
}

/**
 * Put a view in `shown`: its HTML, the answers given before chosen again, and the print lines.
 * @param {HTMLElement} shown
 * @param {GuideMessage} view
 * @param {string} printedOn the date line (printedOn above)
 */
export function insertView(shown, view, printedOn) {
  if (!showsAlready(shown, view.html)) shown.innerHTML = view.html;
  const form = shown.querySelector("form[data-question]");
  if (form instanceof HTMLFormElement) {
    preselect(form, memory.get(form.dataset.question || ""));
    syncChoices(form);
  }
  for (const node of shown.querySelectorAll("[data-print-date]")) node.textContent = printedOn;
  for (const node of shown.querySelectorAll("[data-print-address]")) node.textContent = `From ${location.href}`;
}

const openedForPrint = /** @type {HTMLDetailsElement[]} */ ([]);

// In print every disclosure of the guide is open. The CSS does it where ::details-content works
// (guide.css); elsewhere open the closed ones just before printing and close them after.
export function openDisclosuresInPrint() {
  window.addEventListener("beforeprint", () => {
    const closed = /** @type {NodeListOf<HTMLDetailsElement>} */ (
      document.querySelectorAll("#decision-guide details:not([open])")
    );
    openedForPrint.push(...closed);
    for (const details of openedForPrint) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of openedForPrint.splice(0)) details.open = false;
  });
}
