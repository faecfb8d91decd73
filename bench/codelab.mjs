// The code lab's edited runs (bench/codelab.py) inside Pyodide under Node: the page's runtime.
//
//   npm ci && node bench/codelab.mjs [--steps N] [--presets] [--json]
//
// Uses the pinned npm `pyodide` from node_modules and the package source of this checkout;
// tests/pyodide/test_codelab_in_pyodide.py runs it with --json.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const py = await loadPyodide();
  py.FS.mkdirTree(ROOT);
  py.mountNodeFS(ROOT, ROOT);  // the same path inside, so the bundled data is found
  py.globals.set("root", ROOT);
  py.globals.set("argv", py.toPy(process.argv.slice(2)));
  py.globals.set("host", `Pyodide ${py.version}`);
  await py.runPythonAsync(`
import sys
sys.dont_write_bytecode = True  # keep the checkout clean
sys.path.insert(0, root + "/bench")
import codelab
codelab.main(list(argv), host=host)
`);
}

main().catch((e) => {
  console.error(e.message);  // a Pyodide error's message holds the Python traceback
  process.exit(1);
});
