// One state object for the page, mirrored in the URL's query string (?n_embd=32&lang=zh).
// Keys are the settings schema's (the package's own parameter names) and the language. Values
// are kept as the text the user typed; Python parses and validates them. Values equal to the
// defaults stay out of the URL.
import { KEYS as SETTING_KEYS } from "./schema.js";

export const KEYS = [...SETTING_KEYS, "lang"];

const keys = new Set(KEYS);
const defaults = {};
const listeners = new Set();

// fn() after each change of the address: a setting, the language, the dataset preset
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const state = {};
for (const [key, value] of new URLSearchParams(location.search)) {
  if (keys.has(key)) state[key] = value;
}

// More keys for later features (a dataset preset, say), mirrored the same way.
export function addKeys(...more) {
  for (const key of more) {
    keys.add(key);
    const value = new URLSearchParams(location.search).get(key);
    if (value !== null) state[key] = value;
  }
}

export function setDefaults(values) {
  for (const [key, value] of Object.entries(values)) defaults[key] = String(value);
  writeURL();
}

export function update(changes) {
  for (const [key, value] of Object.entries(changes)) {
    if (!keys.has(key)) continue;
    state[key] = value === null || value === undefined ? undefined : String(value);
  }
  writeURL();
}

function writeURL() {
  const query = new URLSearchParams(location.search);
  for (const key of keys) {
    const value = state[key];
    if (value === undefined || value === defaults[key]) query.delete(key);
    else query.set(key, value);
  }
  const search = query.toString();
  const url = location.pathname + (search ? "?" + search : "") + location.hash;
  if (url === location.pathname + location.search + location.hash) return;
  history.replaceState(null, "", url);
  for (const fn of listeners) fn();
}
