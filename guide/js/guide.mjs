// The decision guide's page script. It shows what the Python engine returns and
// sends back what the clinician chose; every decision is made in Python.
//
// Loaded on every page through mkdocs.yml's extra_javascript, it mounts the guide
// whenever Material's instant navigation shows a page that has #decision-guide.
// The engine (a module Web Worker running Pyodide) starts only on such a page
// and then lives for the whole visit, so coming back to the guide is instant.

const ENGINE_TIMEOUT_MS = 15000;
const WORKER_URL = new URL("./worker.mjs", import.meta.url);

let engine = null;

// The engine: one module Web Worker for the whole visit. `engine.ready` settles when
// Python is up. A slow start past the timeout is shown as a failure, but if the engine
// still comes up later the guide recovers (the event below tells mounted guides).
function startEngine() {
  if (engine) return engine;
  const pending = new Map();
  let nextId = 0;
  let settle;
  const armReady = () => {
    engine.ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    engine.ready.catch(() => {});  // failures are shown where the guide is mounted
  };
  const fail = (message, { final = true } = {}) => {
    if (engine.failed) return;
    console.error("[decision-guide] the engine could not start:", message);
    engine.failed = message;
    engine.finalFailure = final;
    settle.reject(new Error(message));
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
    window.dispatchEvent(new CustomEvent("decision-guide:failed", { detail: message }));
  };
  engine = { ready: null, failed: null, finalFailure: false, settled: false, platform: undefined };
  armReady();
  if (typeof WebAssembly !== "object") {
    fail("this browser does not support WebAssembly");
    return engine;
  }
  let worker;
  try {
    worker = new Worker(WORKER_URL, { type: "module", name: "decision-guide-engine" });
  } catch (error) {
    fail(`the worker could not be created (${error})`);
    return engine;
  }
  const timer = setTimeout(
    () => fail(
      `the engine did not start within ${ENGINE_TIMEOUT_MS / 1000} seconds (a runtime file may be blocked or served with the wrong type)`,
      { final: false },
    ),
    ENGINE_TIMEOUT_MS,
  );
  worker.addEventListener("error", (event) => {
    clearTimeout(timer);
    fail(`the engine stopped with an error${event.message ? `: ${event.message}` : " (a script could not be loaded)"}`);
  });
  worker.addEventListener("messageerror", () => fail("the engine sent a message that could not be read"));
  worker.addEventListener("message", ({ data }) => {
    if (data.type === "ready") {
      clearTimeout(timer);
      if (engine.failed && engine.finalFailure) return;
      if (engine.failed) {  // it was only slow: recover
        console.info("[decision-guide] the engine started after all");
        engine.failed = null;
        armReady();
      }
      engine.settled = true;
      engine.platform = data.platform;
      settle.resolve(data.platform);
      window.dispatchEvent(new CustomEvent("decision-guide:ready", { detail: data.platform }));
    } else if (data.type === "failed") {
      clearTimeout(timer);
      engine.failed = null;  // a definite cause replaces a timeout
      fail(data.message);
    } else if (data.type === "view" && pending.has(data.id)) {
      pending.get(data.id).resolve(data.view);
      pending.delete(data.id);
    }
  });
  engine.request = (request) => engine.ready.then(() => new Promise((resolve, reject) => {
    if (engine.failed) { reject(new Error(engine.failed)); return; }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, request });
  }));
  return engine;
}

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
    for (const node of view.querySelectorAll("[data-print-date]")) node.textContent = `Printed ${new Date().toLocaleDateString()}.`;
    for (const node of view.querySelectorAll("[data-print-address]")) node.textContent = `From ${location.href}`;
    const heading = view.querySelector("h2[tabindex]");
    if (focus && heading) heading.focus();
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
  eng.ready.then(
    (platform) => {
      root.dataset.platform = platform;
      if (root.dataset.state === "question") showLoading("");
    },
    (error) => showError(error.message),
  );
  // The engine came up after the page had given up on it: show the guide again.
  const onLateReady = (event) => {
    if (!root.isConnected) { window.removeEventListener("decision-guide:ready", onLateReady); return; }
    root.dataset.platform = event.detail;
    if (root.dataset.state === "error") {
      errorBox.hidden = true;
      perform({ type: "view", fragment: currentFragment() }, { push: false, focus: true, waitText: "" });
    }
  };
  window.addEventListener("decision-guide:ready", onLateReady);
  const onFailed = (event) => {
    if (!root.isConnected) { window.removeEventListener("decision-guide:failed", onFailed); return; }
    showError(event.detail);
  };
  window.addEventListener("decision-guide:failed", onFailed);
  if (currentFragment()) {
    perform({ type: "view", fragment: currentFragment() }, { push: false, focus: false, waitText: "Opening the link…" });
  }
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

// On the guide page, start the engine the moment this module runs (the page loads it early,
// as an async module right after the guide): Pyodide's start-up is the long pole.
const guideOnThisPage = document.getElementById("decision-guide");
if (guideOnThisPage && guideOnThisPage.querySelector(".guide-view")) startEngine();

function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
  else mountAll();
}
// An early run can come before Material's bundle has defined document$: wait for the parse to end.
if (window.document$ || document.readyState !== "loading") subscribe();
else document.addEventListener("DOMContentLoaded", subscribe, { once: true });
