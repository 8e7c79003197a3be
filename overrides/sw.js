// Jol offline support: a page once read stays readable without a connection.
//
// What this worker keeps, one cache for each kind:
// - "jol-pages": the pages read (navigations), from the network first, so a reader always gets the newest text when
//   online; the kept copy answers when the network fails. Kept across builds: an update never takes away what was
//   readable offline, and each page is replaced by its new version the next time it is read online. Until then, a
//   theme stylesheet of its build that is gone is answered with this build's version of it (thisBuildsStylesheet).
// - "jol-files-<build>": the site's own files of this build (the theme's hashed files and files requested with ?v=:
//   from the cache first, they never change; the others, such as the search index: from the cache at once, refreshed
//   in the background). The files every page needs (SHELL) are kept at install. When a new build takes over, the
//   caches of older builds are deleted.
// - Nothing of the calculator's own: Pyodide's files and the rules wheel are kept by the calculator's worker
//   (calculator/web/worker.js, caches "jol-calculator-…"); this worker answers them from there, else from the network.
// A write that fails (a full phone, blocked storage) never fails a response. Only this site's own files are handled;
// nothing is sent anywhere. The page that registers this worker posts the list of what it has just loaded, so the very
// first visit is kept too.
//
// After that first visit, the other pages of the reader's language and the files they load are kept too, one by one,
// so the whole guide reads offline in that language — but not when the phone saves data (Data Saver,
// navigator.connection.saveData): then only the pages read are kept. Each language has an offline page in its own
// words (offline.html in its folder, always kept): a page the phone does not have, asked for without a connection,
// gets it instead of the browser's own error page.
//
// BUILD, SHELL and LANGUAGES are written into the built site by hooks/offline.py (a hash of the build; the files every
// page loads; each language's offline page, pages and files).
const BUILD = "dev";
const SHELL = [];
const LANGUAGES = {};
const PAGES = "jol-pages";
const FILES = "jol-files-" + BUILD;
// Caches this worker leaves alone: the calculator's files and saved copy of Python (calculator/web/worker.js).
const CALCULATOR_CACHES = /^jol-calculator-/;
// The cache of the builds before caches were named by kind: its pages move to PAGES, then it is deleted.
const LEGACY = "jol-offline-v1";
const VERSIONED = [/\.[0-9a-f]{8}\.min\.(js|css)$/, /[?&]v=/];
// The calculator's own files: its worker keeps them in caches of its own, so this worker never stores them; it answers
// from whichever cache has them, else from the network.
const CALCULATOR_OWNED = [/\/assets\/pyodide\//, /\.whl(\?|$)/];

// The calculator's page files (calculator.js, calculator.css) carry their version in ?v=: a static route lets the
// browser take them from the caches directly (an exact match, so a new version comes from the network), without
// waking this worker, whose start-up and cache work would otherwise stand in the way of the calculator's start on
// a later visit. Chromium applies no static route to a Web Worker's requests: the calculator's worker.js and
// Pyodide's files go through the fetch handler below (the calculator keeps Pyodide's files itself, see
// calculator/web/worker.js); so does everything in browsers without static routes.
const CALCULATOR_PATHS = ["assets/calculator/*"];

// Keep the files every page needs (mostly from the browser's HTTP cache: the page that installs this worker has just
// loaded them). A file that cannot be kept now is kept the next time a page loads it.
async function keepShell() {
  try {
    const cache = await caches.open(FILES);
    const scope = self.registration.scope;
    await Promise.all(
      SHELL.map((path) =>
        cache.match(new URL(path, scope).href).then((hit) => hit || cache.add(new URL(path, scope).href)).catch(() => undefined),
      ),
    );
  } catch {
    // Storage blocked or full: pages still work online.
  }
}

self.addEventListener("install", (event) => {
  self.skipWaiting();
  const work = [keepShell()];
  if (typeof event.addRoutes === "function") {
    const scope = new URL(self.registration.scope).pathname;
    const routes = CALCULATOR_PATHS.map((path) => ({
      condition: { urlPattern: { pathname: scope + path } },
      source: "cache",
    }));
    work.push(event.addRoutes(routes).catch(() => undefined));
  }
  event.waitUntil(Promise.all(work));
});

// The pages kept by a build before caches were named by kind stay readable offline: they move to PAGES.
async function movePagesOfLegacyCache() {
  if (!(await caches.has(LEGACY))) return;
  const legacy = await caches.open(LEGACY);
  const pages = await caches.open(PAGES);
  for (const request of await legacy.keys()) {
    const path = new URL(request.url).pathname;
    if (!path.endsWith("/") && !path.endsWith(".html")) continue;
    const response = await legacy.match(request);
    if (response && !(await pages.match(request))) await pages.put(request, response);
  }
}

async function deleteOlderBuilds() {
  try {
    await movePagesOfLegacyCache();
  } catch {
    // Nothing could be moved (storage full or blocked): the old cache is deleted all the same.
  }
  const names = await caches.keys();
  const old = names.filter((name) => name.startsWith("jol-") && name !== PAGES && name !== FILES && !CALCULATOR_CACHES.test(name));
  await Promise.all(old.map((name) => caches.delete(name)));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(deleteOlderBuilds().catch(() => undefined));
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

// Keep a copy of a response. A write that fails (a full phone, storage blocked or cleared) never fails the response:
// the reader still gets what the network sent.
async function store(name, request, response) {
  if (response && response.ok && response.type === "basic") {
    try {
      const cache = await caches.open(name);
      await cache.put(request, response.clone());
    } catch {
      // Nothing kept this time; the page still shows.
    }
  }
  return response;
}

// Every page carries a hidden note after its title (hooks/reading.py, kept_note): the rules may have changed since
// the page was checked. A page answered from the copy kept on the phone shows it; a page kept by a build from before
// the note gets its language's note (LANGUAGES[lang].note) after its title.
const KEPT_NOTE = '<p class="jol-kept-note" hidden';
async function withKeptNote(copy, url) {
  try {
    const text = await copy.clone().text();
    let shown;
    if (text.includes(KEPT_NOTE)) {
      shown = text.replace(KEPT_NOTE, '<p class="jol-kept-note"');
    } else {
      const note = (LANGUAGES[languageOf(url)] || {}).note;
      if (!note || !text.includes("</h1>")) return copy;
      shown = text.replace("</h1>", `</h1>\n<p class="jol-kept-note" role="note">${note}</p>`);
    }
    const headers = new Headers(copy.headers);
    headers.delete("Content-Length");
    headers.delete("Content-Encoding");
    return new Response(shown, {
      status: copy.status,
      statusText: copy.statusText,
      headers,
    });
  } catch {
    return copy; // the copy as it is
  }
}

// How long a page read before waits for the network before the kept copy answers (on a slow connection).
const NETWORK_WAIT_MS = 4000;

// Pages: the network's answer when it comes in time; the kept copy (with its note shown) when the network fails,
// answers with a server error or is slower than NETWORK_WAIT_MS. A late answer from the network still replaces the
// kept copy.
async function networkFirst(request, event) {
  const kept = () =>
    caches
      .match(request, { ignoreSearch: true })
      .then((copy) => copy && withKeptNote(copy, request.url))
      .catch(() => undefined);
  const fromNetwork = fetch(request).then((response) =>
    response.status < 500 ? store(PAGES, request, response) : response,
  );
  event.waitUntil(fromNetwork.catch(() => undefined));
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_WAIT_MS, null);
  });
  try {
    const first = await Promise.race([fromNetwork, slow]);
    if (first && first.status < 500) return first;
    const copy = await kept();
    if (copy) return copy;
    return first || (await fromNetwork);
  } catch (error) {
    const copy = await kept();
    if (copy) return copy;
    const offline = await offlinePage(request.url);
    if (offline) return offline;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// The language of an address of this site: the first folder under the worker's scope ("ru/", "en/"), else Kyrgyz.
function languageOf(url) {
  const path = new URL(url).pathname.slice(new URL(self.registration.scope).pathname.length);
  const first = path.split("/")[0];
  const other = Object.keys(LANGUAGES).find((lang) => lang === first);
  return other || Object.keys(LANGUAGES).find((lang) => LANGUAGES[lang].offline === "offline.html") || first;
}

// The offline page of the address's language (or of any language the phone has), answering for that address. Its
// links are relative to its own folder, so a <base> points them there.
async function offlinePage(url) {
  const scope = self.registration.scope;
  const lang = languageOf(url);
  const order = [lang].concat(Object.keys(LANGUAGES).filter((other) => other !== lang));
  for (const code of order) {
    if (!LANGUAGES[code] || !LANGUAGES[code].offline) continue;
    const address = new URL(LANGUAGES[code].offline, scope).href;
    const copy = await caches.match(address).catch(() => undefined);
    if (!copy) continue;
    try {
      const text = (await copy.text()).replace("<head>", `<head><base href="${address}">`);
      return new Response(text, {
        status: 503,
        statusText: "Offline",
        headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
      });
    } catch {
      // The kept copy cannot be read: the browser's own page.
    }
  }
  return undefined;
}

// A page kept by an earlier build asks for that build's stylesheets, whose cache went when this build took over, and
// the server no longer has them (or there is no connection). This build's version of the same stylesheet answers
// (Material's main.<hash>.min.css found by its name without the hash, a file with ?v= by its path), so the kept page
// still reads as a page on a phone until it is read online again. Only stylesheets: an older page's scripts are not
// swapped for newer ones that may not fit it; its text and links work without them. The ?v= case only comes here in
// browsers without static routes: in Chromium the route above answers calculator.css from the caches or the network
// alone, so an older calculator page read offline has the site's styles but not the calculator's (its form then says
// that the calculator could not load, see overrides/calculator.html).
const HASHED = /\.[0-9a-f]{8}(\.min\.css)$/;
async function thisBuildsStylesheet(request) {
  const url = new URL(request.url);
  if (!url.pathname.endsWith(".css")) return undefined;
  const cache = await caches.open(FILES);
  if (/[?&]v=/.test(url.search)) return cache.match(request, { ignoreSearch: true });
  const name = url.pathname.replace(HASHED, "$1");
  if (name === url.pathname) return undefined;
  for (const kept of await cache.keys()) {
    if (new URL(kept.url).pathname.replace(HASHED, "$1") === name) return cache.match(kept);
  }
  return undefined;
}

async function cacheFirst(request, keep = true) {
  const cached = await caches.match(request).catch(() => undefined);
  if (cached) return cached;
  const instead = () => (keep ? thisBuildsStylesheet(request).catch(() => undefined) : undefined);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const other = await instead();
    if (other) return other;
    throw error;
  }
  if (!response.ok) return (await instead()) || response;
  return keep ? store(FILES, request, response) : response;
}

async function staleWhileRevalidate(request, event) {
  const cached = await caches.match(request).catch(() => undefined);
  const fresh = fetch(request).then((response) => store(FILES, request, response));
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
    event.respondWith(networkFirst(request, event));
  } else if (CALCULATOR_OWNED.some((pattern) => pattern.test(request.url))) {
    event.respondWith(cacheFirst(request, false));
  } else if (VERSIONED.some((pattern) => pattern.test(request.url))) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(staleWhileRevalidate(request, event));
  }
});

// Keep one address unless some cache has it already. A failure (no network, a full phone) keeps nothing.
function keepOne(url, name) {
  return caches
    .match(url)
    .then((hit) => hit || fetch(url).then((response) => store(name, url, response)))
    .catch(() => undefined);
}

function savesData(data) {
  const connection = self.navigator && self.navigator.connection;
  return Boolean(data.saveData || (connection && connection.saveData));
}

// The language's offline page (always: it is small), then, unless the phone saves data, the language's other pages
// and the files they load, one at a time, so the reader's own reading comes first.
async function keepLanguage(data) {
  const entry = LANGUAGES[data.lang];
  if (!entry) return;
  const scope = self.registration.scope;
  if (entry.offline) await keepOne(new URL(entry.offline, scope).href, FILES);
  if (savesData(data)) return;
  for (const page of entry.pages) await keepOne(new URL(page, scope).href, PAGES);
  for (const file of entry.files) await keepOne(new URL(file, scope).href, FILES);
}

// The registering page sends {type: "keep", urls: [...], lang, saveData}: the page itself and the files it loaded
// before this worker took control (from the browser's HTTP cache, so keeping them costs no extra data), the page's
// language and whether the phone saves data.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter(
    (url) => typeof url === "string" && sameOrigin(url) && !CALCULATOR_OWNED.some((pattern) => pattern.test(url)),
  );
  const page = urls.length ? urls[0] : null; // the registering page first, then the files it loaded
  event.waitUntil(
    Promise.all(urls.map((url) => keepOne(url, url === page ? PAGES : FILES))).then(() =>
      typeof data.lang === "string" ? keepLanguage(data).catch(() => undefined) : undefined,
    ),
  );
});
