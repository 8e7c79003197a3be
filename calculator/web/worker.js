// Jol calculator — module Web Worker: runs the rules package (migration_rules) on Pyodide, off the main thread.
// This is the entry module; the rest is in worker/, in load order (each imports only the ones above it):
//   env.mjs              where the files are, messages to the page, timing marks
//   snapshot-format.mjs  the packed format of the saved copy of Python
//   storage.mjs          the calculator's caches on the phone: Pyodide's files, the saved copy of Python
//   failure.mjs          "fatal" to the page, once
//   network.mjs          kept copy or network; the wasm, standard library and pyodide.asm.mjs started early
//   pyodide-hooks.mjs    the two globals replaced (self.fetch, WebAssembly.instantiateStreaming), and why
//   bridge.mjs           the Python the worker runs (the Python side: calculator/src/migration_rules/bridge.py)
//   start.mjs            starting Python: restored from the saved copy, or afresh
// hooks/calculator_assets.py bundles them into one file, assets/calculator/worker.js (one request), and fills in the
// __NAMES__ of env.mjs.
//
// Messages in:  {id, type: "calculate", request}        -> {id, ok: true, result: response}
//               {id, type: "ics", response, lang}        -> {id, ok: true, result: ics text}
//               {type: "start"}                          the page is in place (when started from its <head>)
// Messages out: {type: "progress", stage, done, total}    while loading
//               {type: "ready", from}                     once Python and the package are loaded; from: "fresh" or
//                                                         "snapshot" (restored from the copy saved on this phone)
//               {type: "fatal", what, detail}             a file is missing or broken ("runtime", "stdlib", "package")
//               {type: "timings", marks}                  timing marks (see env.mjs)
// Nothing leaves the phone: the only requests are for the site's own files.
//
// Pyodide's private or experimental APIs this worker relies on (Pyodide is pinned exactly in package.json), and the
// test that fails if one of them disappears or changes:
// - loadPyodide({_makeSnapshot: true}) and pyodide.makeMemorySnapshot() (@ignore / @private): saving the copy of
//   Python. tests/browser/test_snapshot_format.py (a real snapshot made under Node), test_calculator.py
//   test_a_later_visit_restores_the_copy_of_python_saved_on_the_phone, and the build (scripts/pyodide_stdlib.mjs verify).
// - loadPyodide({_loadSnapshot}) (@ignore), given the memory before it is complete: restoring it.
//   test_a_later_visit_restores_the_copy_of_python_saved_on_the_phone (engine "snapshot", same answers, offline too),
//   test_a_damaged_saved_copy_is_dropped_and_python_starts_afresh; the build checks a restored Python on every
//   worked example.
// - loadPyodide({createPyodideModule}) (@experimental), and the Emscripten settings it is given (preRun, onAbort):
//   the factory of pyodide.asm.mjs imported early. test_pyodide_takes_the_files_the_worker_started_early (the
//   "emscripten-start"/"emscripten-prerun" marks, pyodide.asm.mjs requested once).
// - Pyodide fetching pyodide.asm.wasm and python_stdlib.zip with the global fetch() and instantiating the wasm with
//   WebAssembly.instantiateStreaming() (internal behaviour, see pyodide-hooks.mjs):
//   test_pyodide_takes_the_files_the_worker_started_early, test_a_broken_wasm_gives_a_message.
import { FROM_HEAD, mark, post, run, sendTimings } from "./worker/env.mjs";
import { fatal, reportUncaughtErrors } from "./worker/failure.mjs";
import { startPython } from "./worker/start.mjs";

mark("worker-start");
reportUncaughtErrors();

// Started by the page script, the page is in place already; started from the <head>, the page says so.
let receiveStart;
const startReceived = new Promise((resolve) => (receiveStart = resolve));
if (!FROM_HEAD) receiveStart();

const ready = startPython(startReceived).then(
  (bridge) => {
    run.settled = true;
    post({ type: "ready", from: run.from });
    sendTimings();
    return bridge;
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
  let bridge;
  try {
    bridge = await ready;
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
