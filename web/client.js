// The page's one link to Python: a worker, id-matched calls, events, and a way to stop.
//
//   call(cmd, args) -> Promise of the result; rejects with an Error holding a readable message,
//                      error.code "stopped" (stopped midway; the model is as before the step)
//                      or "restarted" (Python was restarted to stop it). call("pause") also
//                      stops a long training step.
//   on(type, fn) -> unsubscribe; types: "load" (start-up phases), "progress" (training chunks),
//                   "model-changed" ({version}, at most every MODEL_CHANGED_MS while training),
//                   "failed" (the worker itself broke; every later call rejects),
//                   "python" ({id, cmd, since} of the Python call running now, or null),
//                   "restart" ({state: "started" | "done" | "failed", reason, what, recovered})
//   stop(reason) -> stops the Python call running now: the interrupt where the page is
//                   cross-origin isolated, else (or when that does not land) a new worker
//   interruptible() -> whether stop() can interrupt Python without a restart
//   onRecover(fn) -> fn() runs after a restart, before anything is announced; its result is
//                   the "restart" event's `recovered` (resume.js brings the kept model back)
//   start(settings, slowMs) -> Promise of the status once Python, the package and data are in
//     (SLOW_START is emitted if that takes over slowMs; it keeps waiting)
//   ready -> the same promise, for modules loaded before start() is called
import * as events from "./events.js";
import { t } from "./i18n.js";

const MODEL_CHANGED_MS = 250;
const CALL_LIMIT_MS = 120_000; // one Python call running longer is taken as hung and stopped
const STOP_GRACE_MS = 5000; // a stop or Pause not landed by then restarts Python (a step
// the page allows takes at most ~1 s; the interrupt lands in milliseconds)
const RESTART_LIMIT_MS = 60_000;
const SIGNAL = 0; // control[SIGNAL]: Pyodide's interrupt buffer (see worker.mjs)
const TARGET = 1; // control[TARGET]: the request id a stop is meant for
const SIGINT = 2;

const listeners = new Map(); // type -> Set of functions
let worker = null;
let control = null; // Int32Array over a SharedArrayBuffer, when the page is isolated
let canInterrupt = false; // the worker has the buffer
let pending = new Map(); // id -> {resolve, reject, cmd}
let nextId = 1;
let broken = null; // an Error once the worker cannot be used any more
let python = null; // {id, cmd, since, limit}: the Python call running now
let runId = 0; // the pending "run"
let restarting = null;
let recover = null;
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
  if (type === events.SLOW_START && slowStart) fn(slowStart);
  return () => listeners.get(type).delete(fn);
}

export const interruptible = () => canInterrupt;

export function onRecover(fn) {
  recover = fn;
}

// Widgets redraw on "model-changed"; during training the version moves every chunk, so
// announce it at most every MODEL_CHANGED_MS, always including the latest version. Quiet while
// a restarted Python recovers, so nothing keeps its fresh model over the kept one.
let seenVersion = null;
let announced = null;
let timer = null;
let lastAnnounce = 0;
let quiet = false;
function versionSeen(version) {
  seenVersion = version;
  if (quiet || timer || version === announced) return;
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

function running(next) {
  clearTimeout(python?.limit);
  python = next;
  if (next) next.limit = setTimeout(() => stop("timeout"), CALL_LIMIT_MS);
  emit("python", next && { id: next.id, cmd: next.cmd, since: next.since });
}

function receive(from, { data }) {
  if (from !== worker) return; // a worker already replaced
  if (data.id === undefined) {
    if (data.type === "version") versionSeen(data.version);
    else if (data.type === "python") running(data.running ? { id: data.call, cmd: data.cmd,
      since: performance.now() } : null);
    else emit(data.type, data);
    if (data.type === "load") loadEvents.push(data);
    return;
  }
  const waiting = pending.get(data.id);
  if (!waiting) return;
  pending.delete(data.id);
  if (data.id === runId) runId = 0;
  if (!("error" in data)) return waiting.resolve(data.result);
  const error = new Error(data.code === "stopped" ? t("stop.stopped") : data.error);
  error.code = data.code;
  waiting.reject(error);
}

function send(cmd, args = {}) {
  if (broken) return Promise.reject(broken);
  const id = nextId++;
  if (cmd === "run") runId = id;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, cmd });
    worker.postMessage({ id, cmd, args });
  });
}

function spawn() {
  const next = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  worker = next;
  canInterrupt = false;
  next.onmessage = (event) => receive(next, event);
  next.onerror = (event) => {
    event.preventDefault();
    if (next !== worker) return;
    fail(new Error(`the Python worker stopped: ${event.message || "it could not be loaded"}`));
  };
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer !== "function") return;
  control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  send("share", { buffer: control.buffer }).then(() => { canInterrupt = next === worker; },
    () => {}); // without it, stop() restarts
}

// Ask Python to stop request `id` where it stands; if that does not land, restart.
function interrupt(id, reason) {
  Atomics.store(control, TARGET, id);
  Atomics.store(control, SIGNAL, SIGINT);
  send("stop", { id }).catch(() => {});
  const asked = worker;
  setTimeout(() => {
    if (asked === worker && pending.has(id)) restart(reason);
  }, STOP_GRACE_MS);
}

export function stop(reason = "stop") {
  if (!python) return Promise.resolve({ stopped: false });
  const { id, cmd } = python;
  if (canInterrupt) {
    interrupt(id, reason);
    return Promise.resolve({ stopped: true, how: "interrupt", cmd });
  }
  return restart(reason, cmd).then(() => ({ stopped: true, how: "restart", cmd }));
}

// Pause lands between chunks (40 ms); a single step longer than that is interrupted, or
// without the interrupt, a Pause that has not landed after STOP_GRACE_MS restarts Python.
function pauseRun() {
  const id = runId;
  const asked = send("pause");
  if (!id) return asked;
  if (canInterrupt) {
    interrupt(id, "pause");
  } else {
    const asked = worker;
    setTimeout(() => {
      if (asked === worker && pending.has(id)) restart("pause", "train");
    }, STOP_GRACE_MS);
  }
  return asked;
}

export function call(cmd, args = {}) {
  return cmd === "pause" ? pauseRun() : send(cmd, args);
}

function withLimit(promise, ms, message) {
  let timeout;
  const limit = new Promise((_, reject) => {
    timeout = setTimeout(() => reject(Object.assign(new Error(message), { code: "timeout",
      seconds: ms / 1000 })), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timeout));
}

// The watchdog's last resort: a new worker (~5 s), numbered after the old one so widgets see a
// newer model, then onRecover's fn (the kept model back), then the news.
function restart(reason, what = python?.cmd) {
  if (restarting || broken) return restarting ?? Promise.resolve();
  const after = seenVersion ?? 0;
  const error = Object.assign(new Error(t("stop.restarted_call")), { code: "restarted" });
  worker.terminate();
  const dropped = [...pending.values()];
  pending = new Map();
  runId = 0;
  running(null);
  dropped.forEach(({ reject }) => reject(error));
  quiet = true;
  emit("restart", { state: "started", reason, what });
  spawn();
  restarting = (async () => {
    try {
      await withLimit(send("start", {}), RESTART_LIMIT_MS, "Python did not start again");
      await send("renumber", { after });
      const recovered = recover ? await recover().catch((e) => ({ error: e.message })) : null;
      emit("restart", { state: "done", reason, what, recovered });
    } catch (e) {
      fail(e);
      emit("restart", { state: "failed", reason, what, message: e.message });
    } finally {
      quiet = false;
      restarting = null;
      if (seenVersion !== null) versionSeen(seenVersion);
    }
  })();
  return restarting;
}

spawn();

// A server sending .wasm with the wrong MIME type makes Pyodide wait for ever, and a slow or busy
// machine can take a minute: after slowMs the page says so (SLOW_START) and keeps waiting, so a
// start that gets there late still works.
let started = null;
let slowStart = null;
export function start(settings, slowMs = 60000) {
  if (started) return started;
  started = send("start", { settings });
  const timer = setTimeout(() => {
    slowStart = { seconds: slowMs / 1000 };
    emit(events.SLOW_START, slowStart);
  }, slowMs);
  started.finally(() => clearTimeout(timer)).catch(() => {});
  started.then(settle.resolve, settle.reject);
  return started;
}
