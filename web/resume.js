// The reader's current dataset and model, kept across reloads.
//
//   dataset() -> {preset, name, args}: what the model trains on; args ({text} or {data_base64})
//                for data that did not come with the page, so a reload needs no download
//   adopt(status, dataset?) -> announce a model made outside the lab (a dataset, a file)
//   restore({ignoreLink}) -> {restored, record, status, reason, other}: bring back the kept
//                model after a reload; reason "none", "link" (a shared link's settings differ),
//                "later" (kept by a later version of the page), "broken", "quota" or
//                "unavailable" when it does not; other: the record was kept by another tab
//   startFresh() -> forget this tab's kept model; the bundled names and default settings again
//   bundledText() -> {name, text} of the names that come with the page
//   on(fn) -> told {kept, reason} each time the model is (or cannot be) kept, and
//             {other: true, step} when another tab keeps its own model
//
// Each tab keeps its own record (persist.js), so no tab replaces another's kept model; a
// BroadcastChannel tells the other tabs when one keeps its model. A record that could not be
// restored, or that a shared link set aside, is never written over: this tab keeps its work
// under a new id instead, and the record stays for a later page or "Restore the kept model".
import * as client from "./client.js";
import { MODEL_CHANGED, NEW_MODEL } from "./events.js";
import * as persist from "./persist.js";
import { MODEL_KEYS, SAMPLING_KEYS } from "./schema.js";
import { state } from "./state.js";

const SAVE_AFTER_MS = 1200; // quiet time after the last change before the model is kept
const SAVE_EVERY_MS = 8000; // while training, keep it at most this often

let current = { preset: "bundled", name: "names.txt", args: null };
let enabled = false; // nothing is kept before restore() has run: it would overwrite the record
let timer = 0;
let lastSave = 0;
let setAside = null; // {key, reason} of a record this tab did not restore: never written over
let restoredKey = null; // the record this tab's model came from
const listeners = new Set();
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("microgpt-kept")
  : null;

export const dataset = () => current;

export function on(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const tell = (news) => listeners.forEach((fn) => fn(news));

channel?.addEventListener("message", ({ data }) => {
  if (data?.tab && data.tab !== persist.tab()) tell({ other: true, step: data.step });
});

// This tab's own record is the one set aside: keep this tab's work under a new id instead.
function leaveAside() {
  if (setAside?.key === persist.keyOfTab()) persist.newTab();
}

export function adopt(status, data) {
  if (data) current = data;
  document.dispatchEvent(new CustomEvent(NEW_MODEL, { detail: status }));
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
    if (setAside?.key !== persist.keyOfTab()) await persist.clear();
    tell({ kept: false, reason: "nothing" });
    return;
  }
  leaveAside();
  const out = await persist.save({ checkpoint: saved.text, dataset: current,
    settings: status.settings, step: status.step, steps: status.steps });
  tell(out.ok ? { kept: true, step: status.step } : { kept: false, reason: out.reason });
  if (out.ok) channel?.postMessage({ tab: persist.tab(), step: status.step });
}

function schedule() {
  if (!enabled) return;
  clearTimeout(timer);
  const overdue = lastSave && performance.now() - lastSave > SAVE_EVERY_MS;
  timer = setTimeout(keep, overdue ? 0 : SAVE_AFTER_MS);
}

client.on(MODEL_CHANGED, schedule);

// A shared link wins over the kept model when its model settings differ.
function linkAgrees(settings) {
  return MODEL_KEYS.every((k) => state[k] === undefined
    || Number(state[k]) === Number(settings[k]));
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
  const copied = await persist.holdTab(); // a duplicated tab starts from the record it copied
  const aside = ignoreLink && setAside?.reason === "link" ? setAside.key : null;
  const { ok, record, key, own, reason } = await persist.load(aside, restoredKey ?? copied);
  const other = Boolean(record) && !own;
  const fail = (why, detail) => {
    setAside = { key, reason: why };
    return { restored: false, reason: why, record, other, detail };
  };
  try {
    if (!ok) return { restored: false, reason };
    if (!record) return { restored: false, reason: "none" };
    if (!persist.readable(record)) return fail("later");
    if (!ignoreLink && !linkAgrees(record.settings)) return fail("link");
    if (!(await useDataset(record.dataset))) return fail("broken");
    const out = await client.call("load_model", { text: record.checkpoint });
    if (out.refused) return fail("broken");
    let status = out.status;
    const sampling = SAMPLING_KEYS.map((k) => [k, record.settings[k]]);
    try { // the sampling settings of last time too, when they still fit
      status = (await client.call("configure", { settings: Object.fromEntries(sampling) })).status;
    } catch {
      // keep the model's own
    }
    setAside = null;
    restoredKey = key;
    enabled = true; // before adopt: the restored model is kept again, under this tab's own id
    adopt(status, record.dataset);
    return { restored: true, record, status, other };
  } catch (e) {
    return fail("broken", e.message);
  } finally {
    enabled = true;
    lastSave = performance.now();
  }
}

export async function startFresh(defaults) {
  clearTimeout(timer);
  leaveAside(); // a record that was not restored stays; this tab starts a new one
  setAside = null;
  await persist.clear();
  const bundled = await bundledText();
  await client.call("configure", { settings: defaults, reset: true });
  const out = await client.call("use_dataset", bundled);
  adopt(out.status, { preset: "bundled", name: bundled.name, args: null });
  return out.status;
}
