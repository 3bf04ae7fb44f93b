// Inlined in the <head> of every page (guide/page_loading.py), before Material's bundle. Material
// builds its search index as soon as a page loads: it downloads search_index.json (100 kB gzipped)
// and builds a Lunr index from it in a worker of its own. On a page without the engine that waits
// until the reader opens search: a reader who never searches downloads and builds nothing, which
// on a phone is data and battery. On the engine's pages that work would compete with the engine
// starting (issue 20), so there it waits until the engine is ready (or has failed:
// "decision-guide:status", engine.mjs) and then for the reader's first pause, or until the reader
// opens search, whichever comes first. Material supports this state: it defers the same work until
// search is opened when a site is read from file://, saying "Initializing search" meanwhile.
//
// The pause is the offline copy's (offline.mjs): no click, key, touch or wheel for half a second.
// Built the moment the engine was ready, the index took the CPU from the answers given then (on two
// cores, the first few answers took 15 to 50 ms instead of 5). A test may lengthen the pause with
// `window.__decisionGuideSearchPauseMs`, set before any page script runs; the page never sets it.
//
// How: Material creates its search worker with `new Worker(url)` and sends it the index once
// downloaded (an XMLHttpRequest). Until then the worker is a stand-in that keeps what Material
// posts, and that request is held; nothing else is changed, and every other worker is created
// as usual.
(() => {
  const NativeWorker = window.Worker;
  const SEARCH_WORKER = /\/assets\/javascripts\/workers\/search\.[\w-]+\.min\.js$/;
  const SEARCH_INDEX = /\/search\/search_index\.json$/;
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  let isReleased = false;
  const READER_EVENTS = ["pointerdown", "click", "keydown", "wheel"];
  let pause = 0;
  const go = () => {
    if (isReleased) return;
    isReleased = true;
    clearTimeout(pause);
    for (const type of READER_EVENTS) document.removeEventListener(type, putOff, true);
    document.documentElement.dataset.searchIndex = "released";
    release();
  };
  const pauseMs = Number(window.__decisionGuideSearchPauseMs) > 0 ? Number(window.__decisionGuideSearchPauseMs) : 500;
  function putOff() {
    clearTimeout(pause);
    pause = setTimeout(go, pauseMs);
  }

  class SearchWorkerLater extends EventTarget {
    #real = null;
    #queue = [];
    #terminated = false;
    constructor(url, options) {
      super();
      released.then(() => {
        if (this.#terminated) return;
        this.#real = new NativeWorker(url, options);
        this.#real.addEventListener("message", ({ data }) => this.dispatchEvent(new MessageEvent("message", { data })));
        this.#real.addEventListener("messageerror", () => this.dispatchEvent(new MessageEvent("messageerror")));
        this.#real.addEventListener("error", (event) =>
          this.dispatchEvent(new ErrorEvent("error", { message: event.message })),
        );
        for (const [message, transfer] of this.#queue.splice(0)) this.#real.postMessage(message, transfer);
      });
    }
    postMessage(message, transfer = []) {
      if (this.#real) this.#real.postMessage(message, transfer);
      else this.#queue.push([message, transfer]);
    }
    terminate() {
      this.#terminated = true;
      this.#real?.terminate();
    }
  }

  window.Worker = function Worker(url, options) {
    if (!isReleased && SEARCH_WORKER.test(new URL(String(url), location.href).pathname))
      return new SearchWorkerLater(url, options);
    return new NativeWorker(url, options);
  };
  window.Worker.prototype = NativeWorker.prototype;

  const { open, send } = XMLHttpRequest.prototype;
  const searchIndexRequests = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (SEARCH_INDEX.test(new URL(String(url), location.href).pathname)) searchIndexRequests.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (isReleased || !searchIndexRequests.has(this)) return send.call(this, body);
    released.then(() => {
      if (this.readyState === XMLHttpRequest.OPENED) send.call(this, body);
    });
  };

  // The engine's status, then the reader's pause; the reader opening search (the header's search
  // button toggles #__search, a keyboard shortcut focuses the query).
  const onStatus = ({ detail }) => {
    if (detail.status === "loading") return;
    window.removeEventListener("decision-guide:status", onStatus);
    if (isReleased) return;
    for (const type of READER_EVENTS) document.addEventListener(type, putOff, { capture: true, passive: true });
    putOff();
  };
  window.addEventListener("decision-guide:status", onStatus);
  document.addEventListener(
    "change",
    ({ target }) => {
      if (target.id === "__search" && target.checked) go();
    },
    true,
  );
  document.addEventListener(
    "focusin",
    ({ target }) => {
      if (target.matches?.("[data-md-component=search-query]")) go();
    },
    true,
  );
  document.documentElement.dataset.searchIndex = "waiting";
})();
