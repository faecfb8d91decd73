// The lab's state, one object that every part of the page reads: the lab writes it, the
// walkthrough and the file widgets subscribe to it and ask the lab to act through it.
//
//   get()                the state: {status, training, pausing, busy, valid, failure} as set by
//                        the lab, plus what follows from them: phase, action, can
//   set(changes)         merge changes, derive, tell every subscriber once
//   subscribe(fn)        fn(state) now and after every set(); returns unsubscribe
//   provide(actions)     the lab's actions: {train, pause, step, reset, sample}
//   act(name, ...args)   run one of them (nothing before the lab has provided it)

const state = { status: null, training: false, pausing: false, busy: false, valid: false,
  failure: null };
const listeners = new Set();
const actions = {};

// phase: loading, ready, training, paused, done or error (the lab's data-state);
// action: what the one Train / Pause / Resume button does now; can: which actions are allowed
function derive(s) {
  const { status, training, pausing, busy, valid, failure } = s;
  s.phase = failure ? "error" : !status ? "loading" : training ? "training"
    : status.done ? "done" : status.step > 0 ? "paused" : "ready";
  s.action = training ? (pausing ? "resume" : "pause") : s.phase === "paused" ? "resume" : "train";
  const usable = s.phase !== "loading" && s.phase !== "error";
  // a model file loaded without its dataset samples but cannot train
  const stuck = !valid || s.phase === "done" || status?.can_train === false;
  s.can = {
    go: s.action === "pause" || (usable && !busy && !stuck),
    step: usable && !busy && !training && !stuck,
    reset: usable && !busy && !training,
    sample: usable && !busy && !training && valid,
  };
}
derive(state);

export const get = () => state;

export function set(changes) {
  Object.assign(state, changes);
  derive(state);
  for (const fn of listeners) fn(state);
}

export function subscribe(fn) {
  listeners.add(fn);
  fn(state);
  return () => listeners.delete(fn);
}

export function provide(impl) {
  Object.assign(actions, impl);
}

export function act(name, ...args) {
  return actions[name]?.(...args);
}
