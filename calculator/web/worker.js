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
  // Start every download at once; the wasm is the big one and is streamed by Pyodide itself.
  const wheelPromise = fetchBytes(WHEEL_URL, "package", null);
  wheelPromise.catch(() => {});
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(PYODIDE_BASE + "pyodide.mjs"));
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
  } catch (error) {
    throw new LoadError(/stdlib|python_stdlib/i.test(String(error)) ? "stdlib" : "runtime", error);
  }
  progress("package", 0, 0);
  const wheel = await wheelPromise;
  try {
    const sitePackages = pyodide.runPython(
      "import sys\n[p for p in sys.path if p.endswith('site-packages')][0]",
    );
    pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    pyodide.runPython(BRIDGE);
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
self.fetch = async (...args) => {
  const response = await realFetch(...args);
  if (!response.ok && !settled) {
    const url = String(args[0]?.url || args[0]);
    if (/python_stdlib/.test(url)) fatal("stdlib", `HTTP ${response.status} for ${url}`);
    else if (/\.wasm/.test(url)) fatal("runtime", `HTTP ${response.status} for ${url}`);
  }
  return response;
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
      result = JSON.parse(bridge.calculate(JSON.stringify(event.data.request)));
    } else if (type === "ics") {
      result = bridge.ics(JSON.stringify(event.data.response), event.data.lang);
    } else {
      throw new Error(`unknown message type ${type}`);
    }
    post({ id, ok: true, result });
  } catch (error) {
    post({ id, ok: false, error: String(error) });
  }
};
