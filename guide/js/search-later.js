// Inlined in the <head> of the pages that run the engine (guide/engine_assets.py), before
// Material's bundle. Material builds its search index as soon as a page loads: it downloads
// search_index.json and builds a Lunr index from it in a worker of its own. On the engine's
// pages that work would compete with the engine starting (issue 20), so here it waits until the
// engine is ready (or has failed: "decision-guide:status", engine.mjs), or until the reader
// opens search, whichever comes first. Material supports this state: it defers the same work
// until search is opened when a site is read from file://.
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
  const go = () => {
    if (isReleased) return;
    isReleased = true;
    document.documentElement.dataset.searchIndex = "released";
    release();
  };

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

  // The engine's status; the reader opening search (the header's search button toggles #__search,
  // a keyboard shortcut focuses the query).
  window.addEventListener("decision-guide:status", ({ detail }) => {
    if (detail.status !== "loading") go();
  });
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
