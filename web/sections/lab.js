// The lab: settings, Train / Pause / Resume / Step / Reset / Sample, the loss chart, samples.
// State lives in Python (microgpt.session); this keeps the page in step with it.
import * as client from "../client.js";
import { formatNumber, formatSeconds, onLang, t } from "../i18n.js";
import { createChart } from "../lab/chart.js";
import { createDownloads } from "../lab/downloads.js";
import * as form from "../lab/form.js";
import { createSamples } from "../lab/samples.js";
import { createStats } from "../lab/stats.js";
import { urlSettings } from "../share.js";
import { setDefaults, update } from "../state.js";

export async function mount(root) {
  const controls = root.querySelector("[data-controls]");
  const buttons = Object.fromEntries([...root.querySelectorAll("[data-action]")]
    .map((b) => [b.dataset.action, b]));
  const go = buttons.train; // Train / Pause / Resume
  const message = root.querySelector("[data-message]");
  const announcer = root.querySelector("[data-announce]");
  const loading = root.querySelector("[data-loading]");
  const dialog = root.querySelector("[data-confirm]");
  const chart = createChart(root.querySelector("[data-chart]"));
  const samples = createSamples(root.querySelector(".samples"));
  const stats = createStats(root);

  let status = null; // the latest status from Python
  let training = false;
  let busy = false; // a Step, Reset or Sample is running
  let pausing = false; // Pause pressed; the run stops at the end of its current chunk
  let running = null; // the current run's promise
  let valid = false;
  let failure = null; // start-up failed: the lab cannot work
  let shownPhase = "loading";

  // 1. what the lab shows follows from Python's status and what is running

  function phase() {
    if (failure) return "error";
    if (!status) return "loading";
    if (training) return "training";
    if (status.done) return "done";
    return status.step > 0 ? "paused" : "ready";
  }

  function refresh() {
    const p = phase();
    root.dataset.state = p;
    root.dataset.step = String(status?.step ?? 0);
    const usable = p !== "loading" && p !== "error";
    // One button says Train, Pause or Resume, so it keeps focus and a fast second click lands.
    // Pause turns into Resume at once; a Resume pressed before the run has stopped waits for it.
    const action = training ? (pausing ? "resume" : "pause") : p === "paused" ? "resume" : "train";
    if (go.dataset.action !== action) {
      go.dataset.action = action;
      go.dataset.i18n = `lab.action.${action}`;
      go.textContent = t(go.dataset.i18n);
    }
    // a model file loaded without its dataset samples but cannot train (model-file.js says so)
    const stuck = !valid || p === "done" || status?.can_train === false;
    go.disabled = action !== "pause" && (!usable || busy || stuck);
    buttons.step.disabled = !usable || busy || training || stuck;
    buttons.reset.disabled = !usable || busy || training;
    buttons.sample.disabled = !usable || busy || training || !valid;
    if (usable) form.lock(controls, training);
    if (p !== shownPhase) {
      shownPhase = p;
      announcer.textContent = t(`lab.state.${p}`);
    }
  }

  function showMessage(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function setStatus(next, steps) {
    status = next;
    stats.update(status, steps);
    refresh();
  }

  function newModel(next) {
    chart.reset(next.steps, next.random_loss);
    samples.clear();
    setStatus(next);
  }

  function onChunk(chunk) {
    chart.add(chunk.steps);
    setStatus(chunk.status, chunk.steps);
    const last = chunk.steps[chunk.steps.length - 1]?.step ?? chunk.status.step;
    if (chunk.preview) samples.show("preview", last, chunk.preview);
    if (chunk.samples) samples.show("final", chunk.status.step, chunk.samples);
  }

  // 2. loading

  const downloads = createDownloads(loading);
  client.on("load", ({ phase: name, state: where, ms, ...bytes }) => {
    if (name === "download") downloads.show(bytes);
    const item = loading.querySelector(`[data-phase="${name}"]`);
    if (!item) return;
    item.dataset.status = where === "done" ? "done" : "active";
    if (ms === undefined) return;
    item.querySelector("[data-phase-time]").textContent = formatSeconds(ms / 1000);
  });
  client.on("progress", onChunk);
  client.on("failed", ({ message: text }) => {
    if (!status) return;
    failure = text;
    showMessage(t("lab.error.worker", { message: text }));
    refresh();
  });

  // 3. settings: Python validates each edit; a change to the model asks before resetting it

  let chain = Promise.resolve();
  const edited = new Set(); // fields typed in since the settings last went to Python
  const queue = (fn) => {
    const next = chain.then(fn);
    chain = next.catch((e) => showMessage(e.message));
    return next;
  };

  async function validateNow() {
    const errors = await client.call("validate", { settings: form.read(controls) });
    form.showErrors(controls, errors);
    valid = form.isValid(errors); // a warning (a slow model) leaves the settings valid
    refresh();
    return valid;
  }

  function confirmReset(keys) {
    dialog.querySelector("[data-confirm-text]").textContent =
      t(status.step === 1 ? "lab.confirm.text_one" : "lab.confirm.text",
        { step: formatNumber(status.step), names: keys.join(", ") });
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise((resolve) => dialog.addEventListener("close",
      () => resolve(dialog.returnValue === "reset"), { once: true }));
  }
  dialog.querySelector("[data-confirm-keep]").addEventListener("click", () => dialog.close("keep"));
  dialog.querySelector("[data-confirm-reset]")
    .addEventListener("click", () => dialog.close("reset"));

  async function applySettings() {
    if (!(await validateNow())) return;
    edited.clear(); // what is read now goes to Python
    const settings = form.read(controls);
    let out = await client.call("configure", { settings });
    if (out.needs_reset.length) {
      if (!(await confirmReset(out.needs_reset))) {
        form.write(controls, status.settings); // keep the model, and the settings that made it
        update(form.read(controls));
        await validateNow();
        return;
      }
      out = await client.call("configure", { settings, reset: true });
    }
    if (out.status.version !== status.version) newModel(out.status);
    else setStatus(out.status);
    showMessage("");
  }

  let validateTimer = 0;
  controls.addEventListener("input", (event) => {
    if (event.target.name) edited.add(event.target.name);
    update(form.read(controls));
    clearTimeout(validateTimer);
    validateTimer = setTimeout(() => queue(validateNow), 120);
  });
  controls.addEventListener("change", () => {
    clearTimeout(validateTimer);
    queue(applySettings);
  });
  controls.addEventListener("submit", (event) => event.preventDefault());

  // 4. actions

  async function act(fn) {
    busy = true;
    refresh();
    showMessage("");
    try {
      await fn();
    } catch (e) {
      showMessage(e.message);
    } finally {
      busy = false;
      refresh();
    }
  }

  async function train() {
    clearTimeout(validateTimer);
    if (running) await running.catch(() => {}); // a Resume pressed while a Pause lands
    await queue(validateNow).catch(() => {}); // settle pending edits first
    if (!valid || training || status.done) return;
    training = true;
    pausing = false;
    showMessage("");
    refresh();
    try {
      running = client.call("run");
      setStatus(await running);
    } catch (e) {
      showMessage(e.message);
    } finally {
      training = false;
      pausing = false;
      running = null;
      refresh();
    }
  }

  go.addEventListener("click", () => {
    if (go.dataset.action !== "pause") return train();
    pausing = true;
    refresh();
    client.call("pause").catch((e) => showMessage(e.message));
  });
  buttons.step.addEventListener("click", () => act(async () => {
    await queue(validateNow);
    if (valid) onChunk(await client.call("train", { max_steps: 1, max_ms: 60000 }));
  }));
  buttons.reset.addEventListener("click",
    () => act(async () => newModel(await client.call("reset"))));
  buttons.sample.addEventListener("click", () => act(async () => {
    await queue(applySettings);
    // an invalid setting stays out of Python: sampling now would use the old values
    if (valid) samples.show("sampled", status.step, await client.call("sample"));
  }));
  // A model made elsewhere on the page (a dataset, a model file, a kept model): show it. In the
  // queue, with Python's settings as they are then: an edit on its way applies to the new model.
  async function showModel(next = null) {
    next ??= await client.call("status");
    const typed = form.read(controls); // what the reader typed and Python has not had yet stays
    form.write(controls, { ...next.settings,
      ...Object.fromEntries([...edited].map((name) => [name, typed[name]])) });
    update(form.read(controls));
    newModel(next);
    await validateNow();
  }
  document.addEventListener("microgpt:new-model",
    () => { queue(() => showModel()).catch(() => {}); });

  // The model changed by another route (the walkthrough's "Apply this step", or a new model
  // not announced yet): catch up with Python. Versions only grow, so a late answer is dropped.
  async function catchUp() {
    if (!status || training) return; // while training, the progress events keep the lab in step
    const out = await client.call("steps_since", { step: status.step });
    if (training || out.status.version <= status.version) return;
    if (out.status.model_id !== status.model_id) await showModel(out.status);
    else onChunk({ ...out, steps: out.steps.filter((s) => s.step > status.step) });
  }
  client.on("model-changed", () => { queue(catchUp).catch(() => {}); });
  onLang(() => {
    form.labelEngines(controls);
    if (status) queue(validateNow).catch(() => {});
  });

  // 5. start: Python's defaults, overridden by the URL

  let first;
  try {
    first = await client.ready;
  } catch (e) {
    failure = e.message;
    showMessage(e.code === "timeout" ? t("lab.error.timeout", { seconds: e.seconds })
      : t("lab.error.start", { message: e.message }));
    refresh();
    return;
  }
  setDefaults(first.settings);
  form.setLimits(controls, first.limits);
  form.setEngines(controls, first.engines);
  const fromURL = await urlSettings(form.FIELDS); // values it cannot use fall back, with a notice
  form.write(controls, { ...first.settings, ...fromURL });
  form.unlockAll(controls);
  newModel(first);
  loading.dataset.done = "1";
  downloads.done();
  const readySeconds = performance.now() / 1000; // since navigation
  const showReady = () => {
    root.querySelector("[data-loading-total]").textContent =
      t("lab.ready_in", { seconds: formatSeconds(readySeconds) });
  };
  showReady();
  onLang(showReady);
  if ((await validateNow()) && Object.keys(fromURL).length) {
    const settings = form.read(controls);
    newModel((await client.call("configure", { settings, reset: true })).status);
  }
  performance.mark("microgpt-ready");
  document.dispatchEvent(new Event("microgpt:lab-ready")); // a kept model may now come back
}
