// Inlined as the first script of the pages that run the engine (guide/page_loading.py fills in
// the worker's address). On a slow network every round trip before the runtime is asked for
// costs half a second, so the page itself creates the engine's worker, which asks for the two
// largest runtime files as it starts (worker.mjs), rather than waiting for engine.mjs and the
// modules before it. The page does not fetch them itself: their bodies would then pass through
// its main thread on their way to the worker, long tasks on a phone (issue 20). What the worker
// says before engine.mjs takes it over is kept, and replayed then (early-worker.mjs).
//
// It starts once the page's content is parsed and painted, not before: three megabytes asked for
// with the page would compete with its own styles for the network, and compiling them with its
// first paint for the processor (issue 20). The first contentful paint alone is not enough: it
// can be the header, with the question painted a frame later, and a paint that comes after the
// downloads makes Lighthouse count them as needed for it. engine.mjs starts it at once if it
// needs the worker before that (takeEarlyWorker reads `worker`); a hidden page starts at once
// too, having nothing to paint. Where the build says the engine starts when needed (the practice
// page: sitegen/paths.py, STARTS_WHEN_NEEDED), it waits for the page's script (practice.mjs), which
// starts it once the page has loaded and is idle, or when the reader needs it: a case is read first.
(() => {
  const starts = /** @type {string} */ ("__STARTS__"); // "after-paint" or "when-needed" (page_loading.py)
  // A link with answers never shows the first question while it opens (issue 24): the pre-rendered
  // question stays hidden until guide.mjs has put the link's answers, in words, in its place.
  if (location.hash.includes("=")) document.documentElement.classList.add("guide-link-opening");
  // A tap on the pre-rendered question (or practice case) before guide.mjs (or practice.mjs)
  // listens would be lost (the page's policy forbids a form's own submission): the last one is
  // kept, and the page's script gives it once it runs.
  document.addEventListener(
    "submit",
    (event) => {
      const root = event.target instanceof Element ? event.target.closest("#decision-guide, #practice") : null;
      if (!root || root.dataset.mounted || !(event.target instanceof HTMLFormElement)) return;
      event.preventDefault();
      window.__decisionGuideEarlyAnswer = { form: event.target, submitter: event.submitter };
    },
    true,
  );
  const kinds = ["message", "error", "messageerror"];
  const events = [];
  const keep = (event) => events.push(event);
  let worker = null;
  let started = false;
  const start = () => {
    if (started) return worker;
    started = true;
    try {
      worker = new Worker("__WORKER_URL__", { type: "module", name: "decision-guide-engine" });
    } catch {
      return null; // engine.mjs creates the worker, and reports why it cannot
    }
    for (const kind of kinds) worker.addEventListener(kind, keep);
    return worker;
  };
  window.__decisionGuideEarlyWorker = {
    get worker() {
      return start();
    },
    take() {
      if (worker) for (const kind of kinds) worker.removeEventListener(kind, keep);
      return events.splice(0);
    },
  };
  const paintTiming =
    typeof PerformanceObserver === "function" && (PerformanceObserver.supportedEntryTypes || []).includes("paint");
  if (document.visibilityState === "hidden" || !paintTiming) {
    start();
    return;
  }
  const painted = new Promise((resolve) => {
    const observer = new PerformanceObserver((list) => {
      if (!list.getEntriesByName("first-contentful-paint").length) return;
      observer.disconnect();
      resolve();
    });
    observer.observe({ type: "paint", buffered: true });
  });
  // The content is parsed once Material's footer, after the article, is: the parse may still wait
  // for Material's script at the end of the body, most of a second on a slow line, and the
  // question is on the page before it.
  const contentParsed = () => document.readyState !== "loading" || document.querySelector("footer.md-footer") !== null;
  // From the first paint on, look at each frame; a task queued from the animation frame callback
  // that finds the content parsed runs once that frame, with all of it, is drawn.
  const onFrame = () => {
    if (!contentParsed()) requestAnimationFrame(onFrame);
    else if (starts === "after-paint") setTimeout(start, 0);
  };
  painted.then(() => requestAnimationFrame(onFrame));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") start();
  });
})();
