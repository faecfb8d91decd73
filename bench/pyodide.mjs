// The engine benchmark (microgpt/bench.py) inside Pyodide under Node: the page's runtime.
//
//   npm ci && node bench/pyodide.mjs [--steps N] [--full] [--memory N]
//
// --steps N   interleaved steps per engine (default 20)
// --full      also time the default run: 1000 fast steps + 20 samples
// --memory N  also train N fast steps and print the KiB of wasm memory every 1000
//
// Uses the pinned npm `pyodide` from node_modules and the package source of this checkout.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv) {
  const opts = { steps: 20, full: false, memory: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--full") opts.full = true;
    else if (arg === "--steps" || arg === "--memory") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (arg === "--steps" ? 1 : 0)) {
        throw new Error(`${arg} needs a whole number, got ${argv[i]}`);
      }
      opts[arg.slice(2)] = value;
    } else throw new Error(`unknown argument ${arg}; use --steps N, --full, --memory N`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const py = await loadPyodide();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`node ${process.version}; loadPyodide ${seconds} s`);
  py.FS.mkdirTree(ROOT);
  py.mountNodeFS(ROOT, ROOT);  // the same path inside, so the bundled data is found
  py.globals.set("root", ROOT);
  py.globals.set("opts", py.toPy(opts));
  py.globals.set("host", `Pyodide ${py.version}`);
  // Pyodide has no allocator count to read, so the memory probe is the wasm heap in KiB
  py.globals.set("wasm_kib", () => Math.floor(py._module.HEAP8.length / 1024));
  await py.runPythonAsync(`
import sys
sys.dont_write_bytecode = True  # keep the checkout clean
sys.path.insert(0, root)
from microgpt import bench
bench.run(steps=opts["steps"], full=opts["full"], memory_steps=opts["memory"], host=host,
          memory_probe=wasm_kib)
`);
}

main().catch((e) => {
  console.error(e.message);  // a Pyodide error's message holds the Python traceback
  process.exit(1);
});
