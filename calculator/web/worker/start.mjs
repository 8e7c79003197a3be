// Starting Python: restored from the copy saved on this phone when there is one, else afresh (then saving a copy).
import { BRIDGE_PYTHON, bridgeOf, unpackWheel } from "./bridge.mjs";
import {
  FROM_HEAD,
  LOCK_CONTENTS,
  LoadError,
  PYODIDE_BASE,
  STDLIB_URL,
  WASM_URL,
  WHEEL_URL,
  mark,
  progress,
  received,
  run,
} from "./env.mjs";
import { fatal } from "./failure.mjs";
import { keptOrFetch, startEarly } from "./network.mjs";
import { handEarlyFilesToPyodide } from "./pyodide-hooks.mjs";
import {
  canSaveSnapshot,
  forgetSnapshots,
  keepFiles,
  keptCopy,
  readSnapshot,
  savedSnapshot,
  storeSnapshot,
} from "./storage.mjs";

// The Emscripten module factory for loadPyodide's createPyodideModule option: the one of pyodide.asm.mjs as imported
// early, with timing marks, and an abort (a broken wasm, Python failing to start) reported to the page.
function moduleFactory(asmModule, beforeReady = async () => {}) {
  return async (settings) => {
    const factory = (await asmModule).default;
    mark("emscripten-start");
    settings.preRun = [() => mark("emscripten-prerun"), ...(settings.preRun || [])];
    settings.onAbort = (what) => fatal("runtime", `Aborted(${what})`);
    const module = await factory(settings);
    mark("emscripten-ready");
    await beforeReady();
    return module;
  };
}

function wheelBytes() {
  const bytes = keptOrFetch(WHEEL_URL).then(async (response) => {
    if (!response.ok) throw new LoadError("package", `HTTP ${response.status} for ${WHEEL_URL}`);
    return new Uint8Array(await response.arrayBuffer());
  });
  bytes.catch(() => {});
  return bytes;
}

async function installWheel(pyodide, wheel) {
  const bytes = await wheel;
  mark("wheel-fetched");
  unpackWheel(pyodide, bytes);
  mark("wheel-unpacked");
}

// The running Python's bridge (see bridge.mjs); afterwards, in the background, the files and the copy are kept.
export async function startPython(startReceived) {
  progress("runtime");
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
  // Every download at once, the wasm first: it is the big one, compiled while it streams in, and the longest step of
  // a later visit too; the saved copy of Python is unpacked meanwhile.
  const early = startEarly(keptWasm);
  handEarlyFilesToPyodide(early);
  const snapshotPromise = readSnapshot(FROM_HEAD ? saved : savedSnapshot());
  const wheel = wheelBytes();
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(PYODIDE_BASE + "pyodide.mjs"));
    mark("pyodide.mjs");
    received("pyodide.mjs", Infinity);
  } catch (error) {
    throw new LoadError("runtime", error);
  }
  const options = {
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
    run.from = "snapshot";
    try {
      // Pyodide takes the memory now and restores it once Emscripten is set up: by then the copy must be complete.
      const createPyodideModule = moduleFactory(early.asmModule, () => snapshot.done);
      const pyodide = await loadPyodide({ ...options, createPyodideModule, _loadSnapshot: snapshot.bytes });
      mark("pyodide-init");
      const bridge = bridgeOf(pyodide);
      mark("first-import");
      // The package is imported and its messages loaded (the build checks that a restored Python answers every
      // worked example without them); its files are put back afterwards all the same, for anything read later.
      setTimeout(async () => {
        await installWheel(pyodide, wheel).catch(() => {});
        await keepFiles();
      }, 0);
      return bridge;
    } catch (error) {
      console.warn(`Jol: the saved copy of Python could not be used (${error}); starting Python afresh.`);
      run.from = "fresh";
      await forgetSnapshots();
    }
  }

  const canSave = await canSaveSnapshot();
  let pyodide;
  try {
    const createPyodideModule = moduleFactory(early.asmModule);
    pyodide = await loadPyodide({ ...options, createPyodideModule, _makeSnapshot: canSave });
    mark("pyodide-init");
  } catch (error) {
    throw new LoadError(/stdlib|python_stdlib/i.test(String(error)) ? "stdlib" : "runtime", error);
  }
  progress("package");
  let bridge;
  try {
    await installWheel(pyodide, wheel);
    pyodide.runPython(BRIDGE_PYTHON);
    bridge = bridgeOf(pyodide);
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
  return bridge;
}
