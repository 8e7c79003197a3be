// What the calculator keeps on the phone, in Cache Storage (the site's service worker, overrides/sw.js, never stores
// these and leaves these caches alone). Nothing of it leaves the phone; clearing the browser's site data removes it.
//
// - "jol-calculator-files": Pyodide's files and the rules wheel of this build, for a quick start and for use without
//   a connection. After the first start the worker keeps there the copies of what it has just fetched (and the HTTP
//   cache's copies of the two scripts the browser imported): nothing is downloaded a second time.
// - "jol-calculator-snapshot": a ready-to-run copy of Python (a memory snapshot, packed by snapshot-format.mjs),
//   saved after the first start, before any request of the reader's, so it holds no date the reader typed. Its key
//   carries the worker's version: a new build never restores an old copy. A copy that cannot be restored is deleted.
// Both keep only the current build's entries. Where storage is blocked or full, Python starts the usual way.
import {
  PYODIDE_BASE,
  SNAPSHOT_KEY,
  STDLIB_URL,
  WASM_URL,
  WHEEL_URL,
  browserFetch,
  fileName,
  mark,
  sendTimings,
} from "./env.mjs";
import { packSnapshot, unpackSnapshot } from "./snapshot-format.mjs";

const FILES_CACHE = "jol-calculator-files";
const SNAPSHOT_CACHE = "jol-calculator-snapshot";
// Every file this build keeps (any other entry is an earlier build's).
const KEPT_FILES = [WASM_URL, STDLIB_URL, PYODIDE_BASE + "pyodide.asm.mjs", PYODIDE_BASE + "pyodide.mjs", WHEEL_URL];

// Each cache is opened once per start (every open is a round trip to the browser's storage, which is busy then).
// null where storage is blocked or unavailable (private mode, no secure context).
const openedCaches = new Map();
function openCache(name) {
  if (!openedCaches.has(name)) {
    openedCaches.set(name, self.caches ? self.caches.open(name).catch(() => null) : Promise.resolve(null));
  }
  return openedCaches.get(name);
}

export const canSaveSnapshot = async () => Boolean(await openCache(SNAPSHOT_CACHE));

// --- the saved copy of Python ------------------------------------------------------------------------------------

// The saved copy's response from the cache, or null (none, or storage blocked).
export async function savedSnapshot() {
  const cache = await openCache(SNAPSHOT_CACHE);
  try {
    return (cache && (await cache.match(SNAPSHOT_KEY))) || null;
  } catch {
    return null;
  }
}

// The saved copy being unpacked ({bytes, done}, see unpackSnapshot) from savedSnapshot()'s response, or null.
export async function readSnapshot(saved) {
  try {
    const response = await saved;
    if (!response) return null;
    const length = Number(response.headers.get("X-Jol-Length"));
    if (!response.body || !Number.isSafeInteger(length) || length <= 0) throw new Error("not a saved copy");
    const snapshot = unpackSnapshot(response.body, length);
    snapshot.done.then(() => mark("snapshot-read"), () => {});
    return snapshot;
  } catch (error) {
    console.warn(`Jol: the saved copy of Python could not be read (${error}); starting Python afresh.`);
    await forgetSnapshots();
    return null;
  }
}

// Keep only the current copy (older ones belong to earlier builds).
export async function storeSnapshot(bytes) {
  const cache = await openCache(SNAPSHOT_CACHE);
  if (!cache) return;
  try {
    for (const request of await cache.keys()) {
      if (request.url !== SNAPSHOT_KEY) await cache.delete(request);
    }
    const packed = packSnapshot(bytes);
    mark("snapshot-packed");
    const headers = { "Content-Type": "application/octet-stream", "X-Jol-Length": String(bytes.length) };
    await cache.put(SNAPSHOT_KEY, new Response(packed, { headers }));
    mark("snapshot-stored");
    sendTimings();
  } catch {
    // storage full or refused: the next visit starts Python the usual way
  }
}

export async function forgetSnapshots() {
  const cache = await openCache(SNAPSHOT_CACHE);
  if (!cache) return;
  try {
    for (const request of await cache.keys()) await cache.delete(request);
  } catch {
    // nothing more to do
  }
}

// --- Pyodide's files and the wheel -------------------------------------------------------------------------------

// Copies of what this start fetched, to keep once Python is ready (url -> Response).
const toKeep = new Map();

// This phone's kept copy of a file, or null (none kept, or storage blocked).
export async function keptCopy(url) {
  const cache = await openCache(FILES_CACHE);
  try {
    const kept = cache && (await cache.match(url));
    if (kept) {
      mark(`kept:${fileName(url)}`);
      return kept;
    }
  } catch {
    // none
  }
  return null;
}

// Remember a copy of a response this start fetched (if it can be kept), to keep once Python is ready.
export async function keepLater(url, response) {
  const cache = await openCache(FILES_CACHE);
  if (cache && response.ok && KEPT_FILES.includes(url) && !toKeep.has(url)) toKeep.set(url, response.clone());
}

export async function keepFiles() {
  const cache = await openCache(FILES_CACHE);
  if (!cache) return;
  try {
    for (const request of await cache.keys()) {
      if (!KEPT_FILES.includes(request.url)) await cache.delete(request); // an earlier build's files
    }
    for (const url of KEPT_FILES) {
      if (await cache.match(url)) continue;
      // What this start fetched itself, or (for the two scripts the browser imported) the HTTP cache's copy.
      const response =
        toKeep.get(url) || (await browserFetch(url, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null));
      if (response?.ok) await cache.put(url, response);
    }
    mark("files-kept");
    sendTimings();
  } catch (error) {
    // not kept this time (storage full or refused): the next visit reads them from the HTTP cache
    console.warn(`Jol: the calculator's files were not kept on this phone (${error}).`);
  } finally {
    toKeep.clear(); // the copies are large: never hold them longer
  }
}
