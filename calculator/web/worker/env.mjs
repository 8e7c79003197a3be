// Where the worker's files are, how it talks to the page, and its timing marks. Imports nothing.

// Filled in by hooks/calculator_assets.py when it bundles the worker; import.meta.url is then the bundle's own URL,
// assets/calculator/worker.js?v=<hash of the bundle>.
export const PYODIDE_BASE = new URL("../pyodide/__PYODIDE_VERSION__/", import.meta.url).href;
export const WASM_URL = PYODIDE_BASE + "pyodide.asm.wasm";
export const STDLIB_URL = new URL(PYODIDE_BASE + "python_stdlib.zip?v=__STDLIB_HASH__").href;
export const WHEEL_URL = new URL("__WHEEL_NAME__?v=__WHEEL_HASH__", import.meta.url).href;
// Pyodide's own lock-file "info", with no packages: passed inline so no lock file is requested.
export const LOCK_CONTENTS = "__LOCK_CONTENTS__";
// The key of the saved copy of Python carries the bundle's version, so a new build never restores an old copy.
const VERSION = new URL(import.meta.url).searchParams.get("v") || "dev";
export const SNAPSHOT_KEY = new URL(`python-snapshot.bin?v=${VERSION}`, import.meta.url).href;

// Started by the page's <head> when the site's service worker controls the page (overrides/calculator.html,
// block site_meta), the worker is named "jol-early", and the page script sends {type: "start"} once the page is in place.
export const FROM_HEAD = self.name === "jol-early";

// The browser's own fetch, taken before pyodide-hooks.mjs replaces self.fetch.
export const browserFetch = self.fetch.bind(self);

// What this start has come to: "fresh" or "snapshot" (Python restored from the copy saved on this phone); settled
// once "ready" or "fatal" has been sent.
export const run = { from: "fresh", settled: false };

export const post = (message) => self.postMessage(message);

// The download, in bytes as a static host sends them (gzip): every progress message carries how much of it has
// arrived (done) of the whole (total). The build measures each file (hooks/calculator_assets.py, download_sizes):
// {file name: [bytes sent, bytes unpacked]}. A file's share arrives as its unpacked bytes are read (a response body
// gives those), scaled to its bytes sent; a file kept on the phone counts as arrived at once.
export const DOWNLOAD_SIZES = "__DOWNLOAD_SIZES__";
const TOTAL = Object.values(DOWNLOAD_SIZES).reduce((sum, [sent]) => sum + sent, 0);
const arrived = new Map();
let stage = "runtime";
let lastSent = 0;
const sendProgress = () => {
  lastSent = performance.now();
  let done = 0;
  for (const bytes of arrived.values()) done += bytes;
  post({ type: "progress", stage, done: Math.round(done), total: TOTAL });
};
export const progress = (name) => {
  stage = name;
  sendProgress();
};
// `read` of a file's unpacked bytes have arrived (Infinity: all of it). At most ten messages a second, and the last.
export const received = (name, read) => {
  const size = DOWNLOAD_SIZES[name];
  if (!size) return;
  const [sent, unpacked] = size;
  arrived.set(name, read >= unpacked ? sent : (sent * read) / unpacked);
  const all = [...arrived.values()].reduce((sum, bytes) => sum + bytes, 0) >= TOTAL;
  if (all || performance.now() - lastSent > 100) sendProgress();
};

// Timings of each loading step (absolute times, ms since the epoch), sent to the page as "timings" messages; the page
// turns them into performance marks "jol-worker:<name>" (scripts/benchmark.py prints them, the browser tests read them).
const marks = [];
export const mark = (name) => marks.push([name, performance.timeOrigin + performance.now()]);
export const sendTimings = () => {
  if (marks.length) post({ type: "timings", marks: marks.splice(0) });
};
export const fileName = (url) => url.split("?")[0].split("/").pop();

// A file the calculator needs is missing or broken: what ("runtime", "stdlib", "package") goes to the page.
export class LoadError extends Error {
  constructor(what, detail) {
    super(`${what}: ${detail}`);
    this.what = what;
    this.detail = String(detail);
  }
}
