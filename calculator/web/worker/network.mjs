// Getting Pyodide's files: from this phone's kept copies, else the network (through the browser's HTTP cache); the
// big ones requested as soon as the worker starts.
import { FROM_HEAD, PYODIDE_BASE, STDLIB_URL, WASM_URL, browserFetch, fileName, mark, received } from "./env.mjs";
import { fatal } from "./failure.mjs";
import { keepLater, keptCopy } from "./storage.mjs";

// The network, with timing marks; a missing standard library or wasm is reported to the page at once.
export async function checkedFetch(...args) {
  const url = String(args[0]?.url || args[0]);
  mark(`fetch-start:${fileName(url)}`);
  const response = await browserFetch(...args);
  mark(`fetch-headers:${fileName(url)}`);
  if (!response.ok) {
    if (/python_stdlib/.test(url)) fatal("stdlib", `HTTP ${response.status} for ${url}`);
    else if (/\.wasm/.test(url)) fatal("runtime", `HTTP ${response.status} for ${url}`);
  }
  return response;
}

// The page's progress bar: a copy of the response's body is read as it arrives, its bytes counted (env.mjs, received).
function countArriving(url, response) {
  if (!response.ok || !response.body) return;
  const name = fileName(String(url?.url || url)); // a Request, a URL or a string, as fetch() takes them
  const reader = response.clone().body.getReader();
  let read = 0;
  const next = () =>
    reader.read().then(({ done, value }) => {
      if (done) return received(name, Infinity);
      read += value.byteLength;
      received(name, read);
      return next();
    });
  next().catch(() => {});
}

// The network, with a copy to keep once Python is ready.
export async function fetchToKeep(url, ...rest) {
  const response = await checkedFetch(url, ...rest);
  await keepLater(url, response);
  countArriving(url, response);
  return response;
}

// A kept copy of a file, or the network.
export async function keptOrFetch(url, ...rest) {
  const kept = await keptCopy(url);
  if (kept) received(fileName(String(url?.url || url)), Infinity);
  return kept || fetchToKeep(url, ...rest);
}

// Pyodide only asks for the wasm (and compiles it) once its 1.2 MB pyodide.asm.mjs has been fetched, parsed and run;
// on a phone that is a long time. So the worker requests the wasm, the standard library and pyodide.asm.mjs as soon
// as it starts, and compiles the wasm with WebAssembly.compileStreaming while the JavaScript loads.
// pyodide-hooks.mjs hands these to Pyodide when it asks for them. On a later visit the wasm is compiled again: Chromium
// keeps compiled wasm code (V8's code cache) for a response from the network or its HTTP cache, but not for the copy
// read from this worker's Cache Storage (its V8.WasmCodeCaching histogram said "no cache handler" on every later
// visit, 7 December 2026). Reading the HTTP cache's copy instead does hit the code cache, but the later visit was no
// faster (two side-by-side runs of 7 visits: the module was ready 30-55 ms later, Python's start about as much
// sooner), and the HTTP cache may have dropped it: the kept copy is used.
//
// keptWasm: the kept copy of the wasm when the worker started from the page's <head> has looked it up already.
export function startEarly(keptWasm) {
  const options = { credentials: "same-origin" };
  let wasmResponse;
  if (keptWasm) {
    wasmResponse = Promise.resolve(keptWasm);
    received(fileName(WASM_URL), Infinity);
  }
  else wasmResponse = FROM_HEAD ? fetchToKeep(WASM_URL, options) : keptOrFetch(WASM_URL, options);
  // The standard library is read to its last byte at once (a response body that nobody reads yet stops arriving);
  // Pyodide gets it complete when it asks.
  const stdlib = keptOrFetch(STDLIB_URL).then(async (response) => {
    if (!response.ok) return response;
    const body = await response.arrayBuffer();
    mark("stdlib-body");
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  });
  stdlib.catch(() => {});
  const wasmModule = wasmResponse.then((response) => {
    mark("wasm-compile-start");
    return WebAssembly.compileStreaming(response);
  });
  wasmModule.then(() => mark("wasm-compiled"), () => {});
  const asmModule = import(PYODIDE_BASE + "pyodide.asm.mjs"); // the module Pyodide would import itself
  // An imported script's bytes cannot be counted as they arrive: it counts once imported.
  asmModule.then(() => {
    mark("asm.mjs-imported");
    received("pyodide.asm.mjs", Infinity);
  }, () => {});
  return { wasmResponse, wasmModule, stdlib, asmModule };
}
