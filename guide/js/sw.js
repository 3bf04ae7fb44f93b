// The site's service worker: the offline copy. The build (guide/offline.py) writes it to the
// site's root as sw.js, with OFFLINE filled in; a classic script, so that every browser engine in
// use can run it. Tests: tests/js/service-worker.test.mjs, tests/browser/test_offline.py.
//
// Three caches, each named for what decides its content (the table: docs/contributing.md#offline):
// "rupture-guide-<build>" (this build's pages, assets, and the engine's wheel and lock file),
// "rupture-guide-runtime-<key>" (the Pyodide runtime, keyed by a hash of its files only, so a new
// build that keeps it downloads none of it again) and "rupture-guide-snapshot-<key>" (the
// engine's memory snapshot, which the engine writes). Named handlers, as in Workbox, without its
// query-string cache keys (nothing with a query is stored; answers live in the fragment, unsent).
// One update path: install precaches the pages, then calls skipWaiting; pages never ask. Open
// pages need nothing from the old worker (one of an older build gets the network, and
// offline-updates.mjs), so waiting for a page's word would add a path and leave workers waiting.

/* global OFFLINE */
const PREFIX = "rupture-guide-";
const PAGES_CACHE = `${PREFIX}${OFFLINE.build}`;
const runtimeCache = (key) => `${PREFIX}runtime-${key}`;
const RUNTIME_CACHE = runtimeCache(OFFLINE.runtime.key);
const SNAPSHOT_CACHE = `${PREFIX}snapshot-${OFFLINE.snapshotKey}`;
const CURRENT_CACHES = new Set([PAGES_CACHE, RUNTIME_CACHE, SNAPSHOT_CACHE]);
const scoped = (path) => new URL(path, self.registration.scope).href;
const SHELL = OFFLINE.shell.map(scoped);
const ENGINE = OFFLINE.engine.map(scoped);
const RUNTIME = OFFLINE.runtime.files.map(scoped);
const NOT_FOUND = scoped("404.html");
const PAGE_META = /<meta name="rupture-guide-(build|runtime)" content="([0-9a-f]+)">/g;
const HEAD_READ_AT_MOST = 16_384; // characters: the metas come first in <head>

let outdated = false; // a page showed that a newer build than this worker's is published
let pageRuntimeKey = null; // the runtime key the newest page named (null: none seen yet)
// Kept by the browser, so true after a restart too: a newer worker is installing or waiting.
const newerOnItsWay = () => outdated || Boolean(self.registration.installing || self.registration.waiting);

const fresh = (url) => new Request(url, { cache: "no-cache", credentials: "same-origin" });
// Read only from a cache that exists (opening one would make it again after a removal).
const fromCache = async (name, url) => (await caches.has(name)) && (await caches.match(url, { cacheName: name }));

// Files being copied now, by address: a page that asks for one meanwhile waits for the copy
// instead of downloading it a second time (the guide opened while its runtime is on its way).
const copying = new Map();

// Copy into a cache the files it does not hold yet, fetched past the HTTP cache so that a copy
// is never a mix of two builds.
async function precache(name, urls) {
  const cache = await caches.open(name);
  const have = new Set((await cache.keys()).map((request) => request.url));
  for (const url of urls.filter((each) => !have.has(each))) {
    const copied = (async () => {
      const response = await fetch(fresh(url));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      // The reader may have removed the copy meanwhile (the scope page's button): keep nothing.
      if (!(await caches.has(name))) throw new Error("the offline copy was removed");
      await cache.put(url, response);
    })();
    copying.set(url, copied);
    await copied.finally(() => copying.delete(url));
  }
}

const completeCopy = () => precache(PAGES_CACHE, [...SHELL, ...ENGINE]).then(() => precache(RUNTIME_CACHE, RUNTIME));

async function cleanupOutdatedCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && !CURRENT_CACHES.has(name)) await caches.delete(name);
  }
}

async function enableNavigationPreload() {
  await self.registration.navigationPreload?.enable();
}

// What a page's head says: the build it belongs to, and the runtime key it needs.
function noticePage({ build, runtime }) {
  pageRuntimeKey = runtime ?? null;
  if (build && build !== OFFLINE.build) {
    outdated = true;
    self.registration.update().catch(() => {});
  }
}

// The page passed on as it arrives (never read whole first), its head read on the way.
function readingItsHead(response) {
  if (!response.body || !/^text\/html/.test(response.headers.get("content-type") || "")) return response;
  const decoder = new TextDecoder();
  let head = "";
  const done = () => {
    noticePage(Object.fromEntries([...head.matchAll(PAGE_META)].map(([, name, value]) => [name, value])));
    head = null;
  };
  const reader = new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      if (head === null) return;
      head += decoder.decode(chunk, { stream: true });
      if (head.includes("</head>") || head.length >= HEAD_READ_AT_MOST) done();
    },
    flush() {
      if (head !== null) done();
    },
  });
  const { status, statusText, headers } = response;
  return new Response(response.body.pipeThrough(reader), { status, statusText, headers });
}

// A page's cache key: its address without query or fragment, "index.html" as its folder.
function pageKey(url) {
  const path = url.pathname.endsWith("/index.html") ? url.pathname.slice(0, -"index.html".length) : url.pathname;
  return url.origin + path;
}

// The preloaded page, when the network says it is the one published: the browser may have
// answered the preload from its HTTP cache, with a page of a build replaced since. A HEAD request,
// sent alongside, gives the published page's validators.
const validators = (response) => ["etag", "last-modified"].map((name) => response.headers.get(name) || "").join("|");

async function preloadedIfCurrent(event) {
  const published = fetch(event.request.url, { method: "HEAD", cache: "no-store", credentials: "same-origin" });
  const [preloaded, current] = await Promise.all(
    [Promise.resolve(event.preloadResponse), published].map((p) => p.catch(() => null)),
  );
  if (!preloaded?.ok || !current?.ok || validators(preloaded) === "|") return null;
  return validators(preloaded) === validators(current) ? preloaded : null;
}

// The network first, passed on as a stream; offline, this build's copy (or its 404 page).
async function handleNavigation(event) {
  try {
    const response = (await preloadedIfCurrent(event)) || (await fetch(fresh(event.request.url)));
    // A navigation may not be answered with a redirected response: redirect the browser instead.
    return response.redirected ? Response.redirect(response.url, 301) : readingItsHead(response);
  } catch (error) {
    const url = new URL(event.request.url);
    return (
      (await fromCache(PAGES_CACHE, pageKey(url))) || (await fromCache(PAGES_CACHE, NOT_FOUND)) || Promise.reject(error)
    );
  }
}

// From the runtime cache of the key the newest page named (so an update that keeps the runtime
// fetches none of it), the network otherwise.
async function handleRuntimeFile(event) {
  const key = newerOnItsWay() ? pageRuntimeKey : OFFLINE.runtime.key;
  await copying.get(event.request.url)?.catch(() => {});
  const copy = key && (await fromCache(runtimeCache(key), event.request.url));
  if (copy) return copy;
  const network = fetch(event.request, newerOnItsWay() ? { cache: "no-cache" } : {});
  return network.catch(async (error) => (await fromCache(RUNTIME_CACHE, event.request.url)) || Promise.reject(error));
}

async function handleSiteFile(event) {
  // Once a newer build is out, its files come from the network, past the HTTP cache too; the
  // copy only without a network (then the pages come from the copy as well).
  if (newerOnItsWay()) {
    try {
      return await fetch(event.request, { cache: "no-cache" });
    } catch {
      // offline: this build's copy, below
    }
  }
  await copying.get(event.request.url)?.catch(() => {});
  return (await fromCache(PAGES_CACHE, event.request.url)) || fetch(event.request);
}

// Which handler answers a request, if any: only this site's GET requests, never one with a query.
function handlerFor(request) {
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return null;
  if (request.mode === "navigate") return handleNavigation;
  if (new URL(request.url).search) return null;
  return RUNTIME.includes(request.url) ? handleRuntimeFile : handleSiteFile;
}

function handleMessage(event) {
  const reply = (answer) => event.ports[0]?.postMessage(answer);
  if (event.data?.type === "build") reply({ build: OFFLINE.build });
  if (event.data?.type === "complete") {
    event.waitUntil(
      completeCopy().then(
        () => reply({ complete: true, build: OFFLINE.build }),
        (error) => reply({ complete: false, error: String(error) }),
      ),
    );
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache(PAGES_CACHE, SHELL).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(Promise.all([cleanupOutdatedCaches(), enableNavigationPreload()]).then(() => self.clients.claim()));
});

self.addEventListener("message", handleMessage);

self.addEventListener("fetch", (event) => {
  const handler = handlerFor(event.request);
  if (handler) event.respondWith(handler(event));
});
