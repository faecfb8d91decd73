// The cost calibration (bench/cost_calibrate.py) inside Pyodide under Node: the page's runtime.
//
//   npm ci && node bench/cost_calibrate.mjs
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const py = await loadPyodide();
  py.FS.mkdirTree(ROOT);
  py.mountNodeFS(ROOT, ROOT);
  py.globals.set("root", ROOT);
  py.globals.set("host", `Pyodide ${py.version} under Node ${process.version}`);
  await py.runPythonAsync(`
import sys
sys.dont_write_bytecode = True  # keep the checkout clean
sys.path.insert(0, root + "/bench")
import cost_calibrate as calibration
calibration.run(host)
`);
}

main().catch((e) => {
  console.error(e.message); // a Pyodide error's message holds the Python traceback
  process.exit(1);
});
