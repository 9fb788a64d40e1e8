// The offline posyandu day's service worker (docs/offline.md "What is stored where"). It keeps the shell page, its
// scripts and styles and the rule data; the register and the records live in IndexedDB, never here.
const VERSION = "{{ version }}";
const CACHE = "si-posyandu-shell-" + VERSION;
const PRECACHE = {{ precache|safe }};
const SHELL = "{{ shell }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { credentials: "same-origin" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("si-posyandu-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The shell and the rule data: the network first (a new release, a new language), the stored copy without
// signal. Hashed static files: the stored copy first.
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const stored = await cache.match(key);
    if (stored) return stored;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const stored = await cache.match(request);
  if (stored) return stored;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(networkFirst(request, SHELL));
  } else if (PRECACHE.includes(url.pathname) && !url.pathname.endsWith(".json")) {
    event.respondWith(cacheFirst(request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});

// Logging out on this phone forgets the shell page (it names the user); the records stay in IndexedDB.
self.addEventListener("message", (event) => {
  if (event.data === "forget-shell") {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(SHELL)));
  }
});
