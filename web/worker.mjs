// The Python side of the page: Pyodide, micropip, our wheel and the dataset, in a module worker.
//
// Protocol (see client.js): request {id, cmd, args} -> reply {id, result} or {id, error};
// events {type: "load" | "progress" | "version", ...} carry no id.
// Commands handled here: "start" (load everything), "run" (train in chunks until paused or
// done), "pause". Every other command goes to microgpt.api.handle_json.

const CHUNK_MS = 40; // Python steps for at most this long between yields, so Pause lands fast

let api = null; // microgpt.api.handle_json, a PyProxy that never leaves this worker
let running = false;
let pauseRequested = false;

const post = (message) => self.postMessage(message);
const here = (rel) => new URL(rel, import.meta.url).href;

// A MessageChannel round trip lets queued messages (a "pause") run between chunks;
// setTimeout(0) would cost ~4 ms per chunk once chained.
const channel = new MessageChannel();
let wake = null;
channel.port1.onmessage = () => wake();
const yieldToEvents = () => new Promise((resolve) => { wake = resolve; channel.port2.postMessage(0); });

async function phase(name, work) {
  const start = performance.now();
  post({ type: "load", phase: name, state: "started" });
  const value = await work();
  post({ type: "load", phase: name, state: "done", ms: performance.now() - start });
  return value;
}

async function fetchOk(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return as === "json" ? response.json() : response.text();
}

function python(cmd, args = {}) {
  const out = JSON.parse(api(cmd, JSON.stringify(args)));
  if ("version" in out) post({ type: "version", version: out.version });
  if ("error" in out) throw new Error(out.error);
  return out.result;
}

// Loading starts as soon as the worker exists, while the page is still importing its modules;
// the dataset downloads alongside the runtime.
async function boot() {
  const manifest = await fetchOk(here("./build.json"), "json");
  const data = phase("data", () => fetchOk(here(`./${manifest.dataset}`)));
  data.catch(() => {}); // awaited below; a failure there is reported by start()
  const py = await phase("runtime", async () => {
    const { loadPyodide } = await import(here(`./${manifest.pyodide}pyodide.mjs`));
    return loadPyodide({ indexURL: here(`./${manifest.pyodide}`) });
  });
  await phase("package", async () => {
    // By URL: micropip's PyPI wheel differs from the hash in pyodide-lock.json.
    await py.loadPackage(here(`./${manifest.micropip}`));
    const micropip = py.pyimport("micropip");
    try {
      await micropip.install(here(`./${manifest.wheel}`));
    } finally {
      micropip.destroy();
    }
    // loadPackage can "succeed" quietly: import to be sure. Both proxies live as long as the worker.
    api = py.pyimport("microgpt.api").handle_json;
  });
  return { text: await data, name: manifest.dataset.split("/").pop() };
}

const booting = boot();
booting.catch(() => {}); // reported by start()

let started = null;
function start({ settings } = {}) {
  started ??= booting.then(({ text, name }) => python("init", { text, name, settings }));
  return started.then(() => python("status"));
}

async function run({ max_ms = CHUNK_MS } = {}) {
  if (running) throw new Error("already training");
  running = true;
  pauseRequested = false;
  try {
    for (;;) {
      const chunk = python("train", { max_ms });
      post({ type: "progress", ...chunk });
      if (chunk.status.done || pauseRequested) return chunk.status;
      await yieldToEvents();
      if (pauseRequested) return python("status");
    }
  } finally {
    running = false;
  }
}

function pause() {
  pauseRequested = running;
  return { was_running: running };
}

const LOCAL = { start, run, pause };

self.onmessage = async ({ data: { id, cmd, args } }) => {
  try {
    if (!LOCAL[cmd] && !started) throw new Error("Python is still loading");
    if (!LOCAL[cmd]) await started; // calls made while loading wait for it
    const result = LOCAL[cmd] ? await LOCAL[cmd](args) : python(cmd, args);
    post({ id, result });
  } catch (e) {
    post({ id, error: String((e && e.message) || e) }); // the page shows it to the user
  }
};
