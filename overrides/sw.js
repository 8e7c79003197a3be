// Jol offline support: a page once read stays readable without a connection.
//
// - Pages (navigations): from the network first, so a reader always gets the newest text when online; the copy in
//   the cache answers when the network fails.
// - Files whose name carries a version (Material's hashed assets, /assets/pyodide/<version>/, the rules wheel,
//   files requested with ?v=...): from the cache first — they never change, and re-downloading them would cost
//   the reader metered data.
// - Other files (search index, stylesheet): from the cache at once, refreshed in the background.
// Only this site's own files are handled; nothing is sent anywhere. The page that registers this worker posts the
// list of what it has just loaded, so the very first visit is kept too.
const CACHE = "jol-offline-v1";
// Caches this worker leaves alone: the calculator's saved copy of Python (calculator/web/worker.js manages it).
const KEEP = /^jol-calculator-/;
const VERSIONED = [/\.[0-9a-f]{8}\.min\.(js|css)$/, /\/assets\/pyodide\//, /\.whl$/, /[?&]v=/];
// The calculator's own files: its worker keeps them in caches of its own (calculator/web/worker.js), so this worker
// never stores them; it answers from whichever cache has them, else from the network.
const CALCULATOR_OWNED = [/\/assets\/pyodide\//, /\.whl(\?|$)/];

// The calculator's page files (calculator.js, calculator.css) carry their version in ?v=: a static route lets the
// browser take them from the caches directly (an exact match, so a new version comes from the network), without
// waking this worker, whose start-up and cache work would otherwise stand in the way of the calculator's start on
// a later visit. Chromium applies no static route to a Web Worker's requests: the calculator's worker.js and
// Pyodide's files go through the fetch handler below (the calculator keeps Pyodide's files itself, see
// calculator/web/worker.js); so does everything in browsers without static routes.
const CALCULATOR_PATHS = ["assets/calculator/*"];

self.addEventListener("install", (event) => {
  self.skipWaiting();
  if (typeof event.addRoutes !== "function") return;
  const scope = new URL(self.registration.scope).pathname;
  const routes = CALCULATOR_PATHS.map((path) => ({
    condition: { urlPattern: { pathname: scope + path } },
    source: "cache",
  }));
  event.waitUntil(event.addRoutes(routes).catch(() => undefined));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name !== CACHE && !KEEP.test(name)).map((name) => caches.delete(name))),
      ),
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

// Keep a copy of a response. A write that fails (a full phone, storage blocked or cleared) never fails the response:
// the reader still gets what the network sent.
async function store(request, response) {
  if (response && response.ok && response.type === "basic") {
    try {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    } catch {
      // Nothing kept this time; the page still shows.
    }
  }
  return response;
}

async function networkFirst(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true }).catch(() => undefined);
    if (cached) return cached;
    throw error;
  }
  return store(request, response);
}

async function cacheFirst(request, keep = true) {
  const cached = await caches.match(request).catch(() => undefined);
  if (cached) return cached;
  const response = await fetch(request);
  return keep ? store(request, response) : response;
}

async function staleWhileRevalidate(request, event) {
  const cached = await caches.match(request).catch(() => undefined);
  const fresh = fetch(request).then((response) => store(request, response));
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url) || request.headers.has("range")) return;
  // The calculator copying its files from the HTTP cache into its own cache (calculator/web/worker.js).
  if (request.cache === "only-if-cached") return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (CALCULATOR_OWNED.some((pattern) => pattern.test(request.url))) {
    event.respondWith(cacheFirst(request, false));
  } else if (VERSIONED.some((pattern) => pattern.test(request.url))) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(staleWhileRevalidate(request, event));
  }
});

// The registering page sends {type: "keep", urls: [...]}: the page itself and the files it loaded before this worker
// took control. They come from the browser's HTTP cache, so keeping them costs no extra data.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter(
    (url) => typeof url === "string" && sameOrigin(url) && !CALCULATOR_OWNED.some((pattern) => pattern.test(url)),
  );
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          urls.map((url) =>
            cache.match(url).then((hit) => hit || fetch(url).then((response) => store(url, response))).catch(() => undefined),
          ),
        ),
      )
      .catch(() => undefined),
  );
});
