// Practice mode's page script (guide/practice/). It shows what the Python engine returns
// (decision_tree.practice, through browser.handle) and sends back the trainee's choices; the
// cases, the choices offered, the feedback and the score are all made in Python. The engine is
// the guide's own (engine.mjs): the same module Web Worker, started once per visit. What it shares
// with the guide: view-state.mjs (state, loading, failure, focus) and announce.mjs; the order of
// the cases: practice-cases.mjs.
//
// Page contract: #practice has data-state "loading" | "case" | "feedback" | "summary" | "error"
// and, once the engine runs, data-platform. The list of cases is the JSON in its data-cases, the
// mixed order (a fixed shuffle made at build time) the IDs in data-mixed; the first case comes
// pre-rendered, so it can be read and answered before the engine is ready. A link ending in
// #case=<scenario-id> opens that case; with &order=mixed, in the mixed order. Each answer's
// result (made in Python) is kept in page memory only, and sent back for the set's summary.
// Nothing is stored, and answering makes no request: the worker answers.

import { announcer } from "./announce.mjs";
import { startEngine } from "./engine.mjs";
import { followEngine, giveEarlyAnswer, onEveryPage } from "./page.mjs";
import { caseAddress, caseInAddress, mixedInAddress, mixedOrder } from "./practice-cases.mjs";
import { loadedAndIdle } from "./quiet.mjs";
import { viewState } from "./view-state.mjs";

/** @typedef {import("./views").PracticeView | import("./views").PracticeSummaryMessage} PracticeReply */
/** @typedef {import("./view-state.mjs").Focus} Focus */

const PREPARING = "Preparing the engine. You can read the case and choose already.";

/** @param {HTMLElement} root */
function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  const view = find(".practice-view");
  const errorBox = find("[data-practice-error]");
  const state = viewState(
    root,
    { view, loading: find("[data-practice-loading]"), loadingText: find(".guide-loading__text"), errorBox },
    {
      startEngine,
      failure: {
        title: "Practice mode could not start in this browser.",
        help: "The same cases, each with the guide’s answer, are on the page of scenarios, which needs no engine.",
        link: { href: root.dataset.scenarios || "", text: "Open the scenarios" },
        log: "[practice]",
      },
    },
  );
  const say = announcer(find(".guide-status"));
  /** @type {import("./practice-cases.mjs").PracticeCase[]} */
  const listed = JSON.parse(root.dataset.cases || "[]");
  /** @type {Record<string, string>} each case's form, by id: after the case on screen in the page */
  const forms = JSON.parse(root.querySelector("[data-case-forms]")?.getAttribute("data-case-forms") || "{}");
  const mixed = mixedOrder(listed, root.dataset.mixed || "");
  let isMixed = mixedInAddress(location.hash, listed, mixed);
  let cases = isMixed ? mixed : listed;
  const results = new Map(); // case ID -> its result, as Python made it; page memory only
  const orderButton = root.querySelector("button[data-practice=order]");
  const siteRoot = root.dataset.root || "../../";
  let current = Math.max(
    0,
    cases.findIndex((item) => item.id === root.dataset.case),
  );

  const address = (/** @type {number} */ index) => caseAddress(cases[index], isMixed);
  const setOrder = (/** @type {boolean} */ mixedOrderShown) => {
    isMixed = mixedOrderShown;
    cases = isMixed ? mixed : listed;
    orderButton?.setAttribute("aria-pressed", String(isMixed));
  };

  /** @param {PracticeReply | {state: "case", html: string}} reply @param {number} index @param {Focus} focus */
  const show = (reply, index, focus) => {
    if (!root.isConnected) return;
    current = index;
    root.dataset.case = cases[index].id;
    view.innerHTML = reply.html;
    const position = view.querySelector("[data-practice-position]");
    if (position) position.textContent = String(index + 1); // the form is built with its listed position
    state.shown(reply.state);
    const heading = view.querySelector("h2[tabindex]");
    state.focusHeading(heading instanceof HTMLElement ? heading : null, focus, (shown) =>
      (shown.closest("form, section") || shown).scrollIntoView({ block: "start", behavior: "instant" }),
    );
    if ("result" in reply) results.set(reply.result.case_id, reply.result);
    const told = "announcement" in reply ? reply.announcement : "";
    say(told || `Case ${index + 1} of ${cases.length}: ${cases[index].title}`);
  };

  // Every action goes through here: ask the engine (a request made while it starts waits), then show.
  /** @param {object} request @param {number} index @param {string} waitText */
  const perform = (request, index, waitText) => {
    follow();
    const { id, title, situation, fragment } = cases[index]; // not the pre-rendered form
    const asked = { id, title, situation, fragment };
    const where = { position: index + 1, total: cases.length, root: siteRoot, results: [...results.values()] };
    // Feedback keeps the case's address.
    state.ask({ ...request, case: asked, ...where }, waitText, (/** @type {PracticeReply} */ reply) =>
      show(reply, index, true),
    );
  };
  // A case is rendered at build time (the same Python renderer): it opens at once, engine or not.
  /** @param {number} index @param {Focus} [focus] */
  const openCase = (index, focus = true) => {
    if (location.hash !== address(index)) history.replaceState(null, "", address(index));
    show({ state: "case", html: forms[cases[index].id] }, index, focus);
    if (follow().status === "loading") state.showLoading(PREPARING);
  };

  root.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target instanceof Element ? event.target.closest("form.practice-case") : null;
    if (!form) return;
    const level = /** @type {HTMLInputElement | null} */ (form.querySelector("input[name=level]:checked"))?.value || "";
    const ticked = /** @type {NodeListOf<HTMLInputElement>} */ (
      form.querySelectorAll("input[name=intervention]:checked")
    );
    const interventions = [...ticked].map((input) => input.value);
    perform(
      { type: "practice-feedback", level, interventions },
      current,
      "Your answer is kept. The engine is getting ready…",
    );
  });

  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-practice]") : null;
    const action = button instanceof HTMLElement ? button.dataset.practice : undefined;
    if (action === "next") openCase(Math.min(current + 1, cases.length - 1));
    if (action === "restart" || action === "order") results.clear();
    if (action === "order") setOrder(!isMixed);
    if (action === "restart" || action === "order") openCase(0);
    if (action === "summary") perform({ type: "practice-summary" }, current, "Adding up the set…");
  });

  // A case link followed while on the page (or the address edited) opens that case.
  const onHash = () => {
    if (!root.isConnected) {
      window.removeEventListener("hashchange", onHash);
      return;
    }
    setOrder(mixedInAddress(location.hash, listed, mixed));
    const index = caseInAddress(location.hash, cases);
    if (index >= 0 && (index !== current || root.dataset.state !== "case")) openCase(index);
  };
  window.addEventListener("hashchange", onHash);

  const onStatus = ({ status: engineStatus, platform, error }) => {
    if (engineStatus === "failed") {
      state.showError(error);
      return;
    }
    if (engineStatus === "loading") {
      if (root.dataset.state === "case") state.showLoading(PREPARING);
      return;
    }
    root.dataset.platform = platform;
    if (root.dataset.state === "case") state.showLoading("");
    if (root.dataset.state === "error") openCase(current);
  };
  // A case is read before it is answered, so the engine starts once the page has loaded and is
  // idle: started with the page, it competed with the page's own start for a phone's processor
  // (issue 20). It starts at once when the reader needs it: an answer, another case, a link.
  /** @type {ReturnType<typeof followEngine> | null} */
  let engine = null;
  function follow() {
    engine ??= followEngine(root, onStatus);
    return engine;
  }
  // A shared link opens its case, focused unless the reader has moved the focus meanwhile.
  const linked = caseInAddress(location.hash, cases);
  setOrder(isMixed);
  if (linked > 0 || isMixed) {
    if (follow().status !== "failed") openCase(Math.max(linked, 0), "unless-moved");
  } else loadedAndIdle({ timeoutMs: 2000 }).then(() => root.isConnected && follow());
  giveEarlyAnswer(root); // a case answered before this script listened, if still on screen
}

onEveryPage(() => {
  const root = document.getElementById("practice");
  if (root?.dataset.cases) mount(root);
});
