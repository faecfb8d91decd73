// Boot: language, sections, widgets, then Python. <body data-ready="1"> once all are up.
import * as client from "./client.js";
import { LANGS, pickLang, setLang } from "./i18n.js";
import { SECTIONS } from "./sections/index.js";
import { state, update } from "./state.js";

function markLang(code) {
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === code));
  }
}

async function switchLang(code) {
  await setLang(code);
  update({ lang: code });
  markLang(code);
}

// [root, module path] for every section (in SECTIONS order) and every widget on the page.
function parts() {
  const sections = SECTIONS.map((name) => [document.querySelector(`[data-section="${name}"]`),
    `./sections/${name}.js`]);
  const widgets = [...document.querySelectorAll("[data-widget]")].map((root) => [root,
    `./widgets/${root.dataset.widget}.js`]);
  return [...sections, ...widgets].filter(([root]) => root);
}

function failed(root, path, error) {
  console.error(`${path}: ${error.message}`);
  root.dataset.failed = "1";
}

const lang = pickLang(state.lang);
await setLang(lang);
markLang(lang);
if (!LANGS.includes(state.lang)) update({ lang: undefined });
for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => switchLang(button.dataset.lang));
}

// Import everything first, so each part subscribes to the worker's events before it starts.
const loaded = await Promise.all(parts().map(async ([root, path]) => {
  try {
    return [root, path, await import(path)];
  } catch (e) {
    failed(root, path, e);
    return null;
  }
}));
const mounting = loaded.filter(Boolean).map(([root, path, module]) =>
  Promise.resolve().then(() => module.mount(root)).catch((e) => failed(root, path, e)));
// Tests may shorten the start-up limit (a wrong .wasm MIME type makes Pyodide hang forever).
client.start(undefined, globalThis.MICROGPT_START_TIMEOUT_MS).catch(() => {}); // the lab shows failures
await Promise.all(mounting);
try {
  await client.ready;
  if (!document.querySelector("[data-failed]")) document.body.dataset.ready = "1";
} catch {
  // already shown by the lab
}
