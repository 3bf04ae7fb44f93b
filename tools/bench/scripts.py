"""JavaScript the benchmark runs in the page: the measuring init script and the timed click."""

from __future__ import annotations

from tools.bench.common import (
    CLICK_TIMEOUT_MS,
)

#: Installed before any page script: records when the first question is visible, when the
#: engine (or a baseline) is ready, when an engine-rendered result is in the page (a shared
#: link), first-contentful-paint and largest-contentful-paint.
INIT_SCRIPT = """
(() => {
  if (window.top !== window) return;
  const bench = (window.__bench = {
    question: null, questionPaint: null, ready: null, failed: null, worker: null, workerReady: null, result: null,
    fcp: null, lcp: null, lcpTag: null,
  });
  const NativeWorker = window.Worker;
  if (NativeWorker) {
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        if (bench.worker === null) bench.worker = performance.now();
        super(...args);
        // The engine's own "ready" message: seen even when the page has already given up on it.
        this.addEventListener("message", ({ data }) => {
          if (bench.workerReady === null && (data === "ready" || (data && data.type === "ready"))) {
            bench.workerReady = performance.now();
          }
        });
      }
    };
  }
  const visible = (el) => (el.checkVisibility ? el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
                                              : el.getClientRects().length > 0);
  const poll = () => {
    const form = document.querySelector("#decision-guide form[data-question]");
    if (form && visible(form)) bench.question = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  // Element Timing: mark the first question's prompt as the parser inserts it, so that the
  // browser reports when its text is painted.
  const marker = new MutationObserver(() => {
    const prompt = document.querySelector("#decision-guide form[data-question] .guide-prompt");
    if (prompt) { prompt.setAttribute("elementtiming", "first-question"); marker.disconnect(); }
  });
  marker.observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.identifier !== "first-question" || bench.questionPaint !== null) continue;
        bench.questionPaint = entry.renderTime || entry.loadTime;
      }
    }).observe({ type: "element", buffered: true });
  } catch (error) { /* not supported: left null */ }
  new MutationObserver(() => {
    // A result the engine rendered: guide.mjs counts each view it shows in data-views, which a
    // result written into the page at build time would not have.
    if (bench.result === null
        && document.querySelector("#decision-guide[data-views][data-state=result] .guide-view section.guide-result")) {
      bench.result = performance.now();
    }
    if (bench.ready !== null) return;
    if (document.querySelector("#decision-guide[data-platform]") || (document.body && document.body.dataset.ready)) {
      bench.ready = performance.now();
    }
    if (document.body && document.body.dataset.failed) bench.failed = document.body.dataset.failed;
    const errorBox = document.querySelector("#decision-guide[data-state=error] [data-guide-error]");
    if (errorBox) bench.failed = errorBox.textContent.trim() || "the guide shows its error box";
  }).observe(document, { subtree: true, attributes: true,
                         attributeFilter: ["data-platform", "data-ready", "data-failed", "data-state", "data-views"] });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") bench.fcp = entry.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (error) { /* not supported: left null */ }
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.lcp = entry.startTime;
        const el = entry.element;
        if (el) bench.lcpTag = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                               + (el.className ? "." + String(el.className).split(" ").join(".") : "");
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch (error) { /* not supported: left null */ }
})();
"""

#: Before a click, as a reader reads the view before answering: the last view has been drawn (two
#: animation frames) and the page's main thread is idle. A click sent the moment the view is in the
#: DOM instead meets that view's own style, layout, paint and raster still running on two cores, and
#: times them as this answer's: no reader clicks within a frame of a view appearing.
READ_FIRST = """() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(resolve, { timeout: 1000 }))))"""

#: One click on the guide, timed in the page. Takes a random integer that picks the answer.
CLICK_SCRIPT = """
async (pick) => {
  const view = document.querySelector("#decision-guide .guide-view");
  const old = view.querySelector("form[data-question], section.guide-result");
  if (!old) return { kind: "stuck", state: document.querySelector("#decision-guide").dataset.state };
  let button, kind, question = null;
  if (old.matches("section.guide-result")) {
    button = old.querySelector('button[data-goto=""]');
    kind = "restart";
  } else if (old.dataset.kind === "single") {
    const answers = [...old.querySelectorAll("button.guide-answer[name=answer]")];
    button = answers[pick % answers.length];
    kind = "single";
    question = old.dataset.question;
  } else {
    const boxes = [...old.querySelectorAll("input[type=checkbox][name=answer]")];
    question = old.dataset.question;
    if (pick % 3 === 0 || boxes.length === 0) {
      button = old.querySelector("button[value=none]");
      kind = "none";
    } else {
      boxes[pick % boxes.length].checked = true;
      if (pick % 2 === 0) boxes[(pick >> 3) % boxes.length].checked = true;
      button = old.querySelector("button[data-submit=selected]");
      kind = "multi";
    }
  }
  if (!button) return { kind: "stuck", state: "no button for " + kind };
  return await new Promise((resolve) => {
    let start = 0;
    const timer = setTimeout(() => { observer.disconnect(); resolve({ kind: "timeout", question }); }, %(timeout)d);
    const observer = new MutationObserver(() => {
      const next = view.querySelector("form[data-question], section.guide-result");
      if (!next || next === old) return;
      const dom = performance.now() - start;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve({ kind, question, dom, frame: performance.now() - start }));
    });
    observer.observe(view, { childList: true, subtree: true });
    start = performance.now();
    button.click();
  });
}
""".replace("%(timeout)d", str(CLICK_TIMEOUT_MS))
