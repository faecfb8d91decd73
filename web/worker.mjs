// The Python side of the page: Pyodide, our wheel and the dataset, in a module worker.
//
// Protocol (see client.js): request {id, cmd, args} -> reply {id, result} or {id, error, code};
// events {type: "load" | "progress" | "version" | "python", ...} carry no request id
// ("python": {call: request id, cmd, running} around each Python call, so the page times it).
// Commands handled here: "start" (load everything), "run" (train in chunks until paused or
// done), "pause", "share" (the interrupt buffer) and "stop". Every other command goes to
// microgpt.page.handle_json on this worker's one Session. A call stopped midway fails with
// code "stopped".

import { snapshotStore } from "./snapshot.mjs";

const CHUNK_MS = 40; // Python steps for at most this long between yields, so Pause lands fast

let api = null; // (cmd, args) -> microgpt.page.handle_json on this worker's one Session
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

// Start-up phases, each a "load" event: "data" (the dataset), "runtime" (Pyodide: "compile",
// the wasm fetched, compiled and instantiated; "stdlib", its download; then "python", Python
// initialised, or "snapshot", Python restored from a memory snapshot), "package" (our wheel
// unpacked and microgpt.page imported), "snapshot-take" (Python's memory copied, first visits)
// and after ready "snapshot-save" (that copy kept for the next visit). Our wheel goes in without micropip: a snapshot taken after micropip has run
// fails ("Unexpected hiwire entry"), and the package needs nothing but the standard library.
async function loadRuntime(manifest, options, restoring) {
  const { loadPyodide } = await import(here(`./${manifest.pyodide}pyodide.mjs`));
  const start = performance.now();
  let instantiated = start;
  const py = await loadPyodide({
    indexURL: here(`./${manifest.pyodide}`), ...options,
    fsInit: () => { instantiated = performance.now(); }, // runs once the wasm is instantiated
  });
  const end = performance.now();
  post({ type: "load", phase: "compile", state: "done", ms: instantiated - start });
  const stdlib = performance.getEntriesByType("resource")
    .find((e) => e.name.endsWith("/python_stdlib.zip"));
  if (stdlib) post({ type: "load", phase: "stdlib", state: "done", ms: stdlib.duration });
  post({ type: "load", phase: restoring ? "snapshot" : "python", state: "done",
    ms: end - instantiated });
  return py;
}

async function install(py, wheel) {
  py.unpackArchive(await wheel, "wheel"); // restored too: later imports read these files
  // Both proxies live as long as the worker.
  const page = py.pyimport("microgpt.page");
  const session = page.Session(); // the page's one state
  api = (cmd, args) => page.handle_json(session, cmd, args);
}

// A restore that fails in any way falls back to the normal start, and the snapshot goes.
async function fromSnapshot(manifest, snapshots, stored, wheel) {
  try {
    const found = await stored;
    if (!found) return null;
    const py = await phase("runtime",
      () => loadRuntime(manifest, { _loadSnapshot: found.bytes }, true));
    await phase("package", () => install(py, wheel));
    return py;
  } catch (e) {
    console.warn(`memory snapshot not used: ${e.message}`);
    api = null;
    await snapshots.drop().catch(() => {});
    return null;
  }
}

// Taken before the dataset is loaded and before the interrupt buffer enters: pure-Python state
// only. Returns the function that stores it, called once the page is ready.
function takeSnapshot(py, snapshots, key) {
  try {
    const start = performance.now();
    const bytes = py.makeMemorySnapshot();
    post({ type: "load", phase: "snapshot-take", state: "done", ms: performance.now() - start });
    return () => phase("snapshot-save", async () => snapshots.save(await key, bytes));
  } catch (e) {
    console.warn(`memory snapshot not taken: ${e.message}`);
    return null;
  }
}

// Loading starts as soon as the worker exists, while the page is still importing its modules;
// the dataset and our wheel download alongside the runtime.
async function boot() {
  const manifestText = await fetchOk(here("./build.json"));
  const manifest = JSON.parse(manifestText);
  const restore = countDownloads(manifest.sizes ?? {});
  const data = phase("data", () => fetchOk(here(`./${manifest.dataset}`)));
  data.catch(() => {}); // awaited below; a failure there is reported by start()
  const wheel = fetch(here(`./${manifest.wheel}`)).then(async (response) => {
    if (!response.ok) throw new Error(`${manifest.wheel}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  });
  wheel.catch(() => {}); // awaited by install()
  const snapshots = snapshotStore(here("./"));
  const key = snapshots.usable ? wheel.then((bytes) => snapshots.key(manifestText, bytes))
    : Promise.resolve(null);
  const stored = key.then((k) => snapshots.find(k));
  stored.catch(() => {}); // reported and dropped by fromSnapshot
  const restored = await fromSnapshot(manifest, snapshots, stored, wheel);
  let py = restored;
  let keep = null;
  if (!py) {
    // After a failed restore this visit keeps to the normal start; the next one snapshots.
    const make = snapshots.usable && (await stored.then((found) => found === null, () => false));
    py = await phase("runtime", () => loadRuntime(manifest, { _makeSnapshot: make }, false));
    await phase("package", () => install(py, wheel));
    if (make) keep = takeSnapshot(py, snapshots, key);
  }
  usePyodide(py); // the interrupt buffer (see arm), after any snapshot
  restore();
  return { text: await data, name: manifest.dataset.split("/").pop(), keep };
}

const booting = boot();
booting.catch(() => {}); // reported by start()

let started = null;
function start({ settings } = {}, id) {
  started ??= booting.then(async ({ text, name, keep }) => {
    const ready = await ask("init", { text, name, settings }, id);
    keep?.().catch((e) => console.warn(`memory snapshot not kept: ${e.message}`));
    return ready;
  });
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
