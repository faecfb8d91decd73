// The settings schema Python declares once (microgpt/page/settings.py): build.py writes it to
// settings.json, so the form, the URL keys and the kept record exist before Python has loaded.
//
//   SETTINGS      [{key, kind, min, max, choices, max_length, default, group, new_model, label,
//                   hint, input}] in the form's order
//   GROUPS        the fieldsets' order: run, model, sampling
//   KEYS          every setting's key
//   MODEL_KEYS    the keys whose change makes a new model; SAMPLING_KEYS: the others
//   setting(key)  one setting's entry
const response = await fetch(new URL("./settings.json", import.meta.url));
if (!response.ok) throw new Error(`settings.json: HTTP ${response.status}`);
const schema = await response.json();

export const SETTINGS = schema.settings;
export const GROUPS = schema.groups;
export const KEYS = SETTINGS.map((s) => s.key);
export const MODEL_KEYS = SETTINGS.filter((s) => s.new_model).map((s) => s.key);
export const SAMPLING_KEYS = SETTINGS.filter((s) => !s.new_model).map((s) => s.key);
export const setting = (key) => SETTINGS.find((s) => s.key === key);

// A widget's window onto a setting's range (a slider from 0.1 to 2 over temperature's
// 0.01-5): never wider than what Python accepts.
export function within(key, lo, hi) {
  const s = setting(key);
  return { min: Math.max(s.min, lo), max: Math.min(s.max, hi), default: s.default };
}
