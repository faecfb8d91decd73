// The page's one link to Python: a worker, id-matched calls, and events.
//
//   call(cmd, args) -> Promise of the result; rejects with an Error holding a readable message
//   on(type, fn) -> unsubscribe; types: "load" (start-up phases), "progress" (training chunks),
//                   "model-changed" ({version}, at most every MODEL_CHANGED_MS while training),
//                   "failed" (the worker itself broke; every later call rejects)
//   start(settings, timeoutMs) -> Promise of the status once Python, the package and data are in
//   ready -> the same promise, for modules loaded before start() is called

const MODEL_CHANGED_MS = 250;

const worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
const pending = new Map(); // id -> {resolve, reject}
const listeners = new Map(); // type -> Set of functions
let nextId = 1;
let broken = null; // an Error once the worker cannot be used any more
let settle = null;
export const ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
ready.catch(() => {}); // whoever awaits it handles the failure; no "unhandled" noise

function emit(type, detail) {
  for (const fn of listeners.get(type) ?? []) {
    try {
      fn(detail);
    } catch (e) {
      console.error(e);
    }
  }
}

const loadEvents = []; // start-up progress, replayed to late subscribers (the worker starts at once)

export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  if (type === "load") loadEvents.forEach((event) => fn(event));
  return () => listeners.get(type).delete(fn);
}

// Widgets redraw on "model-changed"; during training the version moves every chunk, so
// announce it at most every MODEL_CHANGED_MS, always including the latest version.
let seenVersion = null;
let announced = null;
let timer = null;
let lastAnnounce = 0;
function versionSeen(version) {
  seenVersion = version;
  if (timer || version === announced) return;
  const wait = Math.max(0, lastAnnounce + MODEL_CHANGED_MS - performance.now());
  timer = setTimeout(() => {
    timer = null;
    lastAnnounce = performance.now();
    announced = seenVersion;
    emit("model-changed", { version: seenVersion });
  }, wait);
}

function fail(error) {
  broken = error;
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
  emit("failed", { message: error.message });
}

worker.onmessage = ({ data }) => {
  if (data.id === undefined) {
    if (data.type === "version") versionSeen(data.version);
    else emit(data.type, data);
    if (data.type === "load") loadEvents.push(data);
    return;
  }
  const waiting = pending.get(data.id);
  if (!waiting) return;
  pending.delete(data.id);
  if ("error" in data) waiting.reject(new Error(data.error));
  else waiting.resolve(data.result);
};

worker.onerror = (event) => {
  event.preventDefault();
  fail(new Error(`the Python worker stopped: ${event.message || "it could not be loaded"}`));
};

export function call(cmd, args = {}) {
  if (broken) return Promise.reject(broken);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, cmd, args });
  });
}

// A server sending .wasm with the wrong MIME type makes Pyodide wait forever: give up loudly.
let started = null;
export function start(settings, timeoutMs = 60000) {
  if (started) return started;
  let timeout;
  const limit = new Promise((_, reject) => {
    timeout = setTimeout(() => {
      const error = new Error(`Python did not start within ${timeoutMs / 1000} s`);
      error.code = "timeout";
      error.seconds = timeoutMs / 1000;
      fail(error);
      reject(error);
    }, timeoutMs);
  });
  started = Promise.race([call("start", { settings }), limit]).finally(() => clearTimeout(timeout));
  started.then(settle.resolve, settle.reject);
  return started;
}
