// Jol calculator — module Web Worker: runs the rules package (migration_rules) on Pyodide, off the main thread.
// Built into the site by hooks/calculator_assets.py, which fills in the __NAMES__ below.
//
// Messages in:  {id, type: "calculate", request}        -> {id, ok: true, result: response}
//               {id, type: "ics", response, lang}        -> {id, ok: true, result: ics text}
//               {type: "start"}                          the page is in place (when started from its <head>)
// Messages out: {type: "progress", stage, done, total}    while loading
//               {type: "ready", from}                     once Python and the package are loaded; from: "fresh" or
//                                                         "snapshot" (restored from the copy saved on this phone)
//               {type: "fatal", what, detail}             a file is missing or broken ("runtime", "stdlib", "package")
// Nothing leaves the phone: the only requests are for the site's own files.

const PYODIDE_BASE = new URL("../pyodide/__PYODIDE_VERSION__/", import.meta.url).href;
const WHEEL_URL = new URL("__WHEEL_NAME__?v=__WHEEL_HASH__", import.meta.url).href;
const STDLIB_URL = PYODIDE_BASE + "python_stdlib.zip?v=__STDLIB_HASH__";
// Pyodide's own lock-file "info", with no packages: passed inline so no lock file is requested.
const LOCK_CONTENTS = "__LOCK_CONTENTS__";

// The Python side of the bridge. scripts/trim_stdlib.py runs this same code when it records what the calculator
// imports, so keep it between the BRIDGE markers.
const BRIDGE = `
# BRIDGE-START
from migration_rules.bridge import calculate_json as jol_calculate, ics_text as jol_ics, prepare

prepare()  # every data file read and one made-up request answered before the memory snapshot
del prepare
# BRIDGE-END
`;

// Started by the page's <head> when the site's service worker controls the page (hooks/calculator_assets.py,
// EARLY_START), the worker is named "jol-early", and the page script sends {type: "start"} once the page is in place.
// Started by the page script, it is in place already.
const FROM_HEAD = self.name === "jol-early";
let receiveStart;
const startReceived = new Promise((resolve) => (receiveStart = resolve));
if (!FROM_HEAD) receiveStart();

// Timings of each loading step (absolute times, ms since the epoch), sent to the page as "timings" messages; the page
// turns them into performance marks "jol-worker:<name>" (scripts/benchmark.py prints them).
const marks = [];
const mark = (name) => marks.push([name, performance.timeOrigin + performance.now()]);
mark("worker-start");
const sendTimings = () => {
  if (marks.length) post({ type: "timings", marks: marks.splice(0) });
};

const post = (message) => self.postMessage(message);
const progress = (stage, done, total) => post({ type: "progress", stage, done, total });

class LoadError extends Error {
  constructor(what, detail) {
    super(`${what}: ${detail}`);
    this.what = what;
    this.detail = String(detail);
  }
}

let pyodide = null;
let bridge = null;
let from = "fresh"; // "snapshot" when Python was restored from this phone's saved copy (see below)

// A ready-to-run copy of Python, kept on this phone after the first visit.
//
// Starting Python and importing the rules package is most of the calculator's start-up. After the first start, the
// worker saves Pyodide's memory (a "memory snapshot": Python started, the package imported, its messages loaded and
// one made-up request answered — before any request of the reader's, so it holds no date the reader typed) in the
// browser's Cache Storage, and later visits restore it instead of
// starting Python again. The key carries this worker's version (which names the Pyodide version, the standard
// library and the wheel), so a new build never restores an old copy. A copy that cannot be restored is deleted and
// Python starts the usual way. Nothing of it leaves the phone; clearing the browser's site data removes it.
const SNAPSHOT_CACHE = "jol-calculator-snapshot";

// Each cache is opened once per start (every open is a round trip to the browser's storage, which is busy then).
const openedCaches = new Map();
// null where storage is blocked or unavailable (private mode, no secure context): Python then starts the usual way.
function openCache(name) {
  if (!openedCaches.has(name)) {
    openedCaches.set(name, self.caches ? self.caches.open(name).catch(() => null) : Promise.resolve(null));
  }
  return openedCaches.get(name);
}
const SNAPSHOT_KEY = new URL(`python-snapshot.bin?v=${new URL(import.meta.url).searchParams.get("v") || "dev"}`, import.meta.url).href;

// SNAPSHOT-FORMAT-START
// The saved copy leaves out the memory pages that are all zeros (about two thirds of Pyodide's memory): it takes
// less room on the phone and is read back faster. Layout: four 32-bit words (PACK_MAGIC, length, page size, number
// of pages), one byte per page (1 = kept), zero padding to a multiple of 4, then the kept pages in order.
const PACK_MAGIC = 0x314c4f4a; // "JOL1"
const PACK_PAGE = 4096;

function packSnapshot(bytes) {
  const pages = Math.ceil(bytes.length / PACK_PAGE);
  const kept = new Uint8Array(pages);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteOffset % 4 ? 0 : bytes.length >> 2);
  let keptBytes = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * PACK_PAGE;
    const end = Math.min(start + PACK_PAGE, bytes.length);
    let nonzero = false;
    if (words.length && end % 4 === 0) {
      for (let i = start >> 2; i < end >> 2; i++) {
        if (words[i] !== 0) {
          nonzero = true;
          break;
        }
      }
    } else {
      for (let i = start; i < end; i++) {
        if (bytes[i] !== 0) {
          nonzero = true;
          break;
        }
      }
    }
    if (nonzero) {
      kept[page] = 1;
      keptBytes += end - start;
    }
  }
  const head = 16 + Math.ceil(pages / 4) * 4;
  const out = new Uint8Array(head + keptBytes);
  new Uint32Array(out.buffer, 0, 4).set([PACK_MAGIC, bytes.length, PACK_PAGE, pages]);
  out.set(kept, 16);
  let at = head;
  for (let page = 0; page < pages; page++) {
    if (!kept[page]) continue;
    const chunk = bytes.subarray(page * PACK_PAGE, Math.min((page + 1) * PACK_PAGE, bytes.length));
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// The inverse of packSnapshot, as the packed bytes arrive: returns at once the memory (`bytes`, `length` bytes, its
// all-zero pages already in place) and a promise (`done`) that settles once every kept page has been copied in, or
// rejects on anything that is not a complete packed copy of that length. So Pyodide can set itself up while the
// copy is still being read.
function unpackSnapshot(stream, length) {
  const bytes = new Uint8Array(length);
  const done = (async () => {
    const reader = stream.getReader();
    const head = new Uint8Array(16);
    let headFill = 0;
    let kept = null;
    let keptFill = 0;
    let keptSize = 0; // bitmap and padding
    let pages = 0;
    let page = -1; // the kept page being filled
    let pageFill = 0;
    let pageSize = 0;
    const nextPage = () => {
      do page += 1;
      while (page < pages && !kept[page]);
      pageFill = 0;
      pageSize = page < pages ? Math.min(PACK_PAGE, length - page * PACK_PAGE) : 0;
    };
    for (;;) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      let i = 0;
      while (i < value.length) {
        if (headFill < 16) {
          const n = Math.min(16 - headFill, value.length - i);
          head.set(value.subarray(i, i + n), headFill);
          headFill += n;
          i += n;
          if (headFill < 16) continue;
          const [magic, packedLength, pageSizeWord, pageCount] = new Uint32Array(head.buffer);
          if (magic !== PACK_MAGIC || pageSizeWord !== PACK_PAGE || packedLength !== length) {
            throw new Error("not a saved copy");
          }
          if (pageCount !== Math.ceil(length / PACK_PAGE)) throw new Error("not a saved copy");
          pages = pageCount;
          kept = new Uint8Array(pages);
          keptSize = Math.ceil(pages / 4) * 4;
          if (keptSize === 0) nextPage();
        } else if (keptFill < keptSize) {
          const n = Math.min(keptSize - keptFill, value.length - i);
          if (keptFill < pages) kept.set(value.subarray(i, i + Math.min(n, pages - keptFill)), keptFill);
          keptFill += n;
          i += n;
          if (keptFill === keptSize) nextPage();
        } else {
          if (page >= pages) throw new Error("the saved copy is longer than it should be");
          const n = Math.min(pageSize - pageFill, value.length - i);
          bytes.set(value.subarray(i, i + n), page * PACK_PAGE + pageFill);
          pageFill += n;
          i += n;
          if (pageFill === pageSize) nextPage();
        }
      }
    }
    if (headFill < 16 || keptFill < keptSize || page < pages) throw new Error("the saved copy is incomplete");
  })();
  done.catch(() => {}); // whoever awaits it sees the error; it must not count as unhandled
  return { bytes, done };
}
// SNAPSHOT-FORMAT-END

// The saved copy's response from the cache, or null (none, or storage blocked).
async function savedSnapshot() {
  const cache = await openCache(SNAPSHOT_CACHE);
  try {
    return (cache && (await cache.match(SNAPSHOT_KEY))) || null;
  } catch {
    return null;
  }
}

// The saved copy (see unpackSnapshot) from savedSnapshot()'s response, or null.
async function readSnapshot(saved) {
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
async function storeSnapshot(bytes) {
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

async function forgetSnapshots() {
  const cache = await openCache(SNAPSHOT_CACHE);
  if (!cache) return;
  try {
    for (const request of await cache.keys()) await cache.delete(request);
  } catch {
    // nothing more to do
  }
}

async function installWheel(wheelPromise) {
  const wheel = await wheelPromise;
  mark("wheel-fetched");
  const sitePackages = pyodide.runPython("import sys\n[p for p in sys.path if p.endswith('site-packages')][0]");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  mark("wheel-unpacked");
}

async function load() {
  progress("runtime", 0, 0);
  // Started from the page's <head> while the page is still loading: go on at once only if this phone keeps both the
  // wasm and the saved copy of Python of this build (a light start, from its caches). Otherwise (nothing kept yet, a
  // new build, storage blocked) downloading Pyodide or starting Python afresh would compete with the page's own
  // loading for the processor: wait until the page script says the page is in place.
  let keptWasm = null;
  let saved = null;
  if (FROM_HEAD) {
    [keptWasm, saved] = await Promise.all([keptCopy(WASM_URL), savedSnapshot()]);
    if (!keptWasm || !saved) {
      await startReceived;
      mark("start-received");
    }
  }
  // Start every download at once, the wasm first: it is the big one, compiled while it streams in, and the longest
  // step of a later visit too; the saved copy of Python is unpacked meanwhile.
  startEarly(keptWasm);
  const snapshotPromise = readSnapshot(FROM_HEAD ? saved : savedSnapshot());
  const wheelPromise = keptOrFetch(WHEEL_URL).then(async (response) => {
    if (!response.ok) throw new LoadError("package", `HTTP ${response.status} for ${WHEEL_URL}`);
    return new Uint8Array(await response.arrayBuffer());
  });
  wheelPromise.catch(() => {});
  let loadPyodide;
  let createPyodideModule;
  try {
    ({ loadPyodide } = await import(PYODIDE_BASE + "pyodide.mjs"));
    mark("pyodide.mjs");
    const factory = (await asmModule).default;
    createPyodideModule = (settings) => {
      mark("emscripten-start");
      settings.preRun = [() => mark("emscripten-prerun"), ...(settings.preRun || [])];
      return factory(settings).then((module) => {
        mark("emscripten-ready");
        return module;
      });
    };
  } catch (error) {
    throw new LoadError("runtime", error);
  }
  const options = {
    createPyodideModule,
    indexURL: PYODIDE_BASE,
    stdLibURL: STDLIB_URL,
    lockFileContents: LOCK_CONTENTS,
    packages: [],
    fullStdLib: false,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  };
  const snapshot = await snapshotPromise;
  if (snapshot) {
    from = "snapshot";
    try {
      // Pyodide takes the memory now and restores it once it is set up: by then the copy must be complete.
      const whenRead = (settings) =>
        createPyodideModule(settings).then(async (module) => {
          await snapshot.done;
          return module;
        });
      pyodide = await loadPyodide({ ...options, createPyodideModule: whenRead, _loadSnapshot: snapshot.bytes });
      mark("pyodide-init");
      bridge = { calculate: pyodide.globals.get("jol_calculate"), ics: pyodide.globals.get("jol_ics") };
      mark("first-import");
      // The package is imported and its messages loaded (the build checks that a restored Python answers every
      // worked example without them); its files are put back afterwards all the same, for anything read later.
      setTimeout(async () => {
        await installWheel(wheelPromise).catch(() => {});
        await keepFiles();
      }, 0);
      return;
    } catch (error) {
      console.warn(`Jol: the saved copy of Python could not be used (${error}); starting Python afresh.`);
      from = "fresh";
      pyodide = null;
      await forgetSnapshots();
    }
  }
  const canSave = Boolean(await openCache(SNAPSHOT_CACHE));
  try {
    pyodide = await loadPyodide({ ...options, _makeSnapshot: canSave });
    mark("pyodide-init");
  } catch (error) {
    throw new LoadError(/stdlib|python_stdlib/i.test(String(error)) ? "stdlib" : "runtime", error);
  }
  progress("package", 0, 0);
  try {
    await installWheel(wheelPromise);
    pyodide.runPython(BRIDGE);
    mark("first-import");
  } catch (error) {
    throw new LoadError("package", error);
  }
  let snapshotBytes = null;
  if (canSave) {
    // Before any request of the reader's, so the copy holds nothing the reader typed. Saved in the background.
    try {
      snapshotBytes = pyodide.makeMemorySnapshot();
      mark("snapshot-made");
    } catch (error) {
      console.warn(`Jol: no saved copy of Python this time (${error}).`);
    }
  }
  setTimeout(async () => {
    if (snapshotBytes) await storeSnapshot(snapshotBytes);
    await keepFiles();
  }, 0);
  try {
    bridge = { calculate: pyodide.globals.get("jol_calculate"), ics: pyodide.globals.get("jol_ics") };
  } catch (error) {
    throw new LoadError("package", error);
  }
}

// Emscripten reports a missing or broken wasm file by aborting, which can leave loadPyodide() pending forever:
// catch that here so the page can say so.
let settled = false;
const fatal = (what, detail) => {
  if (settled) return;
  settled = true;
  // Restored from a saved copy and then failed: delete the copy, so that reloading the page starts Python afresh.
  const forget = from === "snapshot" ? forgetSnapshots() : Promise.resolve();
  forget.finally(() => post({ type: "fatal", what, detail: String(detail) }));
};
self.addEventListener("unhandledrejection", (event) => fatal("runtime", event.reason));
// A missing file: every fetch Pyodide makes goes through here.
const realFetch = self.fetch.bind(self);
async function checkedFetch(...args) {
  const url = String(args[0]?.url || args[0]);
  const name = url.split("?")[0].split("/").pop();
  mark(`fetch-start:${name}`);
  const response = await realFetch(...args);
  mark(`fetch-headers:${name}`);
  if (!response.ok && !settled) {
    if (/python_stdlib/.test(url)) fatal("stdlib", `HTTP ${response.status} for ${url}`);
    else if (/\.wasm/.test(url)) fatal("runtime", `HTTP ${response.status} for ${url}`);
  }
  return response;
}
// The calculator's own files kept on the phone (Cache Storage), for a quick start and for use without a connection.
// After the first start the worker keeps there the copies of what it has just fetched (and the HTTP cache's copies of
// the two scripts the browser imported) — never downloading anything a second time — and later starts read them from
// there directly. The site's service worker (overrides/sw.js) serves
// them from this cache too when a page asks for them offline, and leaves this cache alone.
const FILES_CACHE = "jol-calculator-files";

// Copies of what this start fetched, to keep once Python is ready (url -> Response).
const toKeep = new Map();

// This phone's kept copy of a file, or null (none kept, or storage blocked).
async function keptCopy(url) {
  const cache = await openCache(FILES_CACHE);
  try {
    const kept = cache && (await cache.match(url));
    if (kept) {
      mark(`kept:${url.split("?")[0].split("/").pop()}`);
      return kept;
    }
  } catch {
    // none
  }
  return null;
}

// A kept copy of a file, or the network (through the browser's HTTP cache).
async function keptOrFetch(url, ...rest) {
  return (await keptCopy(url)) || fetchToKeep(url, ...rest);
}

// The network (through the browser's HTTP cache), with a copy to keep once Python is ready.
async function fetchToKeep(url, ...rest) {
  const cache = await openCache(FILES_CACHE);
  const response = await checkedFetch(url, ...rest);
  if (cache && response.ok && !toKeep.has(url)) toKeep.set(url, response.clone());
  return response;
}

async function keepFiles() {
  const cache = await openCache(FILES_CACHE);
  if (!cache) return;
  const wanted = [
    WASM_URL,
    new URL(STDLIB_URL).href,
    PYODIDE_BASE + "pyodide.asm.mjs",
    PYODIDE_BASE + "pyodide.mjs",
    WHEEL_URL,
  ];
  try {
    for (const request of await cache.keys()) {
      if (!wanted.includes(request.url)) await cache.delete(request); // an earlier build's files
    }
    for (const url of wanted) {
      if (await cache.match(url)) continue;
      // What this start fetched itself, or (for the two scripts the browser imported) the HTTP cache's copy.
      const response =
        toKeep.get(url) || (await realFetch(url, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null));
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

// Requests started early (see startEarly()), handed to Pyodide when it asks for the same URL: one request each
// (the wasm's response every time: its module is compiled once, see instantiateStreaming below).
const early = new Map();
self.fetch = (...args) => {
  const url = String(args[0]?.url || args[0]);
  const pending = early.get(url);
  if (pending) {
    if (url !== WASM_URL) early.delete(url);
    return pending;
  }
  if (url.startsWith(PYODIDE_BASE)) return keptOrFetch(...args);
  return checkedFetch(...args);
};

// Pyodide only asks for the wasm (and compiles it) once its 1.2 MB pyodide.asm.mjs has been fetched, parsed and run;
// on a phone that is a long time. So the worker requests the wasm, the standard library and pyodide.asm.mjs as soon
// as it starts, and compiles the wasm with WebAssembly.compileStreaming while the JavaScript loads. Streaming
// compilation of a Response with Content-Type application/wasm is also what lets the browser cache the compiled code
// (V8's wasm code cache), so a second visit skips most of the compiling. When Pyodide then calls
// instantiateStreaming with its (same, early) response, it gets an instance of the module compiled here.
const WASM_URL = PYODIDE_BASE + "pyodide.asm.wasm";
let wasmModule = null;
let wasmResponse = null;
let asmModule = null;
// Started from the page's <head>, load() has looked the wasm up already: keptWasm is the kept copy, or null.
function startEarly(keptWasm) {
  const options = { credentials: "same-origin" };
  if (keptWasm) wasmResponse = Promise.resolve(keptWasm);
  else wasmResponse = FROM_HEAD ? fetchToKeep(WASM_URL, options) : keptOrFetch(WASM_URL, options);
  early.set(WASM_URL, wasmResponse);
  // The standard library is read to its last byte at once (a response body that nobody reads yet stops arriving);
  // Pyodide gets it complete when it asks.
  const stdlib = keptOrFetch(new URL(STDLIB_URL).href).then(async (response) => {
    if (!response.ok) return response;
    const body = await response.arrayBuffer();
    mark("stdlib-body");
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  });
  stdlib.catch(() => {});
  early.set(new URL(STDLIB_URL).href, stdlib);
  wasmModule = wasmResponse.then((response) => {
    mark("wasm-compile-start");
    return WebAssembly.compileStreaming(response);
  });
  wasmModule.then(() => mark("wasm-compiled"), () => {});
  asmModule = import(PYODIDE_BASE + "pyodide.asm.mjs"); // the module Pyodide would import itself
  asmModule.then(() => mark("asm.mjs-imported"), () => {});
}
const realInstantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  mark("wasm-instantiate-start");
  const response = await source;
  let result;
  if (wasmModule && (response === (await wasmResponse.catch(() => null)) || response?.url === WASM_URL)) {
    const module = await wasmModule; // a broken wasm rejects here, and Pyodide reports it ("wasm instantiation failed")
    result = { module, instance: await WebAssembly.instantiate(module, imports) };
  } else {
    result = await realInstantiateStreaming(response, imports);
  }
  mark("wasm-instantiated");
  return result;
};
// A broken wasm file: Emscripten says so on the console and aborts.
const realWarn = console.warn.bind(console);
console.warn = (...args) => {
  realWarn(...args);
  if (/wasm instantiation failed|failed to asynchronously prepare wasm|^Aborted\(/i.test(String(args[0]))) {
    fatal("runtime", String(args[0]));
  }
};
self.addEventListener("error", (event) => fatal("runtime", event.message));

const ready = load().then(
  () => {
    settled = true;
    post({ type: "ready", from });
    sendTimings();
  },
  (error) => {
    fatal(error.what || "runtime", error.detail || error);
    throw error;
  },
);
ready.catch(() => {});

self.onmessage = async (event) => {
  const { id, type } = event.data;
  if (type === "start") {
    receiveStart();
    return;
  }
  try {
    await ready;
  } catch {
    post({ id, ok: false, error: "not loaded" });
    return;
  }
  try {
    let result;
    if (type === "calculate") {
      mark("calculate-start");
      result = JSON.parse(bridge.calculate(JSON.stringify(event.data.request)));
      mark("calculate-end");
    } else if (type === "ics") {
      result = bridge.ics(JSON.stringify(event.data.response), event.data.lang);
    } else {
      throw new Error(`unknown message type ${type}`);
    }
    post({ id, ok: true, result });
    sendTimings();
  } catch (error) {
    post({ id, ok: false, error: String(error) });
  }
};
