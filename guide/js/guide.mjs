// The decision guide's page script. It shows what the Python engine returns and
// sends back what the clinician chose; every decision is made in Python.
//
// Loaded on every page through mkdocs.yml's extra_javascript, it mounts the guide
// whenever Material's instant navigation shows a page that has #decision-guide.
// The engine (engine.mjs: a module Web Worker running Pyodide) starts only on such
// a page and then lives for the whole visit, so coming back to the guide is instant.

import { startEngine } from "./engine.mjs";

function currentFragment() {
  return location.hash.replace(/^#/, "");
}

function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const view = root.querySelector(".guide-view");
  const status = root.querySelector(".guide-status");
  const loading = root.querySelector("[data-guide-loading]");
  const loadingText = root.querySelector(".guide-loading__text");
  const errorBox = root.querySelector("[data-guide-error]");
  const siteRoot = root.dataset.root || "../";
  const printedOn = `Printed ${new Date().toLocaleDateString()}.`;  // formatted once: Intl is slow to set up
  const pathways = root.dataset.pathways || "pathways/";

  const setState = (state) => { root.dataset.state = state; root.setAttribute("aria-busy", String(state === "loading")); };
  const announce = (text) => { status.textContent = ""; setTimeout(() => { status.textContent = text; }, 50); };
  const showLoading = (text) => { loading.hidden = !text; loadingText.textContent = text || ""; };

  const showError = (message) => {
    console.error("[decision-guide]", message);
    showLoading("");
    setState("error");
    errorBox.hidden = false;
    errorBox.replaceChildren();
    const title = document.createElement("p");
    title.className = "guide-error__title";
    title.textContent = "The interactive guide could not start in this browser.";
    const detail = document.createElement("p");
    detail.textContent = `What failed: ${message}. Every recommendation is also on the page of all pathways, which needs no engine.`;
    const link = document.createElement("a");
    link.href = pathways;
    link.className = "md-button md-button--primary";
    link.textContent = "Open all pathways";
    errorBox.append(title, detail, link);
    view.replaceChildren();
    link.focus();
  };

  const show = (result, { focus }) => {
    if (!root.isConnected) return;
    if (result.state === "error") { showError(result.message); return; }
    showLoading("");
    view.innerHTML = result.html;
    setState(result.state);
    root.dataset.views = String(Number(root.dataset.views || 0) + 1);
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
  // While the engine is still starting, the request waits and the guide says so.
  const perform = (request, { push, focus, waitText }) => {
    const eng = startEngine();
    if (eng.failed) { showError(eng.failed); return; }
    if (root.dataset.platform === undefined) {
      setState("loading");
      showLoading(waitText);
    }
    eng.request({ ...request, root: siteRoot })
      .then((result) => {
        if (result.state !== "error") {
          const url = result.fragment ? `#${result.fragment}` : location.pathname + location.search;
          const target = new URL(url, location.href).href;
          if (push && target !== location.href) history.pushState(null, "", url);
          else if (!push && target !== location.href) history.replaceState(null, "", url);
        }
        show(result, { focus });
      })
      .catch((error) => showError(error.message));
  };

  root.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target.closest("form[data-question]");
    if (!form) return;
    const submitter = event.submitter;
    let values;
    if (submitter && submitter.name === "answer") values = [submitter.value];
    else values = [...form.querySelectorAll("input[name=answer]:checked")].map((input) => input.value);
    if (values.length === 0) values = ["none"];
    perform(
      { type: "answer", fragment: currentFragment(), question: form.dataset.question, values },
      { push: true, focus: true, waitText: "Your answer is saved. The guide is getting ready…" },
    );
  });

  root.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-goto], button[data-action]");
    if (!target) return;
    if (target.dataset.goto !== undefined) {
      perform({ type: "view", fragment: target.dataset.goto }, { push: true, focus: true, waitText: "One moment…" });
      return;
    }
    const action = target.dataset.action;
    if (action === "print") window.print();
    if (action === "copy-link") copy(location.href, target, "Link copied");
    if (action === "copy") copy(target.closest(".phrasing").querySelector(".phrasing__text").textContent, target, "Phrasing copied");
  });

  const copy = (text, button, done) => {
    const ok = () => { announce(done); button.dataset.copied = "true"; setTimeout(() => delete button.dataset.copied, 1500); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(ok, () => announce("Copying failed: select the text to copy it"));
    else announce("Copying is not available here: select the text to copy it");
  };

  // Back and forward move through the questions: the address holds the answers.
  const onHistory = () => {
    if (!root.isConnected) { window.removeEventListener("popstate", onHistory); return; }
    perform({ type: "view", fragment: currentFragment() }, { push: false, focus: true, waitText: "One moment…" });
  };
  window.addEventListener("popstate", onHistory);

  // Start the engine at once; the pre-rendered first question stays answerable meanwhile.
  const eng = startEngine();
  if (eng.failed) { showError(eng.failed); return; }
  if (eng.settled) {
    root.dataset.platform = eng.platform;
  } else {
    showLoading("Preparing the guide’s engine. You can answer the first question already.");
  }
  // The engine reports once it is up (also after a slow start the page had given up on)
  // or has failed; a guide mounted later reads the same state from `eng` above.
  const onEngine = (event) => {
    if (!root.isConnected) {
      window.removeEventListener("decision-guide:ready", onEngine);
      window.removeEventListener("decision-guide:failed", onEngine);
      return;
    }
    if (event.type === "decision-guide:failed") { showError(event.detail); return; }
    root.dataset.platform = event.detail;
    if (root.dataset.state === "question") showLoading("");
    if (root.dataset.state === "error") {
      errorBox.hidden = true;
      perform({ type: "view", fragment: currentFragment() }, { push: false, focus: true, waitText: "" });
    }
  };
  window.addEventListener("decision-guide:ready", onEngine);
  window.addEventListener("decision-guide:failed", onEngine);
  // A shared link opens on its view, focused and in sight like an answered question, unless
  // the reader has moved the focus meanwhile. A plain visit leaves the focus where it is.
  if (currentFragment()) {
    perform({ type: "view", fragment: currentFragment() }, { push: false, focus: "unless-moved", waitText: "Opening the link…" });
  }
}

// True while the focus is nowhere in particular (the page itself) or inside the guide.
function focusIsFree(root) {
  const active = document.activeElement;
  return !active || active === document.body || active === document.documentElement || root.contains(active);
}

// Scroll so the heading is visible below Material's sticky header. When the view fits, show it
// from its top, so what comes before the heading (a safety step) stays in sight too.
function bringIntoView(heading, view) {
  const header = document.querySelector(".md-header");
  const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  const box = heading.getBoundingClientRect();
  if (box.top >= top && box.bottom <= window.innerHeight) return;
  const start = view.getBoundingClientRect().top;
  const margin = 8;
  const target = box.bottom - start + 2 * margin <= window.innerHeight - top ? start : box.top;
  window.scrollBy({ top: target - top - margin, behavior: "instant" });
}

// Copy buttons of the sample phrasings on the reference pages (the guide handles its own).
// One listener on the document, registered once: a module runs once per page load, and
// instant navigation swaps the content beneath it.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".phrasing__copy") : null;
  if (!button || button.closest("#decision-guide")) return;
  const text = button.closest(".phrasing")?.querySelector(".phrasing__text")?.textContent;
  if (!text || !navigator.clipboard || !window.isSecureContext) return;  // the text stays selectable
  navigator.clipboard.writeText(text).then(
    () => {
      button.dataset.copied = "true";
      clearTimeout(button.copiedTimer);
      button.copiedTimer = setTimeout(() => delete button.dataset.copied, 1500);
    },
    () => {},
  );
});

function mountAll() {
  const root = document.getElementById("decision-guide");
  if (root && root.querySelector(".guide-view")) mount(root);
}

function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
  else mountAll();
}
// An early run can come before Material's bundle has defined document$: wait for the parse to end.
if (window.document$ || document.readyState !== "loading") subscribe();
else document.addEventListener("DOMContentLoaded", subscribe, { once: true });
