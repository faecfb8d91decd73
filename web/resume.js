// The reader's current dataset and model, kept across reloads.
//
//   dataset() -> {preset, name, args}: what the model trains on; args ({text} or {data_base64})
//                for data that did not come with the page, so a reload needs no download
//   adopt(status, dataset?) -> announce a model made outside the lab (a dataset, a file)
//   restore({ignoreLink}) -> {restored, record, status, reason}: bring back the kept model
//                after a reload; reason "none", "link" (a shared link's settings differ),
//                "broken", "quota" or "unavailable" when it does not
//   startFresh() -> forget the kept model; the bundled names and default settings again
//   bundledText() -> {name, text} of the names that come with the page
//   on(fn) -> told {kept, reason} each time the model is (or cannot be) kept
import * as client from "./client.js";
import * as persist from "./persist.js";
import { state } from "./state.js";

export const MODEL_EVENT = "microgpt:new-model"; // detail: the status of a model made elsewhere
const SAVE_AFTER_MS = 1200; // quiet time after the last change before the model is kept
const SAVE_EVERY_MS = 8000; // while training, keep it at most this often
const MODEL_KEYS = ["seed", "steps", "learning_rate", "n_layer", "n_embd", "n_head", "block_size"];

let current = { preset: "bundled", name: "names.txt", args: null };
let enabled = false; // nothing is kept before restore() has run: it would overwrite the record
let timer = 0;
let lastSave = 0;
const listeners = new Set();

export const dataset = () => current;

export function on(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const tell = (news) => listeners.forEach((fn) => fn(news));

export function adopt(status, data) {
  if (data) current = data;
  document.dispatchEvent(new CustomEvent(MODEL_EVENT, { detail: status }));
  schedule();
}

async function keep() {
  timer = 0;
  lastSave = performance.now();
  let saved;
  try {
    saved = await client.call("save_model");
  } catch (e) {
    tell({ kept: false, reason: "model", detail: e.message }); // a diverged model cannot be saved
    return;
  }
  const status = await client.call("status");
  if (status.step === 0 && current.preset === "bundled") { // nothing a reload would miss
    await persist.clear();
    tell({ kept: false, reason: "nothing" });
    return;
  }
  const out = await persist.save({ checkpoint: saved.text, dataset: current, settings: status.settings,
    step: status.step, steps: status.steps });
  tell(out.ok ? { kept: true, step: status.step } : { kept: false, reason: out.reason });
}

function schedule() {
  if (!enabled) return;
  clearTimeout(timer);
  const overdue = lastSave && performance.now() - lastSave > SAVE_EVERY_MS;
  timer = setTimeout(keep, overdue ? 0 : SAVE_AFTER_MS);
}

client.on("model-changed", schedule);

// A shared link wins over the kept model when its model settings differ.
function linkAgrees(settings) {
  return MODEL_KEYS.every((k) => state[k] === undefined || Number(state[k]) === Number(settings[k]));
}

export async function bundledText() {
  const manifest = await (await fetch(new URL("./build.json", import.meta.url))).json();
  const response = await fetch(new URL(`./${manifest.dataset}`, import.meta.url));
  if (!response.ok) throw new Error(`${manifest.dataset}: HTTP ${response.status}`);
  return { name: manifest.dataset.split("/").pop(), text: await response.text() };
}

// Puts a kept dataset back: the bundled names are already there after start-up.
async function useDataset(data) {
  if (!data.args) return true;
  const out = await client.call("use_dataset", { name: data.name, ...data.args });
  return !out.refused;
}

export async function restore({ ignoreLink = false } = {}) {
  const { ok, record, reason } = await persist.load();
  try {
    if (!ok) return { restored: false, reason };
    if (!record) return { restored: false, reason: "none" };
    if (!ignoreLink && !linkAgrees(record.settings)) return { restored: false, reason: "link", record };
    if (!(await useDataset(record.dataset))) return { restored: false, reason: "broken", record };
    const out = await client.call("load_model", { text: record.checkpoint });
    if (out.refused) return { restored: false, reason: "broken", record };
    let status = out.status;
    const sampling = ["temperature", "n_samples", "prefix", "engine"].map((k) => [k, record.settings[k]]);
    try { // the sampling settings of last time too, when they still fit
      status = (await client.call("configure", { settings: Object.fromEntries(sampling) })).status;
    } catch {
      // keep the model's own
    }
    adopt(status, record.dataset);
    return { restored: true, record, status };
  } catch (e) {
    return { restored: false, reason: "broken", detail: e.message };
  } finally {
    enabled = true;
    lastSave = performance.now();
  }
}

export async function startFresh(defaults) {
  clearTimeout(timer);
  await persist.clear();
  const bundled = await bundledText();
  await client.call("configure", { settings: defaults, reset: true });
  const out = await client.call("use_dataset", bundled);
  adopt(out.status, { preset: "bundled", name: bundled.name, args: null });
  return out.status;
}
