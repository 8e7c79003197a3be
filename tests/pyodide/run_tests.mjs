// Runs the rules package's test suite (calculator/tests) inside real Pyodide under Node, against the
// package's wheel, then checks that every worked example gives the same response as under CPython.
//
//   node tests/pyodide/run_tests.mjs <dir with the package wheel> <dir with the test tools' wheels>
//
// No network: Pyodide comes from node_modules, pytest and the other test tools from pure-Python wheels
// downloaded by `make setup`. Exit code: pytest's, or 1 when CPython and Pyodide disagree.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [packageDir = "dist", toolsDir = ".cache/pyodide-wheels"] = process.argv.slice(2);

const wheels = (dir) =>
  readdirSync(path.resolve(root, dir))
    .filter((name) => name.endsWith(".whl"))
    .map((name) => path.resolve(root, dir, name));

const packageWheels = wheels(packageDir).filter((file) => path.basename(file).startsWith("migration_rules-"));
if (packageWheels.length !== 1) {
  console.error(`expected exactly one migration_rules wheel in ${packageDir}, found ${packageWheels.length}`);
  process.exit(2);
}

// Errors: print the message only (Node would print a megabyte of minified source with the stack).
process.on("uncaughtException", (error) => {
  console.error(String(error?.message ?? error));
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  console.error(String(error?.message ?? error));
  process.exit(1);
});

const pyodide = await loadPyodide();
pyodide.setStdout({ write: (bytes) => (process.stdout.write(bytes), bytes.length) });
pyodide.setStderr({ write: (bytes) => (process.stderr.write(bytes), bytes.length) });
const sitePackages = pyodide.runPython("import os, sysconfig; os.path.normpath(sysconfig.get_path('purelib'))");
for (const file of [...wheels(toolsDir), packageWheels[0]]) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(file)), "wheel", { extractDir: sitePackages });
}

// The tests, read-only from the working tree, at the same path as in the repository.
pyodide.FS.mkdirTree("/jol/calculator/tests");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.join(root, "calculator/tests") }, "/jol/calculator/tests");

const code = pyodide.runPython(`
import os, sys
os.chdir("/jol")
import migration_rules
assert "/site-packages/migration_rules/" in migration_rules.__file__, migration_rules.__file__
print(f"Python {sys.version.split()[0]} on {sys.platform}; migration_rules from {migration_rules.__file__}")
import pytest
int(pytest.main(["-q", "-p", "no:cacheprovider", "-o", "console_output_style=classic", "calculator/tests"]))
`);

// Same answers as CPython, example by example (the worked examples of calculator/tests/examples).
const dump = (examples) => `
import json
from migration_rules import calculate
from migration_rules.dates import LANGUAGES
from migration_rules.examples import load_examples
print(json.dumps([[e.name, lang, calculate({**e.request, "lang": lang} if isinstance(e.request, dict) else e.request)]
                  for e in load_examples(${JSON.stringify(examples)}) for lang in LANGUAGES],
                 ensure_ascii=False, sort_keys=True))
`;
const inPyodide = pyodide.runPython(dump("/jol/calculator/tests/examples").replace("print(", "(")).toString();
const python = process.env.PYTHON || "python3";
const inCPython = execFileSync(python, ["-c", dump(path.join(root, "calculator/tests/examples"))], {
  cwd: root,
  encoding: "utf-8",
  maxBuffer: 64 << 20,
}).trim();
const a = JSON.parse(inPyodide);
const b = JSON.parse(inCPython);
const differing = a.filter((item, i) => JSON.stringify(item) !== JSON.stringify(b[i]));
if (a.length !== b.length || differing.length > 0) {
  console.error(`Pyodide and CPython disagree on ${differing.length} of ${a.length} worked examples:`);
  for (const [name, lang] of differing.slice(0, 10)) console.error(`  - ${name} [${lang}]`);
  process.exit(1);
}
console.log(`Pyodide and CPython give identical responses for all ${a.length} worked-example requests.`);
process.exit(code);
