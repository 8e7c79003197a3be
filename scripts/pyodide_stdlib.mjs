// Node helper of tools/jol_build/stdlib.py: runs Pyodide (the pinned npm package) to find, compile and check the
// trimmed standard library. No network.
//
//   node scripts/pyodide_stdlib.mjs record  <wheel> <requests.json> <out modules.json>
//        Full standard library: load Pyodide, unpack the wheel, run the worker's bridge code (calculator/web/
//        worker/bridge.mjs) on every request (and .ics), raise one Python error; write every module in sys.modules.
//   node scripts/pyodide_stdlib.mjs compile <keep.json> <out.zip>
//        Compile the kept modules' sources INSIDE Pyodide (its Python 3.14 bytecode) into a zip of .pyc files.
//   node scripts/pyodide_stdlib.mjs verify  <stdlib.zip> <wheel> <requests.json> <expected.json>
//        Load Pyodide with ONLY the given standard library zip and the wheel — the files the site serves — run
//        the bridge on every request and compare each response with CPython's (expected.json); then the same
//        once more in a Pyodide restored from a memory snapshot, as the worker does on a later visit.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { BRIDGE_PYTHON, bridgeOf, unpackWheel } from "../calculator/web/worker/bridge.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [mode, ...args] = process.argv.slice(2);

process.on("unhandledRejection", (error) => {
  console.error(String(error?.message ?? error));
  process.exit(1);
});

async function start(stdLibURL, extra = {}) {
  const lock = JSON.parse(readFileSync(path.join(root, "node_modules/pyodide/pyodide-lock.json"), "utf-8"));
  const options = { lockFileContents: { info: lock.info, packages: {} }, packages: [], ...extra };
  if (stdLibURL) options.stdLibURL = stdLibURL;
  return loadPyodide(options);
}

// The same steps as the worker (calculator/web/worker/start.mjs), with the same code.
function installWheel(pyodide, wheel) {
  unpackWheel(pyodide, new Uint8Array(readFileSync(wheel)));
  pyodide.runPython(BRIDGE_PYTHON);
  return bridgeOf(pyodide);
}

function runAll(bridge, requests) {
  const responses = [];
  for (const request of requests) {
    const text = bridge.calculate(JSON.stringify(request));
    const response = JSON.parse(text);
    responses.push(response);
    if (response.deadlines && response.deadlines.length) bridge.ics(text, request.lang || "ky");
  }
  return responses;
}

if (mode === "record") {
  const [wheel, requestsFile, out] = args;
  const pyodide = await start(null);
  const bridge = installWheel(pyodide, wheel);
  runAll(bridge, JSON.parse(readFileSync(requestsFile, "utf-8")));
  try {
    pyodide.runPython("raise ValueError('a Python error, to load what formats it')");
  } catch {
    // expected
  }
  const modules = pyodide.runPython("import sys, json\njson.dumps(sorted(sys.modules))");
  writeFileSync(out, modules);
} else if (mode === "compile") {
  const [keepFile, out] = args;
  const pyodide = await start(null);
  pyodide.globals.set("keep_json", readFileSync(keepFile, "utf-8"));
  pyodide.runPython(`
import importlib._bootstrap_external as bx
import json, sys, zipfile

keep = json.loads(keep_json)
src = zipfile.ZipFile("/lib/python%d%d.zip" % sys.version_info[:2])
names = set(src.namelist())
stamp = (1980, 1, 1, 0, 0, 0)
with zipfile.ZipFile("/tmp/python_stdlib.zip", "w", zipfile.ZIP_STORED) as out:
    for path in keep:
        source = src.read(path)
        code = compile(source, "/lib/python%d%d.zip/" % sys.version_info[:2] + path, "exec", dont_inherit=True, optimize=2)
        data = bx._code_to_timestamp_pyc(code, 0, len(source))
        out.writestr(zipfile.ZipInfo(path[:-3] + ".pyc", stamp), bytes(data))
`);
  writeFileSync(out, pyodide.FS.readFile("/tmp/python_stdlib.zip"));
} else if (mode === "verify") {
  // Both ways the worker starts Python: afresh (making the memory snapshot it saves on the phone, before any
  // calculation) and restored from that snapshot. Each must answer every request exactly as CPython does.
  const [stdlib, wheel, requestsFile, expectedFile] = args;
  const requests = JSON.parse(readFileSync(requestsFile, "utf-8"));
  const expected = JSON.parse(readFileSync(expectedFile, "utf-8"));
  const compare = (how, got) => {
    let differing = 0;
    got.forEach((response, i) => {
      if (JSON.stringify(response) !== JSON.stringify(expected[i])) {
        differing += 1;
        if (differing <= 5) console.error(`${how}: differs: ${JSON.stringify(requests[i])}`);
      }
    });
    if (differing || got.length !== expected.length) {
      console.error(`${how}: ${differing} of ${expected.length} responses differ from CPython`);
      process.exit(1);
    }
  };
  const fresh = await start(path.resolve(stdlib), { _makeSnapshot: true });
  const info = fresh.runPython("import sys\nf'Python {sys.version.split()[0]}, stdlib from {sys.path}'");
  installWheel(fresh, wheel);
  const snapshot = fresh.makeMemorySnapshot();
  compare("started afresh", runAll(bridgeOf(fresh), requests));
  // As the worker does: answer before the wheel's files are put back (the modules and messages are in the snapshot).
  const restored = await start(path.resolve(stdlib), { _loadSnapshot: snapshot });
  compare("restored from the snapshot", runAll(bridgeOf(restored), requests));
  console.log(
    `${info}: ${requests.length} responses identical to CPython, started afresh and restored from a ` +
      `${(snapshot.length / 1e6).toFixed(1)} MB memory snapshot; .ics produced for each dated response`,
  );
} else {
  console.error("usage: node scripts/pyodide_stdlib.mjs record|compile|verify …");
  process.exit(2);
}
