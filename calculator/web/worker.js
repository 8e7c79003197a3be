// Jol calculator — module Web Worker: runs the rules package (migration_rules) on Pyodide, off the main thread.
// Built into the site by hooks/calculator_assets.py, which fills in the __NAMES__ below.
//
// Messages in:  {id, type: "calculate", request}        -> {id, ok: true, result: response}
//               {id, type: "ics", response, lang}        -> {id, ok: true, result: ics text}
// Messages out: {type: "progress", stage, done, total}    while loading
//               {type: "ready"}                           once Python and the package are loaded
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
import json
import migration_rules
import migration_rules.ics

def jol_calculate(text):
    return json.dumps(migration_rules.calculate(json.loads(text)), ensure_ascii=False)

def jol_ics(text, lang):
    to_ics = migration_rules.ics.to_ics
    code = to_ics.__code__
    if "lang" in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
        return to_ics(json.loads(text), lang=lang)
    return to_ics(json.loads(text))
# BRIDGE-END
`;

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

// Fetch a file of the site with progress; a missing file (404) or a network error is a LoadError.
async function fetchBytes(url, what, stage) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new LoadError(what, error);
  }
  if (!response.ok) throw new LoadError(what, `HTTP ${response.status} for ${url}`);
  const total = Number(response.headers.get("Content-Length")) || 0;
  if (!response.body || !stage) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let done = 0;
  for (;;) {
    const { done: finished, value } = await reader.read();
    if (finished) break;
    chunks.push(value);
    done += value.length;
    progress(stage, done, total);
  }
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

let pyodide = null;
let bridge = null;

async function load() {
  progress("runtime", 0, 0);
  // Start every download at once; the wasm is the big one and is compiled while it streams in.
  startEarly();
  const wheelPromise = fetchBytes(WHEEL_URL, "package", null);
  wheelPromise.catch(() => {});
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(PYODIDE_BASE + "pyodide.mjs"));
    mark("pyodide.mjs");
  } catch (error) {
    throw new LoadError("runtime", error);
  }
  try {
    pyodide = await loadPyodide({
      indexURL: PYODIDE_BASE,
      stdLibURL: STDLIB_URL,
      lockFileContents: LOCK_CONTENTS,
      packages: [],
      fullStdLib: false,
      stdout: () => {},
      stderr: (line) => console.warn(line),
    });
    mark("pyodide-init");
  } catch (error) {
    throw new LoadError(/stdlib|python_stdlib/i.test(String(error)) ? "stdlib" : "runtime", error);
  }
  progress("package", 0, 0);
  const wheel = await wheelPromise;
  mark("wheel-fetched");
  try {
    const sitePackages = pyodide.runPython(
      "import sys\n[p for p in sys.path if p.endswith('site-packages')][0]",
    );
    pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    mark("wheel-unpacked");
    pyodide.runPython(BRIDGE);
    mark("first-import");
    bridge = {
      calculate: pyodide.globals.get("jol_calculate"),
      ics: pyodide.globals.get("jol_ics"),
    };
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
  post({ type: "fatal", what, detail: String(detail) });
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
  if (/python_stdlib/.test(url)) {
    // Pyodide reads the standard library with arrayBuffer(): mark when its last byte has arrived.
    const arrayBuffer = response.arrayBuffer.bind(response);
    response.arrayBuffer = async () => {
      const buffer = await arrayBuffer();
      mark("stdlib-body");
      return buffer;
    };
  }
  if (!response.ok && !settled) {
    if (/python_stdlib/.test(url)) fatal("stdlib", `HTTP ${response.status} for ${url}`);
    else if (/\.wasm/.test(url)) fatal("runtime", `HTTP ${response.status} for ${url}`);
  }
  return response;
}
// Requests started early (see startEarly()), handed to Pyodide when it asks for the same URL: one request each.
const early = new Map();
self.fetch = (...args) => {
  const url = String(args[0]?.url || args[0]);
  const pending = early.get(url);
  if (pending) {
    early.delete(url);
    return pending;
  }
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
function startEarly() {
  const wasmResponse = checkedFetch(WASM_URL, { credentials: "same-origin" });
  early.set(WASM_URL, wasmResponse);
  early.set(new URL(STDLIB_URL).href, checkedFetch(STDLIB_URL));
  wasmModule = wasmResponse.then((response) => {
    mark("wasm-compile-start");
    return WebAssembly.compileStreaming(response);
  });
  wasmModule.then(() => mark("wasm-compiled"), () => {});
  import(PYODIDE_BASE + "pyodide.asm.mjs").catch(() => {}); // the same module Pyodide imports (fetched once)
}
const realInstantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  mark("wasm-instantiate-start");
  const response = await source;
  let result;
  if (wasmModule && response?.url === WASM_URL) {
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
    post({ type: "ready" });
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
