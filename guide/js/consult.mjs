// The page "Prepare for supervision" (guide/consult/). It sends the address's fragment (the
// answers of a guide result) to the guide's engine and inserts the HTML that Python returns
// (decision_tree.consult, through browser.handle): which blanks and which note fit the situation
// is decided there, not here.
//
// Page contract: #consult has data-state "loading" | "card" | "unfinished" | "no-answers" | "error"
// and, once the engine runs, data-platform. What is typed into the blanks stays in this tab: this
// script stores nothing and sends nothing; it only copies each blank's text into its twin for print.

import { announcer } from "./announce.mjs";
import { startEngine } from "./engine.mjs";
import { followEngine, onEveryPage } from "./page.mjs";
import { focusIsFree, viewState } from "./view-state.mjs";

function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const [view, status, loading, errorBox] = [
    ".consult-view",
    ".guide-status",
    "[data-consult-loading]",
    "[data-consult-error]",
  ].map((selector) => root.querySelector(selector));
  const siteRoot = root.dataset.root || "../../";
  let asked = null;
  const state = viewState(
    root,
    { view, loading, errorBox },
    {
      startEngine,
      failure: {
        title: "The card could not be prepared in this browser.",
        help: "You can still prepare on paper: the questions to bring are in the chapter on supervision.",
        link: {
          href: `${siteRoot}practice/supervision/#bringing-a-rupture`,
          text: "Bringing a rupture to supervision",
        },
        log: "[consult]",
      },
    },
  );
  const say = announcer(status);

  /** @param {import("./views").ConsultMessage} reply @param {boolean} focus */
  const show = (reply, focus) => {
    if (!root.isConnected) return;
    view.innerHTML = reply.html;
    state.shown(reply.state);
    const heading = view.querySelector("h2[tabindex]");
    if (heading && focus && focusIsFree(root)) heading.focus({ preventScroll: true });
    say(
      reply.state === "card"
        ? "The consultation card and the note are ready."
        : "This link holds no result to prepare from.",
    );
  };

  const load = (focus) => {
    const fragment = location.hash.replace(/^#/, "");
    if (fragment === asked && root.dataset.state !== "error") return;
    asked = fragment;
    startEngine()
      .request({ type: "consult", fragment, root: siteRoot })
      .then((reply) => {
        if (asked === fragment) show(reply, focus);
      })
      .catch((error) => state.showError(error));
  };

  // Each blank's text is copied into its twin, which print shows instead of the box (a box prints
  // only what fits in it); the twin holds lines for pen and paper while the blank is empty.
  root.addEventListener("input", (event) => {
    const box = event.target.closest("textarea");
    const twin = box?.parentElement.querySelector(".consult-blank__print");
    if (twin) twin.textContent = box.value;
  });

  const onHash = () => {
    if (!root.isConnected) {
      window.removeEventListener("hashchange", onHash);
      return;
    }
    load(true);
  };
  window.addEventListener("hashchange", onHash);

  const onStatus = ({ status: engineStatus, platform, error }) => {
    if (engineStatus === "failed") {
      state.showError(error);
      return;
    }
    if (engineStatus === "ready") root.dataset.platform = platform;
  };
  loading.hidden = false;
  if (followEngine(root, onStatus).status !== "failed") load(false);
}

onEveryPage(() => {
  const root = document.getElementById("consult");
  if (root) mount(root);
});
