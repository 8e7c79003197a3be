// The worker's side of the bridge to the rules package: the whole Python program it runs (the Python side is
// calculator/src/migration_rules/bridge.py). Imports nothing, so scripts/pyodide_stdlib.mjs (under Node, when the
// build trims and checks the standard library) runs these very steps.

// Run once after the wheel is unpacked, before the memory snapshot: prepare() reads every data file of the package
// and answers one made-up request, so that a Python restored from the snapshot answers at once.
export const BRIDGE_PYTHON = `
from migration_rules.bridge import calculate_json as jol_calculate, ics_text as jol_ics, prepare
prepare()
del prepare
`;

// The two functions the page's messages call (also in a Python restored from the snapshot: its globals are kept).
export function bridgeOf(pyodide) {
  return { calculate: pyodide.globals.get("jol_calculate"), ics: pyodide.globals.get("jol_ics") };
}

// Unpack the rules package's wheel (bytes) into Pyodide's site-packages.
export function unpackWheel(pyodide, wheel) {
  const sitePackages = pyodide.runPython("import sys\n[p for p in sys.path if p.endswith('site-packages')][0]");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
}
