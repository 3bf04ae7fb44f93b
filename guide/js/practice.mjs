// Practice mode's page script (guide/practice/). It shows what the Python engine returns
// (decision_tree.practice, through browser.handle) and sends back the trainee's choices; the
// cases, the choices offered, the feedback and the score are all made in Python. The engine is
// the guide's own (engine.mjs): the same module Web Worker, started once per visit.
//
// Page contract: #practice has data-state "loading" | "case" | "feedback" | "summary" | "error"
// and, once the engine runs, data-platform. The list of cases is the JSON in its data-cases, the
// mixed order (a fixed shuffle made at build time) the IDs in data-mixed; the first case comes
// pre-rendered, so it can be read and answered while the engine starts. A link ending in
// #case=<scenario-id> opens that case; with &order=mixed, in the mixed order. Each answer's
// result (made in Python) is kept in page memory only, and sent back for the set's summary.
// Nothing is stored, and answering makes no request: the worker answers.

import { startEngine } from "./engine.mjs";
import { focusIsFree, followEngine, onEveryPage } from "./page.mjs";

function caseInAddress(cases) {
  const match = /(?:^#|&)case=([^&]*)/.exec(location.hash);
  const id = match ? decodeURIComponent(match[1]) : "";
  return cases.findIndex((item) => item.id === id);
}

function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const listed = JSON.parse(root.dataset.cases);
  /** @type {Record<string, string>} each case's form, by id: after the case on screen in the page */
  const forms = JSON.parse(root.querySelector("[data-case-forms]")?.getAttribute("data-case-forms") || "{}");
  const byId = new Map(listed.map((item) => [item.id, item]));
  const mixed = (root.dataset.mixed || "").split(" ").filter((id) => byId.has(id)).map((id) => byId.get(id));
  let isMixed = /(?:^#|&)order=mixed(?:&|$)/.test(location.hash) && mixed.length === listed.length;
  let cases = isMixed ? mixed : listed;
  const results = new Map();  // case ID -> its result, as Python made it; page memory only
  const orderButton = root.querySelector("button[data-practice=order]");
  const [view, status, loading, loadingText, errorBox] = [
    ".practice-view", ".guide-status", "[data-practice-loading]", ".guide-loading__text", "[data-practice-error]",
  ].map((selector) => root.querySelector(selector));
  const siteRoot = root.dataset.root || "../../";
  let current = Math.max(0, cases.findIndex((item) => item.id === root.dataset.case));

  const setState = (state) => { root.dataset.state = state; root.setAttribute("aria-busy", String(state === "loading")); };
  const announce = (text) => { status.textContent = ""; setTimeout(() => { status.textContent = text; }, 50); };
  const showLoading = (text) => { loading.hidden = !text; loadingText.textContent = text || ""; };
  const address = (index) => `#case=${encodeURIComponent(cases[index].id)}${isMixed ? "&order=mixed" : ""}`;
  const setOrder = (mixedOrder) => {
    isMixed = mixedOrder;
    cases = isMixed ? mixed : listed;
    orderButton?.setAttribute("aria-pressed", String(isMixed));
  };

  // The one place a failure is shown: the engine's error shape, {kind, message, file?}.
  const showError = (error) => {
    console.error("[practice]", error.message);
    showLoading("");
    setState("error");
    errorBox.hidden = false;
    const make = (tag, properties) => Object.assign(document.createElement(tag), properties);
    const link = make("a", { href: root.dataset.scenarios, className: "md-button md-button--primary", textContent: "Open the scenarios" });
    errorBox.replaceChildren(
      make("p", { className: "guide-error__title", textContent: "Practice mode could not start in this browser." }),
      make("p", { textContent: `What failed: ${error.message}. The same cases, each with the guide’s answer, are on the page of scenarios, which needs no engine.` }),
      link,
    );
    view.replaceChildren();
    link.focus();
  };

  const show = (reply, index, focus) => {
    if (!root.isConnected) return;
    showLoading("");
    current = index;
    root.dataset.case = cases[index].id;
    view.innerHTML = reply.html;
    const position = view.querySelector("[data-practice-position]");
    if (position) position.textContent = String(index + 1);  // the form is built with its listed position
    setState(reply.state);
    root.dataset.views = String(Number(root.dataset.views || 0) + 1);
    const heading = view.querySelector("h2[tabindex]");
    if (focus && heading) {
      requestAnimationFrame(() => {
        if (!heading.isConnected || (focus === "unless-moved" && !focusIsFree(root))) return;
        heading.focus({ preventScroll: true });
        (heading.closest("form, section") || heading).scrollIntoView({ block: "start", behavior: "instant" });
      });
    }
    if (reply.result) results.set(reply.result.case_id, reply.result);
    if (reply.announcement) {
      announce(reply.announcement);
    } else {
      announce(`Case ${index + 1} of ${cases.length}: ${cases[index].title}`);
    }
  };

  // Every action goes through here: ask the engine (a request made while it starts waits), then show.
  const perform = (request, index, { focus, waitText }) => {
    const eng = startEngine();
    if (eng.status === "failed") { showError(eng.error); return; }
    if (eng.status === "loading") {
      setState("loading");
      showLoading(waitText);
    }
    const { id, title, situation, fragment } = cases[index];  // not the pre-rendered form
    eng.request({ ...request, case: { id, title, situation, fragment }, position: index + 1, total: cases.length, root: siteRoot, results: [...results.values()] })
      .then((reply) => show(reply, index, focus))  // feedback keeps the case's address
      .catch((error) => { if (eng.status !== "failed") showError(error); });
  };
  // A case is rendered at build time (the same Python renderer): it opens at once, engine or not.
  const openCase = (index, /** @type {boolean | "unless-moved"} */ focus = true) => {
    if (location.hash !== address(index)) history.replaceState(null, "", address(index));
    errorBox.hidden = true;
    show({ state: "case", html: forms[cases[index].id] }, index, focus);
    const eng = startEngine();
    if (eng.status === "loading") showLoading("Preparing the engine. You can read the case and choose already.");
  };

  root.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target.closest("form.practice-case");
    if (!form) return;
    const level = form.querySelector("input[name=level]:checked")?.value || "";
    const interventions = [...form.querySelectorAll("input[name=intervention]:checked")].map((input) => input.value);
    perform({ type: "practice-feedback", level, interventions }, current, { focus: true, waitText: "Your answer is kept. The engine is getting ready…" });
  });

  root.addEventListener("click", (event) => {
    const action = event.target.closest("button[data-practice]")?.dataset.practice;
    if (action === "next") openCase(Math.min(current + 1, cases.length - 1));
    if (action === "restart") { results.clear(); openCase(0); }
    if (action === "order") { setOrder(!isMixed); results.clear(); openCase(0); }
    if (action === "summary") perform({ type: "practice-summary" }, current, { focus: true, waitText: "Adding up the set…" });
  });

  // A case link followed while on the page (or the address edited) opens that case.
  const onHash = () => {
    if (!root.isConnected) { window.removeEventListener("hashchange", onHash); return; }
    setOrder(/(?:^#|&)order=mixed(?:&|$)/.test(location.hash) && mixed.length === listed.length);
    const index = caseInAddress(cases);
    if (index >= 0 && (index !== current || root.dataset.state !== "case")) openCase(index);
  };
  window.addEventListener("hashchange", onHash);

  const onStatus = ({ status: engineStatus, platform, error }) => {
    if (engineStatus === "failed") { showError(error); return; }
    if (engineStatus === "loading") {
      if (root.dataset.state === "case") showLoading("Preparing the engine. You can read the case and choose already.");
      return;
    }
    root.dataset.platform = platform;
    if (root.dataset.state === "case") showLoading("");
    if (root.dataset.state === "error") { errorBox.hidden = true; openCase(current); }
  };
  const eng = followEngine(root, onStatus);
  // A shared link opens its case, focused unless the reader has moved the focus meanwhile.
  const linked = caseInAddress(cases);
  setOrder(isMixed);
  if (eng.status !== "failed" && (linked > 0 || isMixed)) openCase(Math.max(linked, 0), "unless-moved");
}

function mountAll() {
  const root = document.getElementById("practice");
  if (root && root.dataset.cases) mount(root);
}

onEveryPage(mountAll);
