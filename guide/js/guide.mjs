// The decision guide's page script. It shows what the Python engine returns and sends back what
// the clinician chose; every decision is made in Python. Loaded on every page (mkdocs.yml's
// extra_javascript), it mounts the guide whenever Material's instant navigation shows a page with
// #decision-guide. The engine (engine.mjs: a module Web Worker running Pyodide) starts only on such
// a page and then lives for the whole visit, so coming back to the guide is instant.

import "./copy.mjs";  // copy buttons outside the guide: reference phrasings and citations
import { chosenValues, memory, preselect, syncChoices } from "./choices.mjs";
import { showCopied } from "./copy-note.mjs";
import { startEngine } from "./engine.mjs";
import { bringIntoView } from "./in-view.mjs";
import { linkPreview, linkWords, readTable } from "./link-words.mjs";
import { focusIsFree, followEngine, onEveryPage } from "./page.mjs";
import { showProgress } from "./progress.mjs";

function currentFragment() {
  return location.hash.replace(/^#/, "");
}

function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const [view, status, loading, loadingText, errorBox, bar, progressNote] = [
    ".guide-view", ".guide-status", "[data-guide-loading]", ".guide-loading__text", "[data-guide-error]",
    ".guide-loading progress", ".guide-loading__progress",
  ].map((selector) => root.querySelector(selector));
  const siteRoot = root.dataset.root || "../";
  const printedOn = `Printed ${new Date().toLocaleDateString()}.`;  // formatted once: Intl is slow to set up
  const pathways = root.dataset.pathways || "pathways/";

  memory.start(Boolean(currentFragment()));  // the answers given, to show them chosen again (choices.mjs)

  const setState = (state) => { root.dataset.state = state; root.setAttribute("aria-busy", String(state === "loading")); };
  const announce = (text) => { status.textContent = ""; setTimeout(() => { status.textContent = text; }, 50); };
  const showLoading = (text) => { loading.hidden = !text; loadingText.textContent = text || ""; };
  // The one place a failure is shown: the engine's error shape, {kind, message, file?}.
  const showError = (error) => {
    console.error("[decision-guide]", error.message);
    showLoading("");
    setState("error");
    errorBox.hidden = false;
    errorBox.replaceChildren();
    const make = (tag, properties) => Object.assign(document.createElement(tag), properties);
    const link = make("a", { href: pathways, className: "md-button md-button--primary", textContent: "Open all pathways" });
    errorBox.append(
      make("p", { className: "guide-error__title", textContent: "The interactive guide could not start in this browser." }),
      make("p", { textContent: `What failed: ${error.message}. Every recommendation is also on the page of all pathways, which works without it.` }),
      link,
    );
    view.replaceChildren();
    link.focus();
  };

  // True when the view already shows exactly this HTML (the question written into the page at
  // build time, say): replacing it would paint the same question again, as a new largest
  // contentful paint, seconds later on a phone (issue 20). Only a question is ever shown twice.
  const showsAlready = (html) => {
    const shown = view.querySelector("form[data-question]");
    if (!shown || !html.includes(`data-question="${shown.dataset.question}"`)) return false;  // parse only then
    const next = document.createElement("template");
    next.innerHTML = html;
    const [now, then] = [[...view.childNodes], [...next.content.childNodes]];
    return now.length === then.length && now.every((node, i) => node.isEqualNode(then[i]));
  };

  const show = (result, { focus }) => {
    if (!root.isConnected) return;
    showLoading("");
    if (!showsAlready(result.html)) view.innerHTML = result.html;
    setState(result.state);
    root.dataset.views = String(Number(root.dataset.views || 0) + 1);
    const form = view.querySelector("form[data-question]");
    if (form) { preselect(form, memory.get(form.dataset.question)); syncChoices(form); }
    for (const node of view.querySelectorAll("[data-print-date]")) node.textContent = printedOn;
    for (const node of view.querySelectorAll("[data-print-address]")) node.textContent = `From ${location.href}`;
    const heading = view.querySelector("h2[tabindex]");
    if (focus && heading) {
      // Focus the new heading in the frame that draws it: focusing at once would force a
      // second, synchronous layout of the whole page on every answer.
      requestAnimationFrame(() => {
        if (!heading.isConnected) return;
        if (focus === "unless-moved" && !focusIsFree(root)) return;
        heading.focus({ preventScroll: true });
        bringIntoView(heading, view);
      });
    }
    if (result.state === "result") announce(`Recommendation: ${result.result.level_title}`);
    else announce(`Question ${result.question.step} of at most ${result.question.at_most}: ${result.question.prompt}`);
  };

  // Every action goes through here: ask the engine, update the address, show the view.
  // While the engine is still starting, the request waits and the guide says so. A failure of
  // the engine is shown by onStatus below; here only one of this request alone.
  const perform = (request, { push, focus, waitText }) => {
    const eng = startEngine();
    if (eng.status === "failed") { showError(eng.error); return; }
    if (eng.status === "loading") {
      setState("loading");
      showLoading(waitText);
    }
    eng.request({ ...request, root: siteRoot })
      .then((result) => {
        const url = result.fragment ? `#${result.fragment}` : location.pathname + location.search;
        if (result.state === "result") memory.keepOnly(result.answers);
        const state = memory.state();
        if (new URL(url, location.href).href !== location.href) history[push ? "pushState" : "replaceState"](state, "", url);
        else history.replaceState(state, "");
        show(result, { focus });
      })
      .catch((error) => { if (eng.status !== "failed") showError(error); });
  };

  root.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target.closest("form[data-question]");
    if (!form) return;
    const values = chosenValues(form, event.submitter);
    if (!values) return;  // "None of these" never discards a choice (it is disabled while one is made)
    memory.set(form.dataset.question, values.filter((value) => value !== "none"));
    perform(
      { type: "answer", fragment: currentFragment(), question: form.dataset.question, values },
      { push: true, focus: true, waitText: "Your answer is saved. The guide is getting ready…" },
    );
  });

  root.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-goto], button[data-action]");
    if (!target) return;
    const { goto, action, change, values } = target.dataset;
    if (goto === "") memory.clear();  // Start over forgets every answer
    if (change) memory.set(change, values ? values.split(",") : []);  // Back and Change show the answer chosen
    if (goto !== undefined) perform({ type: "view", fragment: goto }, { push: true, focus: true, waitText: "One moment…" });
    if (action === "print") window.print();
    if (action === "copy-link") copy(location.href, target, "Link copied");
    if (action === "copy") copy(target.closest(".phrasing").querySelector(".phrasing__text").textContent, target, "Phrasing copied");
  });
  root.addEventListener("change", (event) => { const form = event.target.closest("form[data-question]"); if (form) syncChoices(form); });

  const copy = (text, button, done) => {
    const ok = () => announce(showCopied(button, done, text));
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(ok, () => announce("Copying failed: select the text to copy it"));
    else announce("Copying is not available here: select the text to copy it");
  };

  // Back and forward move through the questions: the address holds the answers, and the entry's
  // state the answers given after them, which show as chosen again (the newest answers win).
  const onHistory = (event) => {
    if (!root.isConnected) { window.removeEventListener("popstate", onHistory); return; }
    memory.merge(event.state);
    perform({ type: "view", fragment: currentFragment() }, { push: false, focus: true, waitText: "One moment…" });
  };
  window.addEventListener("popstate", onHistory);

  // The engine's status, as it is now and at every change (also a slow start that recovers):
  // an event's detail has the engine's own fields, {status, platform, error, start, progress}.
  const onStatus = ({ status, platform, error, start, progress }) => {
    if (status === "failed") { showError(error); return; }
    if (status === "loading") {
      if (loading.hidden) showLoading("The guide is getting ready on this device. You can answer the first question already.");
      showProgress(bar, progressNote, progress);
      return;
    }
    showProgress(bar, progressNote, null);
    root.dataset.engineStart = start || "full";
    root.dataset.platform = platform;
    if (root.dataset.state === "question") showLoading("");
    if (root.dataset.state === "error") {
      errorBox.hidden = true;
      perform({ type: "view", fragment: currentFragment() }, { push: false, focus: true, waitText: "" });
    }
  };
  // Start the engine at once; the pre-rendered first question stays answerable meanwhile.
  const eng = followEngine(root, onStatus);
  // A shared link opens on its view, focused and in sight like an answered question, unless
  // the reader has moved the focus meanwhile. A plain visit leaves the focus where it is.
  if (eng.status !== "failed" && currentFragment()) {
    // Until the engine has answered, the link shows in words in place of the first question.
    if (currentFragment().includes("=")) { view.replaceChildren(linkPreview(document, linkWords(currentFragment(), readTable(document)))); setState("loading"); }
    perform({ type: "view", fragment: currentFragment() }, { push: false, focus: "unless-moved", waitText: "Opening the link: the guide is getting ready on this device." });
  }
  document.documentElement.classList.remove("guide-link-opening");  // set by early-start.js
}


// In print every disclosure of the guide is open. The CSS does it where ::details-content works
// (guide.css); elsewhere open the closed ones just before printing and close them after.
const openedForPrint = [];
window.addEventListener("beforeprint", () => {
  openedForPrint.push(...document.querySelectorAll("#decision-guide details:not([open])"));
  for (const details of openedForPrint) details.open = true;
});
window.addEventListener("afterprint", () => { for (const details of openedForPrint.splice(0)) details.open = false; });

function mountAll() {
  const root = document.getElementById("decision-guide");
  if (root && root.querySelector(".guide-view")) mount(root);
}

onEveryPage(mountAll);
