"""The format of the calculator's saved copy of Python (calculator/web/worker/snapshot-format.mjs), under Node.

The worker keeps a memory snapshot of Pyodide on the phone with its all-zero pages left out. These checks run the
worker's own packSnapshot/unpackSnapshot on edge cases and on a real Pyodide memory snapshot, the packed bytes arriving
as a stream in chunks of awkward sizes: what is unpacked must be byte for byte what was packed, and a damaged copy must
be refused (the worker then starts Python afresh).
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.pyodide  # Pyodide under Node

SCRIPT = r"""
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

import { packSnapshot, unpackSnapshot, PACK_PAGE } from "./calculator/web/worker/snapshot-format.mjs";

const same = (a, b) => a.length === b.length && a.every((value, i) => value === b[i]);
// The packed bytes as a stream, cut into chunks of awkward sizes (as a cache's response body arrives).
const streamOf = (bytes, sizes = [1, 7, 16, 3, 4096, 5000, 65536]) => {
  let at = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = sizes[turn++ % sizes.length];
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
};
const unpack = async (packed, length) => {
  const { bytes, done } = unpackSnapshot(streamOf(packed), length);
  await done;
  return bytes;
};
const refused = async (packed, length) => {
  try {
    await unpack(packed, length);
    return false;
  } catch {
    return true;
  }
};
const results = {};
const page = PACK_PAGE;
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 251 + 1;  // never 0
const cases = {
  one_byte: new Uint8Array([5]),
  all_zero: new Uint8Array(3 * page),
  no_zero_page: Uint8Array.from({ length: 2 * page + 5 }, random),
  odd_length_tail: (() => { const b = new Uint8Array(3 * page + 3); b[3 * page + 2] = 9; return b; })(),
  one_byte_per_page: (() => {
    const b = new Uint8Array(5 * page);
    b[page] = 1;
    b[5 * page - 1] = 2;
    return b;
  })(),
};
for (const [name, bytes] of Object.entries(cases)) {
  const packed = packSnapshot(bytes);
  const roundtrip = same(await unpack(packed, bytes.length), bytes);
  results[name] = { roundtrip, packed: packed.length, raw: bytes.length };
}

const lock = JSON.parse(readFileSync("node_modules/pyodide/pyodide-lock.json", "utf-8"));
const pyodide = await loadPyodide({
  lockFileContents: { info: lock.info, packages: {} }, packages: [], _makeSnapshot: true,
});
pyodide.runPython("import json, datetime");
const snapshot = pyodide.makeMemorySnapshot();
const packed = packSnapshot(snapshot);
const n = snapshot.length;
results.pyodide = { roundtrip: same(await unpack(packed, n), snapshot), packed: packed.length, raw: n };
const longer = new Uint8Array(packed.length + 4);
longer.set(packed);
results.refused = {
  truncated: await refused(packed.subarray(0, packed.length - 1), n),
  longer: await refused(longer, n),
  other_length: await refused(packed, n + 4096),
  not_packed: await refused(snapshot, n),
  garbage: await refused(new Uint8Array(1000).fill(7), n),
  too_short: await refused(new Uint8Array(8), n),
};
console.log(JSON.stringify(results));
"""


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, object]]:
    if shutil.which("node") is None:
        pytest.fail("Node is needed (make setup installs it)")
    command = ["node", "--input-type=module", "-e", SCRIPT]  # from the project root, so "pyodide" resolves
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", ["one_byte", "all_zero", "no_zero_page", "odd_length_tail", "one_byte_per_page"])
def test_packing_then_unpacking_gives_back_the_same_bytes(results: dict[str, dict[str, object]], case: str) -> None:
    assert results[case]["roundtrip"] is True


def test_all_zero_pages_are_left_out(results: dict[str, dict[str, object]]) -> None:
    assert results["all_zero"]["packed"] == 16 + 4  # header and one byte per page, nothing else
    assert results["one_byte_per_page"]["packed"] == 16 + 8 + 2 * 4096
    assert results["no_zero_page"]["packed"] == 16 + 4 + 2 * 4096 + 5


def test_a_real_pyodide_snapshot_roundtrips_and_shrinks(results: dict[str, dict[str, object]]) -> None:
    pyodide = results["pyodide"]
    assert pyodide["roundtrip"] is True
    assert isinstance(pyodide["raw"], int) and isinstance(pyodide["packed"], int)
    assert pyodide["raw"] > 10_000_000
    assert pyodide["packed"] < pyodide["raw"] * 0.6


@pytest.mark.parametrize("damage", ["truncated", "longer", "other_length", "not_packed", "garbage", "too_short"])
def test_a_damaged_copy_is_refused(results: dict[str, dict[str, object]], damage: str) -> None:
    assert results["refused"][damage] is True
