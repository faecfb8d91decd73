// Every event name the page uses, in one place.
//
// The worker client's events (client.on(name, fn)):
//   LOAD           {phase, state, ms, ...bytes}: a start-up phase began or ended
//   PROGRESS       {steps, status, preview?, samples?}: a chunk of training landed
//   MODEL_CHANGED  {version}: Python's model changed, by any route
//   FAILED         {message}: the worker died after start-up
//   PYTHON         {id, cmd, since} | null: the call Python is running now (busy.js)
//   RESTART        {state, reason, what, ...}: the worker is being restarted (busy.js)
//   SLOW_START     {seconds}: Python has not started after that long; still waiting
export const LOAD = "load";
export const PROGRESS = "progress";
export const MODEL_CHANGED = "model-changed";
export const FAILED = "failed";
export const PYTHON = "python";
export const RESTART = "restart";
export const SLOW_START = "slow-start";

// Document events (document.addEventListener):
//   NEW_MODEL  detail: the status of a model made outside the lab (a dataset, a file, a kept model)
//   LAB_READY  the lab has applied its defaults and the URL: a kept model may now come back
export const NEW_MODEL = "microgpt:new-model";
export const LAB_READY = "microgpt:lab-ready";
