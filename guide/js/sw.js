// The site's service worker: the offline copy. The build (guide/offline.py) writes it to the
// site's root as sw.js, with OFFLINE filled in: the build's hash, the site's own files (the pages
// and assets, then the engine's runtime) and the runtime's key. A classic script, not a module,
// so that every browser engine in use can run it.
//
// - Install: the pages and assets of this build go into the cache "rupture-guide-<build>",
//   fetched past the HTTP cache, so a copy is never a mix of two builds.
// - Activate: every older "rupture-guide-" cache is deleted (the snapshot of the current
//   runtime excepted), and open pages are taken over at once.
// - Pages: the network first (revalidated past the HTTP cache), so that online a new build
//   shows on the next load; offline, this build's copy (or its 404 page). Once a page shows that
//   a newer build is published, or a newer worker is installing or waiting, this worker serves
//   nothing more from its copy (the page's files, and its engine worker's, come from the network)
//   and asks to be updated; the new worker then takes over with a copy of the new build.
// - "activate": a page that sees a newer worker waiting asks it to take over at once.
// - Other files: this build's copy first, the network otherwise.
// - "complete": a page asks for the copy to be completed, the runtime included; the answer says
//   whether it is. Pages ask once the engine has loaded, or when idle and data saving is off.
// Only the site's own files are ever stored: no address with a query, nothing from another
// origin, nothing the clinician enters (answers live in the address's fragment, which is never
// sent to a server or a service worker).

/* global OFFLINE */
const CACHE = `rupture-guide-${OFFLINE.build}`;
const KEEP = new Set([CACHE, `rupture-guide-snapshot-${OFFLINE.runtimeKey}`]);
const BUILD_META = /<meta name="rupture-guide-build" content="([0-9a-f]+)"/;
const scoped = (path) => new URL(path, self.registration.scope).href;
const FILES = [...OFFLINE.shell, ...OFFLINE.runtime].map(scoped);
const NOT_FOUND = scoped("404.html");
let outdated = false;  // a page showed that a newer build than this worker's is published
// Kept by the browser, so true after a restart too: a newer worker is installing or waiting.
const newerOnItsWay = () => outdated || Boolean(self.registration.installing || self.registration.waiting);

const fresh = (url) => new Request(url, { cache: "no-cache", credentials: "same-origin" });

// Files being copied now, by address: a page that asks for one meanwhile waits for the copy
// instead of downloading it a second time (the guide opened while its runtime is on its way).
const copying = new Map();

async function store(cache, urls) {
  for (const url of urls) {
    const copied = (async () => {
      const response = await fetch(fresh(url));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      // The reader may have removed the copy meanwhile (the scope page's button): keep nothing.
      if (!(await caches.has(CACHE))) throw new Error("the offline copy was removed");
      await cache.put(url, response);
    })();
    copying.set(url, copied);
    try {
      await copied;
    } finally {
      copying.delete(url);
    }
  }
}

// Copy into this build's cache the files it does not hold yet.
async function copyMissing(urls) {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((request) => request.url));
  await store(cache, urls.filter((url) => !have.has(url)));
}

self.addEventListener("install", (event) => {
  event.waitUntil(copyMissing(OFFLINE.shell.map(scoped)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("rupture-guide-") && !KEEP.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const reply = (answer) => event.ports[0]?.postMessage(answer);
  if (event.data?.type === "build") reply({ build: OFFLINE.build });
  if (event.data?.type === "activate") self.skipWaiting();  // a page saw this worker waiting

  if (event.data?.type === "complete") {
    event.waitUntil(copyMissing(FILES).then(
      () => reply({ complete: true, build: OFFLINE.build }),
      (error) => reply({ complete: false, error: String(error) }),
    ));
  }
});

// A page's cache key: its address without query or fragment, "index.html" as its folder.
function pageKey(url) {
  const path = url.pathname.endsWith("/index.html") ? url.pathname.slice(0, -"index.html".length) : url.pathname;
  return url.origin + path;
}

async function page(event) {
  const url = new URL(event.request.url);
  try {
    const response = await fetch(fresh(event.request.url));
    const build = BUILD_META.exec(await response.clone().text())?.[1];
    if (build && build !== OFFLINE.build) {
      outdated = true;
      self.registration.update().catch(() => {});
    }
    // A navigation may not be answered with a redirected response: redirect the browser instead.
    return response.redirected ? Response.redirect(response.url, 301) : response;
  } catch (error) {
    // Read only from a copy that exists: opening it would make it again after a removal.
    if (!(await caches.has(CACHE))) throw error;
    const copy = (await caches.match(pageKey(url), { cacheName: CACHE })) || (await caches.match(NOT_FOUND, { cacheName: CACHE }));
    if (copy) return copy;
    throw error;
  }
}

async function file(event) {
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
  const copy = (await caches.has(CACHE)) && (await caches.match(event.request.url, { cacheName: CACHE }));
  return copy || fetch(event.request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (!url.search) event.respondWith(file(event));
});
