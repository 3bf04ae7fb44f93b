// The choices of a question on screen: what is chosen, what to send, and showing earlier answers
// again. No decision logic: the engine decides what each answer means; this only reads the form.

// The IDs chosen in a form of several choices: every ticked box and the chosen option of each
// group, except a group's own "none" option.
/** @param {HTMLFormElement} form */
function ticked(form) {
  return [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll("input[name=answer]:checked"))]
    .map((input) => input.value)
    .filter((value) => value !== "none");
}

// What a submitted question sends: the answer pressed, or everything chosen (["none"] for nothing).
// Null when "None of these" would discard a choice: it is disabled then, so that never happens.
/**
 * @param {HTMLFormElement} form
 * @param {HTMLElement | null} submitter
 * @returns {string[] | null}
 */
export function chosenValues(form, submitter) {
  const pressed = submitter instanceof HTMLButtonElement ? submitter : null;
  if (form.dataset.kind !== "multi") return pressed?.name === "answer" ? [pressed.value] : null;
  const chosen = ticked(form);
  if (pressed?.value === "none" && chosen.length) return null;
  return chosen.length ? chosen : ["none"];
}

// Keep the one way on honest: Continue counts what it will send, and "None of these" waits
// until nothing is chosen.
/** @param {HTMLFormElement} form */
export function syncChoices(form) {
  const count = ticked(form).length;
  const label = form.querySelector("[data-chosen-count]");
  if (label) label.textContent = count ? `Continue with ${count} chosen` : "Continue";
  const none = /** @type {HTMLButtonElement | null} */ (form.querySelector("button[name=answer][value=none]"));
  if (none) none.disabled = count > 0;
  const hint = /** @type {HTMLElement | null} */ (form.querySelector("[data-none-hint]"));
  if (hint) hint.hidden = count === 0;
}

// Show an earlier answer to this question as chosen: ticks and options as they were, or, for a
// question answered with one button, that button marked as the earlier answer.
/**
 * @param {HTMLFormElement} form
 * @param {string[] | undefined} values
 */
export function preselect(form, values) {
  if (!values) return;
  if (form.dataset.kind === "multi") {
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll("input[name=answer]"))) {
      if (input.type === "checkbox") input.checked = values.includes(input.value);
    }
    for (const group of form.querySelectorAll("[data-group]")) {
      const radios = [.../** @type {NodeListOf<HTMLInputElement>} */ (group.querySelectorAll("input[type=radio]"))];
      const chosen =
        radios.find((radio) => values.includes(radio.value)) || radios.find((radio) => radio.value === "none");
      if (chosen) chosen.checked = true;
    }
    return;
  }
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (form.querySelectorAll("button[name=answer]"))) {
    if (!values.includes(button.value)) continue;
    button.dataset.chosen = "true";
    const mark = Object.assign(document.createElement("span"), {
      className: "guide-answer__chosen",
      textContent: "Your earlier answer",
    });
    button.append(mark);
  }
}

// The earlier answers that still apply once a result is reached: those of the questions it asked.
/**
 * @param {Answers} remembered
 * @param {import("./views").AnsweredView[]} asked
 * @returns {Answers}
 */
export function stillAsked(remembered, asked) {
  return Object.fromEntries(
    asked.filter((a) => a.question in remembered).map((a) => [a.question, remembered[a.question]]),
  );
}

// The answers given in this walk, by question ID, later ones included, so that a question seen
// again shows what was chosen. Only in this page's memory, which outlives the guide's element
// (Material's instant navigation renders it anew on Back), and in history.state, for a reload
// (never stored); and only those that still apply: a result keeps those of its own questions.
/** @typedef {Record<string, string[]>} Answers the IDs chosen, by question ID */
/** @type {Answers} */
let remembered = {};
export const memory = {
  // A visit without a link starts afresh; one with a link keeps what the page remembers.
  /** @param {boolean} withLink */
  start(withLink) {
    remembered = withLink ? { ...history.state?.guideAnswers, ...remembered } : {};
  },
  get: (/** @type {string} */ question) => /** @type {string[] | undefined} */ (remembered[question]),
  /** Kept in this page's memory only. @param {string} question @param {string[]} values */
  keep(question, values) {
    remembered = { ...remembered, [question]: values };
  },
  /** Kept, and written into this history entry's state. @param {string} question @param {string[]} values */
  set(question, values) {
    memory.keep(question, values);
    history.replaceState(memory.state(), "");
  },
  clear() {
    remembered = {};
  },
  // Back or forward: the entry's answers, under the newer ones this page holds.
  /** @param {{guideAnswers?: Answers} | null} state */
  merge(state) {
    remembered = { ...state?.guideAnswers, ...remembered };
  },
  // At a result: only the answers to the questions it asked.
  /** @param {import("./views").AnsweredView[]} asked */
  keepOnly(asked) {
    remembered = stillAsked(remembered, asked);
  },
  state: () => ({ ...history.state, guideAnswers: remembered }),
};
