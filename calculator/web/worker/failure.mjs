// Telling the page that the calculator cannot start: {type: "fatal", what, detail}, once.
import { post, run } from "./env.mjs";
import { forgetSnapshots } from "./storage.mjs";

export function fatal(what, detail) {
  if (run.settled) return;
  run.settled = true;
  // Restored from a saved copy and then failed: delete the copy, so that reloading the page starts Python afresh.
  const forget = run.from === "snapshot" ? forgetSnapshots() : Promise.resolve();
  forget.finally(() => post({ type: "fatal", what, detail: String(detail) }));
}

// Emscripten reports a broken wasm or an error while Python starts by aborting, which can leave loadPyodide()
// pending forever: the start's own errors reach the page this way.
export function reportUncaughtErrors() {
  self.addEventListener("unhandledrejection", (event) => fatal("runtime", event.reason));
  self.addEventListener("error", (event) => fatal("runtime", event.message));
}
