// Boot: language, sections, widgets, then Python. <body data-ready="1"> once Python is ready and
// every part has mounted or failed; <body data-failed="sections/x widgets/y"> names the failed.
import * as client from "./client.js";
import { LANGS, pickLang, setLang, t } from "./i18n.js";
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

// A part that cannot load or mount says so where it stands; the rest of the page goes on.
function failed(root, path, error) {
  console.error(`${path}: ${error?.message ?? error}`);
  root.dataset.failed = "1";
  const name = path.replace(/^\.\//, "").replace(/\.js$/, "");
  const names = new Set((document.body.dataset.failed || "").split(" ").filter(Boolean)).add(name);
  document.body.dataset.failed = [...names].join(" ");
  root.hidden = false; // a part shown later (compare-runs) shows its failure now
  if (root.querySelector(":scope > [data-part-failed]")) return;
  const note = document.createElement("p");
  note.className = "alert";
  note.setAttribute("role", "alert");
  note.dataset.partFailed = "";
  note.dataset.i18n = "common.part_failed"; // apply() retranslates it on a language switch
  note.textContent = t(note.dataset.i18n);
  const heading = root.querySelector(":scope > h2, :scope > h3");
  if (heading) heading.after(note);
  else root.prepend(note);
}

const lang = pickLang(state.lang);
await setLang(lang);
markLang(lang);
if (!LANGS.includes(state.lang)) update({ lang: undefined });
for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => switchLang(button.dataset.lang));
}
// The busy line with its Stop, and the restart news (busy.js); without it, nothing is stoppable.
import("./busy.js").then((busy) => busy.mount(document.body))
  .catch((e) => console.error(`busy.js: ${e.message}`));

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
// After a minute without Python the lab says so and keeps waiting (a wrong .wasm MIME type makes
// Pyodide hang for ever; a busy machine is only slow); tests may say it sooner.
client.start(undefined, globalThis.MICROGPT_SLOW_START_MS).catch(() => {}); // the lab shows failures
await Promise.all(mounting);
try {
  await client.ready;
  document.body.dataset.ready = "1"; // tests wait on this; data-failed says what is missing
} catch {
  // already shown by the lab
}
