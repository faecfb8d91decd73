// Share links. state.js mirrors the settings, seed, engine and language into the URL, and this
// adds the dataset preset; the page's own address is then the link to share. Values a link holds
// that the page cannot use fall back to the defaults, and a notice lists them.
import * as client from "./client.js";
import { onLang, t } from "./i18n.js";
import { addKeys, onChange, state, update } from "./state.js";

export const PRESETS = ["bundled", "karpathy"]; // pasted and uploaded data stay out of links
// The code lab's preset experiment (?experiment=no-mlp). A link names a preset, never code:
// the reader's own edits stay in their tab.
addKeys("dataset", "experiment");

let dropped = []; // [{key, value}] the link held but the page could not use

// The URL's values for `fields` that Python accepts; the others are removed from the URL.
// Python's "validate" judges them against its defaults, one failing key at a time.
export async function urlSettings(fields) {
  const wanted = Object.fromEntries(fields.filter((k) => state[k] !== undefined)
    .map((k) => [k, state[k]]));
  const bad = [];
  for (;;) {
    const errors = Object.fromEntries(Object.entries(await client.call("validate",
      { settings: wanted })).filter(([, e]) => !e.warning)); // a warning (slow) still fits
    const failing = Object.keys(errors).filter((k) => k in wanted);
    if (!Object.keys(errors).length) break;
    // a clash the URL caused through a key it does not hold (n_embd vs a default n_head):
    // none of its values can be trusted together, so all fall back
    for (const key of failing.length ? failing : Object.keys(wanted)) {
      bad.push({ key, value: wanted[key] });
      delete wanted[key];
    }
    if (!Object.keys(wanted).length) break;
  }
  if (state.dataset !== undefined && !PRESETS.includes(state.dataset)) {
    bad.push({ key: "dataset", value: state.dataset });
  }
  update(Object.fromEntries(bad.map(({ key }) => [key, undefined])));
  dropped = [...bad, ...dropped.filter(({ key }) => key === "experiment")]; // the code lab's
  showNotice();
  return wanted;
}

// The preset a link asks for ("bundled" when none).
export const linkedPreset = () => (PRESETS.includes(state.dataset) ? state.dataset : "bundled");

export function setPreset(preset) {
  update({ dataset: preset === "bundled" || !PRESETS.includes(preset) ? undefined : preset });
}

// The code lab's experiment a link asks for ("original" when none); `known` is Python's list
// of presets (code_experiments): any other value is dropped from the URL and the notice.
export function linkedExperiment(known) {
  const asked = state.experiment;
  if (asked === undefined) return "original";
  if (known.includes(asked)) return asked;
  update({ experiment: undefined });
  dropped = [...dropped.filter(({ key }) => key !== "experiment"),
    { key: "experiment", value: asked }];
  showNotice();
  return "original";
}

// A preset into the link; the original and the reader's own edit ("custom") leave it out.
export function setExperiment(id) {
  update({ experiment: id === "original" || id === "custom" ? undefined : id });
}

export const link = () => location.href;

// fn(link) each time the link changes, so a shown link is never stale
export const onLink = (fn) => onChange(() => fn(link()));

// The notice about dropped values, in [data-url-notice] (user text, so as text only).
function showNotice() {
  const notice = document.querySelector("[data-url-notice]");
  if (!notice) return;
  const shorten = (v) => (v.length > 40 ? `${v.slice(0, 39)}…` : v);
  const list = dropped.map(({ key, value }) =>
    t("share.dropped_item", { key, value: shorten(value) }));
  notice.textContent = dropped.length
    ? t("share.dropped", { list: list.join(t("share.separator")) }) : "";
  notice.hidden = !dropped.length;
}
onLang(showNotice);

export async function copyLink() {
  try {
    await navigator.clipboard.writeText(link());
    return true;
  } catch {
    return false; // no clipboard permission: the link is in a text box to copy by hand
  }
}
