// The Python side of the page: Pyodide, micropip, our wheel and the dataset, in a module worker.
//
// Protocol (see client.js): request {id, cmd, args} -> reply {id, result} or {id, error, code};
// events {type: "load" | "progress" | "version" | "python", ...} carry no request id
// ("python": {call: request id, cmd, running} around each Python call, so the page times it).
// Commands handled here: "start" (load everything), "run" (train in chunks until paused or
// done), "pause", "share" (the interrupt buffer) and "stop". Every other command goes to
// microgpt.api.handle_json. A call stopped midway fails with code "stopped".

const CHUNK_MS = 40; // Python steps for at most this long between yields, so Pause lands fast

let api = null; // microgpt.api.handle_json, a PyProxy that never leaves this worker
let running = false;
let pauseRequested = false;
let runId = 0; // the request id of the run under way

const post = (message) => self.postMessage(message);
const here = (rel) => new URL(rel, import.meta.url).href;

// A MessageChannel round trip lets queued messages (a "pause") run between chunks;
// setTimeout(0) would cost ~4 ms per chunk once chained.
const channel = new MessageChannel();
const wakers = []; // a run and a call run again after a stop may both be waiting
channel.port1.onmessage = () => wakers.shift()();
const yieldToEvents = () => new Promise((resolve) => {
  wakers.push(resolve);
  channel.port2.postMessage(0);
});

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

// Stopping. On a cross-origin isolated page the client shares control, an Int32Array over a
// SharedArrayBuffer: [SIGNAL] is Pyodide's interrupt buffer (2, SIGINT, raises KeyboardInterrupt
// inside whatever Python runs; Python then undoes the step under way), [TARGET] the id of the
// request the client means to stop. The signal hits whatever runs: a call it was not meant for
// (a save between two chunks) is "misdirected" and runs again once the events queued meanwhile
// (the Pause) have had their turn; the target's next Python call is stopped as it starts.
const SIGNAL = 0;
const TARGET = 1;
const SIGINT = 2;
let pyodide = null;
let control = null;
let version = null; // the session's version after the last call

function usePyodide(py) {
  pyodide = py;
  if (control) pyodide.setInterruptBuffer(control);
}

// Before a Python call for request `id`: stopped at once when it is the target; else drop a
// stop meant for an ended request (one written for `id` between the two loads is kept).
function arm(id) {
  if (!control) return;
  if (Atomics.load(control, TARGET) !== id) Atomics.store(control, SIGNAL, 0);
  if (Atomics.load(control, TARGET) === id) Atomics.store(control, SIGNAL, SIGINT);
}

function stoppedError(message, id, misdirected) {
  if (control && !misdirected) Atomics.compareExchange(control, TARGET, id, 0); // id goes on
  const error = new Error(message);
  error.code = misdirected ? "misdirected" : "stopped";
  return error;
}

function callOnce(cmd, args, id) {
  arm(id);
  post({ type: "python", call: id, cmd, running: true });
  try {
    return JSON.parse(api(cmd, JSON.stringify(args)));
  } catch (e) { // KeyboardInterrupt as handle_json starts or returns: the model is whole
    if (!String(e?.message).includes("KeyboardInterrupt")) throw e;
    return { error: `${cmd}: stopped`, stopped: true };
  } finally {
    post({ type: "python", call: id, cmd, running: false });
  }
}

function python(cmd, args = {}, id = 0) {
  const before = version;
  const out = callOnce(cmd, args, id);
  if ("version" in out) {
    version = out.version;
    post({ type: "version", version });
  }
  if (out.stopped) {
    const target = control ? Atomics.load(control, TARGET) : id;
    // not meant for this call, and it changed nothing (see session.rollback): it may run again
    const misdirected = target !== id && before !== null && out.version === before;
    throw stoppedError(out.error, id, misdirected);
  }
  if ("error" in out) throw new Error(out.error);
  return out.result;
}

// python(), run again after a misdirected stop once the queued events have run.
async function ask(cmd, args = {}, id = 0) {
  for (;;) {
    try {
      return python(cmd, args, id);
    } catch (e) {
      if (e.code !== "misdirected") throw e;
      await yieldToEvents();
    }
  }
}

// Bytes of each start-up download as they arrive, for the loading panel: fetch is wrapped
// while booting, and a clone of each response is counted (the caller reads the original).
function countDownloads(sizes) {
  const plain = self.fetch;
  const counted = new Set();
  self.fetch = async (input, init) => {
    const response = await plain(input, init);
    const file = new URL(input instanceof Request ? input.url : input, self.location).href;
    const path = Object.keys(sizes).find((p) => file === here(`./${p}`));
    if (!path || counted.has(path) || !response.ok || !response.body) return response;
    counted.add(path); // a second fetch of a file (from a cache) is not shown again
    const reader = response.clone().body.getReader();
    const total = sizes[path];
    let loaded = 0;
    let shown = 0;
    const report = () => {
      shown = performance.now();
      post({ type: "load", phase: "download", file: path.split("/").pop(), loaded, total });
    };
    (async () => {
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        loaded += part.value.byteLength;
        if (performance.now() - shown > 100) report(); // ~10 updates a second at most
      }
      report();
    })().catch(() => {});
    return response;
  };
  return () => { self.fetch = plain; };
}

// Loading starts as soon as the worker exists, while the page is still importing its modules;
// the dataset and both wheels download alongside the runtime.
async function boot() {
  const manifest = await fetchOk(here("./build.json"), "json");
  const restore = countDownloads(manifest.sizes ?? {});
  const data = phase("data", () => fetchOk(here(`./${manifest.dataset}`)));
  data.catch(() => {}); // awaited below; a failure there is reported by start()
  // Fetched now so they are in the HTTP or service-worker cache when micropip asks for them.
  const wheels = Promise.all([manifest.micropip, manifest.wheel].map(
    (path) => fetch(here(`./${path}`)).then((r) => r.arrayBuffer())));
  wheels.catch(() => {}); // the installs below fetch again and report their own failure
  const py = await phase("runtime", async () => {
    const { loadPyodide } = await import(here(`./${manifest.pyodide}pyodide.mjs`));
    return loadPyodide({ indexURL: here(`./${manifest.pyodide}`) });
  });
  usePyodide(py); // the interrupt buffer (see arm)
  await phase("package", async () => {
    await wheels.catch(() => {});
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
  restore();
  return { text: await data, name: manifest.dataset.split("/").pop() };
}

const booting = boot();
booting.catch(() => {}); // reported by start()

let started = null;
function start({ settings } = {}, id) {
  started ??= booting.then(({ text, name }) => ask("init", { text, name, settings }, id));
  return started.then(() => ask("status", {}, id));
}

// Training in chunks; a stop (the interrupt) ends it like a Pause, with the steps finished in
// the stopped chunk sent as progress, so the page's chart misses none.
async function run({ max_ms = CHUNK_MS } = {}, id) {
  if (running) throw new Error("already training");
  running = true;
  runId = id;
  pauseRequested = false;
  let step = (await ask("status", {}, id)).step;
  try {
    for (;;) {
      const chunk = await ask("train", { max_ms }, id);
      step = chunk.status.step;
      post({ type: "progress", ...chunk });
      if (chunk.status.done || pauseRequested) return chunk.status;
      await yieldToEvents();
      if (pauseRequested) return ask("status", {}, id);
    }
  } catch (e) {
    if (e.code !== "stopped") throw e;
    const caught = await ask("steps_since", { step }, id);
    if (caught.steps.length) post({ type: "progress", ...caught, preview: null, samples: null });
    return caught.status;
  } finally {
    running = false;
  }
}

function pause() {
  pauseRequested = running;
  return { was_running: running };
}

function share({ buffer }) {
  control = new Int32Array(buffer);
  if (pyodide) pyodide.setInterruptBuffer(control);
  return { interruptible: true };
}

// Sent by the client right after it writes SIGINT for request `id`; Python is not running now,
// so an interrupt still in the buffer is stale. A run under way (between chunks) pauses.
function stop({ id }) {
  if (control && Atomics.compareExchange(control, TARGET, id, 0) === id) {
    Atomics.store(control, SIGNAL, 0);
  }
  if (running && id === runId) pauseRequested = true;
  return { stopped: id };
}

const LOCAL = { start, run, pause, share, stop };

self.onmessage = async ({ data: { id, cmd, args } }) => {
  try {
    if (!LOCAL[cmd] && !started) throw new Error("Python is still loading");
    if (!LOCAL[cmd]) await started; // calls made while loading wait for it
    const result = LOCAL[cmd] ? await LOCAL[cmd](args, id) : await ask(cmd, args, id);
    post({ id, result });
  } catch (e) {
    post({ id, error: String((e && e.message) || e), code: e?.code }); // shown to the user
  }
};
