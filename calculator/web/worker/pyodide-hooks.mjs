// The only globals the worker replaces, and why. Pyodide fetches its wasm and standard library with the global
// fetch() and instantiates the wasm with WebAssembly.instantiateStreaming(), with no option to hand it a response or
// a compiled module of our own; these two replacements give it the ones network.mjs started early, so that every file
// is requested once and the wasm is compiled while pyodide.asm.mjs loads. Anything else goes on as before.
// Guarded by tests/browser/test_calculator.py: test_pyodide_takes_the_files_the_worker_started_early (a first and a
// later visit: one request for each file, the module compiled early is the one instantiated) and
// test_missing_file_gives_a_message / test_a_broken_wasm_gives_a_message (failures still reach the page).
import { PYODIDE_BASE, STDLIB_URL, WASM_URL, fileName, mark } from "./env.mjs";
import { fatal } from "./failure.mjs";
import { checkedFetch, keptOrFetch } from "./network.mjs";

// early: what startEarly() returned.
export function handEarlyFilesToPyodide(early) {
  const pending = new Map([
    [WASM_URL, early.wasmResponse], // every time: its module is compiled once, see instantiateStreaming below
    [STDLIB_URL, early.stdlib],
  ]);
  self.fetch = (...args) => {
    const url = String(args[0]?.url || args[0]);
    const response = pending.get(url);
    if (response) {
      mark(`handed:${fileName(url)}`);
      if (url !== WASM_URL) pending.delete(url);
      return response;
    }
    if (url.startsWith(PYODIDE_BASE)) return keptOrFetch(...args);
    return checkedFetch(...args);
  };

  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    mark("wasm-instantiate-start");
    const response = await source;
    let result;
    try {
      if (response === (await early.wasmResponse.catch(() => null)) || response?.url === WASM_URL) {
        const module = await early.wasmModule;
        result = { module, instance: await WebAssembly.instantiate(module, imports) };
        mark("wasm-instantiated-early");
      } else {
        result = await instantiateStreaming(response, imports);
      }
    } catch (error) {
      // A broken wasm: Pyodide only logs it ("wasm instantiation failed") and never settles.
      fatal("runtime", `wasm instantiation failed: ${error}`);
      throw error;
    }
    mark("wasm-instantiated");
    return result;
  };
}
