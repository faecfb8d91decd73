// Run Python inside Pyodide under Node, for tests/pyodide/test_in_pyodide.py.
//
//   node tests/pyodide/run.mjs suite [PYTEST ARGS]  the repo's Python tests, with pytest
//   node tests/pyodide/run.mjs wheel SITE_DIR       micropip installs the built wheel; smoke use
//
// The last stdout line is `RESULT {json}` for the caller to check.
import path from "node:path";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WHEELS = path.join(ROOT, ".cache", "pyodide-test-wheels");

// Mount a host folder at the same path inside Pyodide, so paths mean the same on both sides.
function mount(py, dir) {
  py.FS.mkdirTree(dir);
  py.mountNodeFS(dir, dir);
}

function micropipWheel(siteDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(siteDir, "build.json"), "utf8"));
  return { micropip: path.join(siteDir, manifest.micropip), manifest };
}

const SITE = path.resolve(process.env.MICROGPT_SITE ?? path.join(ROOT, "site")); // as build.py

async function suite(py, pytestArgs) {
  // The repo's parent too: tests find ../shared/reference from the project root.
  const parent = path.dirname(ROOT);
  mount(py, parent === "/" ? ROOT : parent);
  const ref = process.env.MICROGPT_REFERENCE_DIR;
  if (ref && !path.resolve(ref).startsWith(parent + path.sep)) mount(py, path.resolve(ref));
  const wheels = fs.existsSync(WHEELS) ? fs.readdirSync(WHEELS).filter((f) => f.endsWith(".whl")) : [];
  if (!wheels.some((f) => f.startsWith("pytest-"))) {
    throw new Error(`no pytest wheel in ${WHEELS}; python build.py test downloads it`);
  }
  const { micropip } = micropipWheel(SITE);
  await py.loadPackage(micropip);
  py.globals.set("wheel_urls", py.toPy(wheels.map((f) => "emfs:" + path.join(WHEELS, f))));
  py.globals.set("pytest_args", py.toPy(pytestArgs));
  py.globals.set("root", ROOT);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("MICROGPT_")));
  py.globals.set("host_env", py.toPy(env));
  return await py.runPythonAsync(`
import json, os, sys
import micropip
await micropip.install(list(wheel_urls), deps=False)  # all pinned, all local
import pytest

os.environ.update(host_env)
os.chdir(root)
sys.dont_write_bytecode = True  # keep the host tree clean
sys.path.insert(0, root)

class Outcomes:
    """Collects each test's outcome by node id."""
    def __init__(self):
        self.by_id = {}
    def pytest_runtest_logstart(self, nodeid, location):
        # if Pyodide dies (a fatal error), the last of these names the test
        print("running", nodeid[:200], file=sys.stderr, flush=True)
    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            self.by_id[report.nodeid] = report.outcome

outcomes = Outcomes()
code = pytest.main(["-p", "no:cacheprovider", "--ignore=tests/pyodide", "--ignore=tests/e2e",
                    *pytest_args, "tests"], plugins=[outcomes])
json.dumps({"exit": int(code), "pytest": pytest.__version__, "outcomes": outcomes.by_id,
            "python": sys.version.split()[0], "platform": sys.platform})
`);
}

async function wheel(py, siteDir) {
  siteDir = path.resolve(siteDir);
  mount(py, siteDir);
  const { micropip, manifest } = micropipWheel(siteDir);
  await py.loadPackage(micropip);
  py.globals.set("wheel_url", "emfs:" + path.join(siteDir, manifest.wheel));
  py.globals.set("dataset", path.join(siteDir, manifest.dataset));
  return await py.runPythonAsync(`
import json
import micropip
await micropip.install(wheel_url)
import microgpt
from microgpt.page import Session, handle_json

session = Session()
status = json.loads(handle_json(session, "init", json.dumps({"text": open(dataset).read()})))
chunk = json.loads(handle_json(session, "train", json.dumps({"max_steps": 3, "max_ms": 60000})))
samples = json.loads(handle_json(session, "sample", json.dumps({"n": 3})))
json.dumps({"file": microgpt.__file__, "version": microgpt.__version__,
            "installed": [p.name for p in micropip.list().values() if p.name == "microgpt"],
            "status": status, "chunk": chunk, "samples": samples})
`);
}

const [mode, ...rest] = process.argv.slice(2);
try {
  const py = await loadPyodide();
  const out = mode === "wheel" ? await wheel(py, rest[0] ?? SITE) : await suite(py, rest);
  console.log("RESULT " + out);
} catch (e) {
  // Uncaught Pyodide errors print a huge minified line; the message is what matters.
  console.error("run.mjs failed: " + (e && e.message ? e.message : e));
  process.exit(1);
}
