"""The calculator's worker is written as ES modules (calculator/web/worker.js and worker/*.mjs) and served as one file,
bundled by hooks/calculator_assets.py (bundle_worker). Run under Node: the bundle must behave as the modules do."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sitetools import load_hook

from .conftest import ROOT

WEB = ROOT / "calculator" / "web"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "entry.mjs"


def run_node(script: Path) -> str:
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, check=False, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_served_worker_is_every_worker_module_in_load_order(tmp_path: Path) -> None:
    bundle = load_hook("calculator_assets").bundle_worker(WEB / "worker.js")
    modules = [line.removeprefix("// module ") for line in bundle.splitlines() if line.startswith("// module ")]
    assert sorted(modules[:-1]) == sorted(f"worker/{path.name}" for path in (WEB / "worker").glob("*.mjs"))
    assert modules[-1] == "worker.js"
    # each module after those it imports (the bundler's order), env first, start last before the entry
    assert modules[0] == "worker/env.mjs" and modules[-2] == "worker/start.mjs"
    assert (
        modules.index("worker/storage.mjs") < modules.index("worker/failure.mjs") < modules.index("worker/network.mjs")
    )
    assert not [line for line in bundle.splitlines() if line.startswith(("import ", "export "))]
    (tmp_path / "worker.mjs").write_text(bundle, encoding="utf-8")
    check = subprocess.run(["node", "--check", str(tmp_path / "worker.mjs")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_bundle_keeps_each_modules_names_to_itself_and_runs_each_once(tmp_path: Path) -> None:
    entry = write(
        tmp_path,
        {
            "parts/a.mjs": 'const secret = "a";\nexport const runs = [];\nruns.push("a");\n'
            "export function greet(name) {\n  return `${secret}:${name}`;\n}\n",
            "parts/b.mjs": 'import { greet, runs } from "./a.mjs";\nconst secret = "b";\nruns.push("b");\n'
            "export class Greeter {\n  hello() {\n    return greet(secret);\n  }\n}\n"
            "export async function later() {\n  return typeof other;\n}\n",
            "entry.mjs": 'import {\n  runs,\n  greet,\n} from "./parts/a.mjs";\n'
            'import { Greeter, later } from "./parts/b.mjs";\n'
            "console.log(JSON.stringify({ runs, hello: new Greeter().hello(), direct: greet('e'),\n"
            "  secret: typeof secret, other: await later() }));\n",
        },
    )
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(load_hook("calculator_assets").bundle_worker(entry), encoding="utf-8")
    as_modules = json.loads(run_node(entry))
    bundled = json.loads(run_node(bundle))
    assert (
        bundled
        == as_modules
        == {
            "runs": ["a", "b"],
            "hello": "a:b",
            "direct": "a:e",
            "secret": "undefined",
            "other": "undefined",
        }
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {
                "entry.mjs": 'import { x } from "./a.mjs";\n',
                "a.mjs": 'import { y } from "./entry.mjs";\nexport const x = 1;\n',
            },
            "in a circle: entry.mjs -> a.mjs -> entry.mjs",
        ),
        ({"entry.mjs": 'import { x } from "./a.mjs";\n', "a.mjs": "export const y = 1;\n"}, "imports x, which a.mjs"),
        ({"entry.mjs": 'import { x } from "./gone.mjs";\n'}, "which does not exist"),
        ({"entry.mjs": "export default 1;\n"}, "does not support this import/export: export default 1;"),
        ({"entry.mjs": "export let counter = 0;\n"}, "export let counter"),
        ({"entry.mjs": 'import * as a from "./a.mjs";\n', "a.mjs": ""}, "import * as a"),
        ({"entry.mjs": "const x = 1;\nexport { x };\n"}, "export { x }"),
    ],
)
def test_the_bundler_refuses_what_it_cannot_bundle_faithfully(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    hook = load_hook("calculator_assets")
    with pytest.raises(hook.PluginError, match=message.replace("*", r"\*").replace("{", r"\{").replace("}", r"\}")):
        hook.bundle_worker(write(tmp_path, files))
