// Unit tests of the service worker (guide/js/sw.js), run as the browser runs it: the file itself,
// with OFFLINE filled in as the build does, in a context of its own (node:vm) whose `self`,
// `caches` and `fetch` are fakes that record what the worker does. The browser tests
// (tests/browser/test_offline.py) check the same behaviours against Chromium and a real server.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../guide/js/sw.js", import.meta.url), "utf8");
const SCOPE = "https://example.test/";
const OFFLINE = {
  build: "b2",
  shell: ["./", "glossary/", "404.html", "assets/site.css"],
  engine: ["assets/pyodide/engine.whl"],
  runtime: { key: "c1", files: ["assets/pyodide/pyodide.asm.wasm"] },
  snapshotKey: "d2",
};
const at = (path) => new URL(path, SCOPE).href;
const WASM = at("assets/pyodide/pyodide.asm.wasm");
const page = ({ build = "b2", runtime = "c1", body = "<p>text</p>" } = {}) =>
  `<html><head><meta name="rupture-guide-build" content="${build}"><meta name="rupture-guide-runtime" content="${runtime}"></head><body>${body}</body></html>`;
const html = (text, headers = {}) => new Response(text, { headers: { "content-type": "text/html", ...headers } });

// Cache Storage in memory, as far as the worker uses it.
function fakeCaches(names = []) {
  const stores = new Map(names.map((name) => [name, new Map()]));
  const cache = (entries) => ({
    keys: async () => [...entries.keys()].map((url) => ({ url })),
    match: async (url) => entries.get(url)?.clone(),
    put: async (url, response) => {
      entries.set(url, response);
    },
  });
  return {
    stores,
    has: async (name) => stores.has(name),
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
    open: async (name) => {
      if (!stores.has(name)) stores.set(name, new Map());
      return cache(stores.get(name));
    },
    match: async (url, { cacheName }) => stores.get(cacheName)?.get(url)?.clone(),
  };
}

// A network that answers from a table (address -> function of the request), and records each request.
function fakeNetwork(answers) {
  const asked = [];
  const fetch = async (input, init = {}) => {
    const url = typeof input === "string" ? input : input.url;
    const request = {
      url,
      method: init.method ?? input.method ?? "GET",
      cache: init.cache ?? input.cache ?? "default",
    };
    asked.push(request);
    const answer = answers[url];
    if (!answer) throw new TypeError(`offline: ${url}`);
    return answer(request);
  };
  return { fetch, asked };
}

// The worker, loaded from its file: its listeners, and what it asked of the browser.
function loadWorker({ caches = fakeCaches(), network = fakeNetwork({}) } = {}) {
  const listeners = {};
  const calls = { skipWaiting: 0, claim: 0, preloadEnabled: 0, update: 0 };
  const registration = {
    scope: SCOPE,
    installing: null,
    waiting: null,
    update: async () => {
      calls.update++;
    },
    navigationPreload: {
      enable: async () => {
        calls.preloadEnabled++;
      },
    },
  };
  const self = {
    registration,
    skipWaiting: async () => {
      calls.skipWaiting++;
    },
    clients: {
      claim: async () => {
        calls.claim++;
      },
    },
    addEventListener: (type, listener) => {
      listeners[type] = listener;
    },
  };
  const globals = {
    self,
    caches,
    fetch: network.fetch,
    Request,
    Response,
    Headers,
    TransformStream,
    TextDecoder,
    URL,
    console,
  };
  vm.runInContext(`const OFFLINE = ${JSON.stringify(OFFLINE)};\n${SOURCE}`, vm.createContext(globals));
  return { listeners, calls, caches, network };
}

async function extendable(worker, type, fields = {}) {
  const pending = [];
  worker.listeners[type]({ ...fields, waitUntil: (promise) => pending.push(promise) });
  await Promise.all(pending);
}

// A request to the worker: its answer (a promise), or undefined when it leaves the request alone.
function request(worker, url, { mode = "no-cors", method = "GET", preloadResponse = Promise.resolve(undefined) } = {}) {
  let answer;
  worker.listeners.fetch({
    request: { url, mode, method },
    preloadResponse,
    respondWith: (promise) => {
      answer = promise;
    },
  });
  return answer;
}
const navigate = (worker, url, options) => request(worker, url, { ...options, mode: "navigate" });

describe("the update path", () => {
  test("install precaches the pages and assets, then takes over by itself: one skipWaiting", async () => {
    const network = fakeNetwork(Object.fromEntries(OFFLINE.shell.map((path) => [at(path), () => html("x")])));
    const worker = loadWorker({ network });
    await extendable(worker, "install");
    assert.deepEqual([...worker.caches.stores.get("rupture-guide-b2").keys()].sort(), OFFLINE.shell.map(at).sort());
    assert.ok(
      network.asked.every((asked) => asked.cache === "no-cache"),
      "copied past the HTTP cache",
    );
    assert.equal(worker.calls.skipWaiting, 1);
  });

  test("no message from a page activates a worker: there is no second path", async () => {
    const worker = loadWorker();
    for (const type of ["activate", "skipWaiting", "SKIP_WAITING", "build"]) {
      await extendable(worker, "message", { data: { type }, ports: [] });
    }
    assert.equal(worker.calls.skipWaiting, 0);
  });
});

describe("activate", () => {
  test("deletes the caches of older builds, runtimes and snapshots, and keeps the current ones and others'", async () => {
    const names = [
      "rupture-guide-b1",
      "rupture-guide-b2",
      "rupture-guide-runtime-c0",
      "rupture-guide-runtime-c1",
      "rupture-guide-snapshot-d1",
      "rupture-guide-snapshot-d2",
      "another-site",
    ];
    const worker = loadWorker({ caches: fakeCaches(names) });
    await extendable(worker, "activate");
    assert.deepEqual([...worker.caches.stores.keys()].sort(), [
      "another-site",
      "rupture-guide-b2",
      "rupture-guide-runtime-c1",
      "rupture-guide-snapshot-d2",
    ]);
  });

  test("enables navigation preload and takes over open pages", async () => {
    const worker = loadWorker();
    await extendable(worker, "activate");
    assert.deepEqual([worker.calls.preloadEnabled, worker.calls.claim], [1, 1]);
  });
});

describe("pages", () => {
  test("a page is passed on as it arrives, never read whole first", { timeout: 10_000 }, async () => {
    let source;
    const body = new ReadableStream({
      start: (controller) => {
        source = controller;
      },
    });
    const network = fakeNetwork({
      [at("glossary/")]: () => new Response(body, { headers: { "content-type": "text/html" } }),
    });
    const worker = loadWorker({ network });
    source.enqueue(new TextEncoder().encode(page())); // the page's start; its end has not arrived
    const answer = await navigate(worker, at("glossary/")); // a worker that read it whole would wait here for ever
    const reader = answer.body.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /rupture-guide-build/);
    source.enqueue(new TextEncoder().encode("<p>the rest</p>"));
    source.close();
    assert.equal(new TextDecoder().decode((await reader.read()).value), "<p>the rest</p>");
  });

  test("the preloaded response is used when the published page has the same validators", async () => {
    const published = { "last-modified": "Wed, 02 Dec 2026 10:00:00 GMT" };
    const network = fakeNetwork({
      [at("glossary/")]: ({ method }) =>
        method === "HEAD" ? new Response(null, { headers: published }) : html("from the worker"),
    });
    const worker = loadWorker({ network });
    const answer = await navigate(worker, at("glossary/"), {
      preloadResponse: Promise.resolve(html(page({ body: "preloaded" }), published)),
    });
    assert.match(await answer.text(), /preloaded/);
    assert.deepEqual(
      network.asked.map(({ method }) => method),
      ["HEAD"],
    );
  });

  test("a preloaded page the browser kept from an older build is asked for again, past the HTTP cache", async () => {
    const network = fakeNetwork({
      [at("glossary/")]: ({ method }) =>
        method === "HEAD"
          ? new Response(null, { headers: { "last-modified": "Wed, 02 Dec 2026 11:00:00 GMT" } })
          : html(page({ build: "b3", body: "published" })),
    });
    const worker = loadWorker({ network });
    const stale = html(page({ body: "kept" }), { "last-modified": "Wed, 02 Dec 2026 10:00:00 GMT" });
    const answer = await navigate(worker, at("glossary/"), { preloadResponse: Promise.resolve(stale) });
    assert.match(await answer.text(), /published/);
    assert.deepEqual(
      network.asked.map(({ method, cache }) => [method, cache]),
      [
        ["HEAD", "no-store"],
        ["GET", "no-cache"],
      ],
    );
  });

  test("offline, a page comes from this build's copy, or its 404 page", async () => {
    const caches = fakeCaches();
    const copy = await caches.open("rupture-guide-b2");
    await copy.put(at("glossary/"), html("copied glossary"));
    await copy.put(at("404.html"), html("not here"));
    const worker = loadWorker({ caches });
    assert.equal(await (await navigate(worker, at("glossary/index.html"))).text(), "copied glossary");
    assert.equal(await (await navigate(worker, at("no-such-page/"))).text(), "not here");
  });
});

describe("a newer build", () => {
  async function afterVisiting(newer, runtimeCaches) {
    const caches = fakeCaches(runtimeCaches);
    for (const name of runtimeCaches) await (await caches.open(name)).put(WASM, new Response("wasm from the copy"));
    await (await caches.open("rupture-guide-b2")).put(at("assets/site.css"), new Response("old css"));
    const network = fakeNetwork({
      [at("guide/")]: () => html(page(newer)),
      [WASM]: () => new Response("wasm from the network"),
      [at("assets/site.css")]: () => new Response("new css"),
    });
    const worker = loadWorker({ caches, network });
    await (await navigate(worker, at("guide/"))).text(); // the page, read to its end as a browser does
    network.asked.length = 0;
    return worker;
  }

  test("that keeps the runtime gets it from the copy: no byte of it is fetched", async () => {
    const worker = await afterVisiting({ build: "b3", runtime: "c1" }, ["rupture-guide-runtime-c1"]);
    assert.equal(worker.calls.update, 1, "the worker asks to be updated");
    assert.equal(await (await request(worker, WASM)).text(), "wasm from the copy");
    assert.equal(await (await request(worker, at("assets/site.css"))).text(), "new css", "the newer build's own files");
    assert.deepEqual(
      worker.network.asked.map(({ url }) => url),
      [at("assets/site.css")],
    );
  });

  test("that changes the runtime gets the new one from the network, past the HTTP cache", async () => {
    const worker = await afterVisiting({ build: "b3", runtime: "c9" }, ["rupture-guide-runtime-c1"]);
    assert.equal(await (await request(worker, WASM)).text(), "wasm from the network");
    assert.deepEqual(
      worker.network.asked.map(({ url, cache }) => [url, cache]),
      [[WASM, "no-cache"]],
    );
  });
});

describe("the offline copy", () => {
  test("'complete' puts the engine in the build's cache and the runtime in the runtime's, fetching only what is missing", async () => {
    const caches = fakeCaches();
    await (await caches.open("rupture-guide-runtime-c1")).put(WASM, new Response("kept from an earlier build"));
    const paths = [...OFFLINE.shell, ...OFFLINE.engine, ...OFFLINE.runtime.files];
    const network = fakeNetwork(Object.fromEntries(paths.map((path) => [at(path), () => new Response(path)])));
    const worker = loadWorker({ caches, network });
    const replies = [];
    await extendable(worker, "message", {
      data: { type: "complete" },
      ports: [{ postMessage: (reply) => replies.push(reply) }],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(replies)), [{ complete: true, build: "b2" }]); // made in the worker's realm
    assert.ok(!network.asked.some(({ url }) => url === WASM), "the runtime already kept is not fetched again");
    assert.ok(caches.stores.get("rupture-guide-b2").has(at("assets/pyodide/engine.whl")));
    assert.equal(await (await request(worker, WASM)).text(), "kept from an earlier build");
  });

  test("leaves alone what is not this site's own: queries, other origins, other methods", () => {
    const worker = loadWorker();
    assert.equal(request(worker, at("assets/site.css?v=2")), undefined);
    assert.equal(request(worker, "https://elsewhere.test/a.js"), undefined);
    assert.equal(request(worker, at("assets/site.css"), { method: "POST" }), undefined);
  });
});
