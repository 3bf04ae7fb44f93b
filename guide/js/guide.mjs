// The decision guide's page script. It shows what the Python engine returns and sends back what
// the clinician chose; every decision is made in Python. Imported by site.mjs on a page with
// #decision-guide, it mounts the guide whenever Material's instant navigation shows one. The engine
// (engine.mjs: a module Web Worker running Pyodide) starts only on such a page and then lives for
// the whole visit, so coming back to the guide is instant. What it shares with the other page
// controllers: view-state.mjs (state, loading, failure, focus), announce.mjs and copy.mjs; what it
// shows of a view: guide-view.mjs.

import { announcer } from "./announce.mjs";
import { chosenValues, memory, syncChoices } from "./choices.mjs";
import { copyText } from "./copy.mjs";
import { startEngine } from "./engine.mjs";
import { insertView, openDisclosuresInPrint, printedOn, viewAnnouncement } from "./guide-view.mjs";
import { bringIntoView } from "./in-view.mjs";
import { linkPreview, linkWords, readTable } from "./link-words.mjs";
import { followEngine, giveEarlyAnswer, onEveryPage } from "./page.mjs";
import { showProgress } from "./progress.mjs";
import { viewState } from "./view-state.mjs";

/** @typedef {import("./views").GuideMessage} GuideMessage */
/** @typedef {import("./view-state.mjs").Focus} Focus */

const ONE_MOMENT = "One moment…";

function currentFragment() {
  return location.hash.replace(/^#/, "");
}

/** @param {HTMLElement} root */
function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const find = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  const [view, loading, errorBox] = [find(".guide-view"), find("[data-guide-loading]"), find("[data-guide-error]")];
  const state = viewState(
    root,
    { view, loading, loadingText: find(".guide-loading__text"), errorBox },
    {
      startEngine,
      failure: {
        title: "The interactive guide could not start in this browser.",
        help: "Every recommendation is also on the page of all pathways, which works without it.",
        link: { href: root.dataset.pathways || "pathways/", text: "Open all pathways" },
        log: "[decision-guide]",
      },
    },
  );
  const say = announcer(find(".guide-status"));
  const bar = /** @type {HTMLProgressElement} */ (root.querySelector(".guide-loading progress"));
  const progressNote = find(".guide-loading__progress");
  const siteRoot = root.dataset.root || "../";
  const printed = printedOn(new Date());
  let openedFromHistory = ""; // the address Back, Forward or a typed fragment last opened (onHistory)
  // The guide's own page. Once the reader follows a link away, Material changes the address before
  // the new page arrives, and moves to its anchor with a popstate the guide must not take as its
  // own: a view of it would rewrite the new page's address and lose its anchor.
  const guidePage = location.pathname;
  const leftTheGuide = () => location.pathname !== guidePage;

  memory.start(Boolean(currentFragment())); // the answers given, to show them chosen again (choices.mjs)

  /** @param {GuideMessage} reply @param {Focus} focus */
  const show = (reply, focus) => {
    if (!root.isConnected) return;
    insertView(view, reply, printed);
    state.shown(reply.state);
    const heading = view.querySelector("h2[tabindex]");
    state.focusHeading(heading instanceof HTMLElement ? heading : null, focus, (shown) => bringIntoView(shown, view));
    say(viewAnnouncement(reply));
  };

  // Every action goes through here: ask the engine, update the address, show the view.
  /** @param {object} request @param {{push: boolean, focus: Focus, waitText: string}} how */
  const perform = (request, { push, focus, waitText }) => {
    openedFromHistory = ""; // every move on, so Back to an address opened before opens it again
    state.ask({ ...request, root: siteRoot }, waitText, (/** @type {GuideMessage} */ reply) => {
      if (leftTheGuide()) return;
      const url = reply.fragment ? `#${reply.fragment}` : location.pathname + location.search;
      if (reply.state === "result") memory.keepOnly(reply.answers);
      const kept = memory.state();
      if (new URL(url, location.href).href !== location.href)
        history[push ? "pushState" : "replaceState"](kept, "", url);
      else history.replaceState(kept, "");
      show(reply, focus);
    });
  };
  /** @param {string} fragment @param {Focus} focus @param {string} waitText */
  const open = (fragment, focus, waitText) => perform({ type: "view", fragment }, { push: false, focus, waitText });

  root.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target instanceof Element ? event.target.closest("form[data-question]") : null;
    if (!(form instanceof HTMLFormElement)) return;
    const values = chosenValues(form, event.submitter);
    if (!values) return; // "None of these" never discards a choice (it is disabled while one is made)
    const question = form.dataset.question;
    perform(
      { type: "answer", fragment: currentFragment(), question, values },
      { push: true, focus: true, waitText: "Your answer is saved. The guide is getting ready…" },
    );
    // Kept in memory at once (the reply comes in a later task, so it sees this), and written into
    // this entry's history.state (what a reload reads) in a task of its own, after the request is
    // on its way: in Chromium the worker gets the request only once this task ends, and the write
    // takes up to a few milliseconds, which the engine now spends working out the next view. Should
    // the reply have moved the address on first, that new entry's state holds the answer already.
    memory.keep(
      question,
      values.filter((/** @type {string} */ value) => value !== "none"),
    );
    const entry = location.href;
    setTimeout(() => {
      if (location.href === entry) history.replaceState(memory.state(), "");
    }, 0);
  });

  root.addEventListener("click", (event) => {
    const target =
      event.target instanceof Element ? event.target.closest("button[data-goto], button[data-action]") : null;
    if (!(target instanceof HTMLElement)) return;
    const { goto, action, change, values } = target.dataset;
    if (goto === "") memory.clear(); // Start over forgets every answer
    if (change) memory.set(change, values ? values.split(",") : []); // Back and Change show the answer chosen
    if (goto !== undefined)
      perform({ type: "view", fragment: goto }, { push: true, focus: true, waitText: ONE_MOMENT });
    if (action === "print") window.print();
    if (action === "copy-link") copyText(location.href, target, "Link copied", say);
    const phrasing = target.closest(".phrasing")?.querySelector(".phrasing__text");
    if (action === "copy" && phrasing) copyText(phrasing.textContent || "", target, "Phrasing copied", say);
  });
  root.addEventListener("change", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-question]") : null;
    if (form instanceof HTMLFormElement) syncChoices(form);
  });

  // Back and forward move through the questions: the address holds the answers, and the entry's
  // state the answers given after them, which show as chosen again (the newest answers win).
  // A fragment typed into the address bar (or set by a script) comes as two popstate events in
  // Chromium under Material's instant navigation: the address is opened once, or its view would
  // be worked out, shown and announced twice.
  const onHistory = (/** @type {PopStateEvent} */ event) => {
    if (!root.isConnected) {
      window.removeEventListener("popstate", onHistory);
      return;
    }
    if (location.href === openedFromHistory || leftTheGuide()) return;
    memory.merge(event.state);
    open(currentFragment(), true, ONE_MOMENT);
    openedFromHistory = location.href; // after open, which clears it as every move on does
  };
  window.addEventListener("popstate", onHistory);

  // The engine's status, as it is now and at every change (also a slow start that recovers):
  // an event's detail has the engine's own fields, {status, platform, error, start, progress}.
  const onStatus = ({ status, platform, error, start, progress }) => {
    if (status === "failed") {
      state.showError(error);
      return;
    }
    if (status === "loading") {
      if (loading.hidden)
        state.showLoading("The guide is getting ready on this device. You can answer the first question already.");
      showProgress(bar, progressNote, progress);
      return;
    }
    showProgress(bar, progressNote, null);
    root.dataset.engineStart = start || "full";
    root.dataset.platform = platform;
    if (root.dataset.state === "question") state.showLoading("");
    if (root.dataset.state === "error") {
      errorBox.hidden = true; // the engine has recovered: ask again
      open(currentFragment(), true, "");
    }
  };
  // Start the engine at once; the pre-rendered first question stays answerable meanwhile.
  const engine = followEngine(root, onStatus);
  // A shared link opens on its view, focused and in sight like an answered question, unless the
  // reader has moved the focus meanwhile; until the engine has answered, it shows in words in place
  // of the first question. A plain visit leaves the focus where it is.
  if (engine.status !== "failed" && currentFragment()) {
    if (currentFragment().includes("=")) {
      view.replaceChildren(linkPreview(document, linkWords(currentFragment(), readTable(document))));
      state.setState("loading");
    }
    open(currentFragment(), "unless-moved", "Opening the link: the guide is getting ready on this device.");
  }
  document.documentElement.classList.remove("guide-link-opening"); // set by early-start.js
  // An answer given before this script listened (kept by early-start.js) is given now, unless a
  // link with answers has taken the first question's place.
  giveEarlyAnswer(root, !currentFragment().includes("="));
}

openDisclosuresInPrint();
onEveryPage(() => {
  const root = document.getElementById("decision-guide");
  if (root?.querySelector(".guide-view")) mount(root);
});
