// The lab: Train / Pause / Resume / Step / Reset / Sample, the loss chart, samples, and the
// settings folded in a <details> (opened when a setting needs fixing; its summary line lists the
// settings that differ from the defaults, so a shared link's settings show while it is closed).
// Model state lives in Python (microgpt.session); what the lab is doing lives in store.js,
// which this writes and renders from.
import * as client from "../client.js";
import { formatNumber, formatSeconds, onLang, t } from "../i18n.js";
import { createChart } from "../lab/chart.js";
import { createDownloads } from "../lab/downloads.js";
import * as form from "../lab/form.js";
import { createSamples } from "../lab/samples.js";
import { createStats } from "../lab/stats.js";
import * as events from "../events.js";
import { urlSettings } from "../share.js";
import * as store from "../store.js";
import { setDefaults, update } from "../state.js";

export async function mount(root) {
  const controls = root.querySelector("[data-controls]");
  form.build(controls); // from the settings schema, before Python has loaded
  const panel = root.querySelector("[data-settings]");
  const summaryLine = root.querySelector("[data-settings-summary]");
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

  let shownPhase = "loading";
  let running = null; // the current run's promise
  const st = () => store.get();
  const status = () => store.get().status;

  // 1. what the lab shows is drawn from the store (data-state / data-step are written, never read)

  function render(s) {
    root.dataset.state = s.phase;
    root.dataset.step = String(s.status?.step ?? 0);
    // One button says Train, Pause or Resume, so it keeps focus and a fast second click lands.
    // Pause turns into Resume at once; a Resume pressed before the run has stopped waits for it.
    if (go.dataset.action !== s.action) {
      go.dataset.action = s.action;
      go.dataset.i18n = `lab.action.${s.action}`;
      go.textContent = t(go.dataset.i18n);
    }
    go.disabled = !s.can.go;
    buttons.step.disabled = !s.can.step;
    buttons.reset.disabled = !s.can.reset;
    buttons.sample.disabled = !s.can.sample;
    if (s.phase !== "loading" && s.phase !== "error") form.lock(controls, s.training);
    if (s.phase !== shownPhase) {
      shownPhase = s.phase;
      announcer.textContent = t(`lab.state.${s.phase}`);
    }
  }
  store.subscribe(render);

  // The folded panel's summary: "the defaults" or the changed settings, and how many to fix.
  function summarize() {
    const shorten = (v) => (v.length > 24 ? `${v.slice(0, 23)}…` : v);
    const list = form.changed(controls).map(({ label, value }) =>
      t("lab.settings.item", { label, value: shorten(value) }));
    const line = document.createElement("span");
    line.textContent = list.length ? t("lab.settings.changed", { list: list.join(" · ") })
      : t("lab.settings.defaults");
    const errors = form.errorCount(controls);
    const fix = document.createElement("span");
    fix.className = "settings-fix";
    fix.textContent = !errors ? "" : errors === 1 ? t("lab.settings.fix_one")
      : t("lab.settings.fix", { n: formatNumber(errors) });
    summaryLine.replaceChildren(line, ...(errors ? [" ", fix] : []));
  }
  summarize();

  function showMessage(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function setStatus(next, steps) {
    stats.update(next, steps);
    store.set({ status: next });
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
    if (chunk.sample_problem) showMessage(chunk.sample_problem); // names too slow to draw
  }

  // 2. loading

  const downloads = createDownloads(loading);
  client.on(events.LOAD, ({ phase: name, state: where, ms, ...bytes }) => {
    if (name === "download") downloads.show(bytes);
    const item = loading.querySelector(`[data-phase="${name}"]`);
    if (!item) return;
    item.dataset.status = where === "done" ? "done" : "active";
    if (ms === undefined) return;
    item.querySelector("[data-phase-time]").textContent = formatSeconds(ms / 1000);
  });
  client.on(events.PROGRESS, onChunk);
  client.on(events.FAILED, ({ message: text }) => {
    if (!status()) return;
    showMessage(t("lab.error.worker", { message: text }));
    store.set({ failure: text });
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
    // a new message (an invalid or refused setting, or a slow one) opens the panel to show it
    if (form.showErrors(controls, errors).length) panel.open = true;
    summarize();
    store.set({ valid: form.isValid(errors) }); // a warning (a slow model) leaves them valid
    return st().valid;
  }

  function confirmReset(keys) {
    dialog.querySelector("[data-confirm-text]").textContent =
      t(status().step === 1 ? "lab.confirm.text_one" : "lab.confirm.text",
        { step: formatNumber(status().step), names: keys.join(", ") });
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
        form.write(controls, status().settings); // keep the model, and the settings that made it
        update(form.read(controls));
        await validateNow();
        return;
      }
      out = await client.call("configure", { settings, reset: true });
    }
    if (out.status.version !== status().version) newModel(out.status);
    else setStatus(out.status);
    showMessage("");
  }

  let validateTimer = 0;
  controls.addEventListener("input", (event) => {
    if (event.target.name) edited.add(event.target.name);
    update(form.read(controls));
    summarize();
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
    store.set({ busy: true });
    showMessage("");
    try {
      await fn();
    } catch (e) {
      showMessage(e.message);
    } finally {
      store.set({ busy: false });
    }
  }

  // The last press of Train / Resume or Pause wins: a Resume waits for the run it follows to
  // stop and for pending edits, and gives way if Pause (or a later Resume) is pressed meanwhile.
  let lastPress = 0;

  async function train() {
    const press = ++lastPress;
    clearTimeout(validateTimer);
    if (running) await running.catch(() => {}); // a Resume pressed while a Pause lands
    await queue(validateNow).catch(() => {}); // settle pending edits first
    if (press !== lastPress) return;
    if (!st().valid || st().training || status().done) return;
    showMessage("");
    store.set({ training: true, pausing: false });
    try {
      running = client.call("run");
      setStatus(await running);
    } catch (e) {
      showMessage(e.message);
    } finally {
      running = null;
      store.set({ training: false, pausing: false });
    }
  }

  function pause() {
    lastPress++; // a Resume still waiting does not start
    if (!st().training) return;
    store.set({ pausing: true });
    client.call("pause").catch((e) => showMessage(e.message));
  }
  const step = () => act(async () => {
    await queue(validateNow);
    if (st().valid) onChunk(await client.call("train", { max_steps: 1, max_ms: 60000 }));
  });
  const reset = () => act(async () => newModel(await client.call("reset")));
  const sample = () => act(async () => {
    await queue(applySettings);
    // an invalid setting stays out of Python: sampling now would use the old values
    if (st().valid) samples.show("sampled", status().step, await client.call("sample"));
  });
  // the walkthrough's Train / Pause / Resume calls these too: one training loop
  store.provide({ train, pause, step, reset, sample });
  go.addEventListener("click", () => (st().action === "pause" ? pause() : train()));
  buttons.step.addEventListener("click", step);
  buttons.reset.addEventListener("click", reset);
  buttons.sample.addEventListener("click", sample);
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
  document.addEventListener(events.NEW_MODEL,
    () => { queue(() => showModel()).catch(() => {}); });

  // The model changed by another route (the walkthrough's "Apply this step", or a new model
  // not announced yet): catch up with Python. Versions only grow, so a late answer is dropped.
  async function catchUp() {
    // while training, the progress events keep the lab in step
    if (!status() || st().training) return;
    const before = status();
    const out = await client.call("steps_since", { step: before.step });
    if (st().training || out.status.version <= status().version) return;
    if (out.status.model_id !== status().model_id) await showModel(out.status);
    else onChunk({ ...out, steps: out.steps.filter((s) => s.step > status().step) });
  }
  client.on(events.MODEL_CHANGED, () => { queue(catchUp).catch(() => {}); });
  onLang(() => {
    form.labelChoices(controls);
    summarize();
    if (status()) queue(validateNow).catch(() => {});
  });

  // 5. start: Python's defaults, overridden by the URL

  // a slow start is said, not given up on: the message goes once Python is there
  let slowText = null;
  const slow = client.on(events.SLOW_START, ({ seconds }) => {
    slowText = t("lab.error.timeout", { seconds: formatNumber(seconds) });
    showMessage(slowText);
  });
  let first;
  try {
    first = await client.ready;
    slow();
    if (slowText && message.textContent === slowText) showMessage("");
  } catch (e) {
    slow();
    showMessage(t("lab.error.start", { message: e.message }));
    store.set({ failure: e.message });
    return;
  }
  setDefaults(first.settings);
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
  document.dispatchEvent(new Event(events.LAB_READY)); // a kept model may now come back
}
