// A walkthrough section: its title and paragraphs from i18n, placed around its widgets.
//
//   mountSection(root, "walk.dataset", ["p1", "p2", "@dataset", "p3"])
// "pN" is the paragraph at AREA.pN (with glossary marks, see glossary.js); "@NAME" is the
// section's own <div data-widget="NAME">, already in the page and mounted by main.js.
//
// The paragraphs are templates: a {placeholder} is a number of the live model, from Python's
// model_facts (explain/facts.py), so "a vector of {n_embd} numbers" follows the lab's settings.
// They are filled again when the model changes (not on every chunk while training: training
// changes no size) and when the language changes. Before Python has answered, a placeholder
// shows "…".
import * as client from "./client.js";
import * as events from "./events.js";
import { isTraining, onTraining } from "./components/live.js";
import { rich } from "./glossary.js";
import { formatNumber, onLang, t } from "./i18n.js";
import * as store from "./store.js";

let facts = null;
const factListeners = new Set();
let asking = false;
let askAgain = false;

async function refreshFacts() {
  if (asking) {
    askAgain = true;
    return;
  }
  asking = true;
  try {
    const fresh = await client.call("model_facts");
    if (JSON.stringify(fresh) !== JSON.stringify(facts)) {
      facts = fresh;
      for (const fn of factListeners) fn(facts);
    }
  } catch {
    // no model (start-up failed, or Python was restarted): the lab says so; keep the last facts
  } finally {
    asking = false;
    if (askAgain) {
      askAgain = false;
      refreshFacts();
    }
  }
}
client.ready.then(refreshFacts, () => {});
client.on(events.MODEL_CHANGED, () => { if (!isTraining()) refreshFacts(); });
onTraining((training) => { if (!training) refreshFacts(); });
// a sampling setting (the temperature) changes no model version: follow the lab's status
store.subscribe(({ status, training }) => {
  const temperature = status?.settings?.temperature;
  if (facts && !training && temperature !== undefined && temperature !== facts.temperature) refreshFacts();
});

export const currentFacts = () => facts;

// fn(facts) each time the live model's sizes change (a widget's captions quote them)
export function onFacts(fn) {
  factListeners.add(fn);
  return () => factListeners.delete(fn);
}

// The placeholders a section text may use, formatted for the reader's language.
export function factParams(f) {
  if (!f) return new Proxy({}, { has: () => true, get: () => "…" });
  const int = (n) => formatNumber(n, { maximumFractionDigits: 0 });
  const count = (short) => f.params.filter((p) => p.name.endsWith(short))
    .reduce((sum, p) => sum + p.count, 0);
  return {
    vocab_size: int(f.vocab_size),
    n_letters: int(f.vocab_size - 1),
    bos: int(f.bos),
    n_layer: int(f.n_layer),
    n_embd: int(f.n_embd),
    n_head: int(f.n_head),
    head_dim: int(f.head_dim),
    sqrt_head_dim: formatNumber(f.sqrt_head_dim, { maximumFractionDigits: 2 }),
    mlp_width: int(f.mlp_width),
    block_size: int(f.block_size),
    n_params: int(f.n_params),
    wte: int(count("wte")),
    wpe: int(count("wpe")),
    lm_head: int(count("lm_head")),
    attention: int(f.groups.attention),
    mlp: int(f.groups.mlp),
    embedding: int(f.groups.embedding),
    steps: int(f.steps),
    learning_rate: formatNumber(f.learning_rate, { maximumSignificantDigits: 3 }),
    last_learning_rate: formatNumber(f.last_learning_rate, { maximumSignificantDigits: 2 }),
    random_loss: formatNumber(f.random_loss, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    temperature: formatNumber(f.temperature ?? 0.5, { maximumFractionDigits: 2 }),
  };
}

export function mountSection(root, area, layout) {
  const title = document.createElement("h2");
  title.id = `${root.id}-title`;
  root.setAttribute("aria-labelledby", title.id);
  const widgets = Object.fromEntries([...root.querySelectorAll("[data-widget]")]
    .map((el) => [el.dataset.widget, el]));
  const parts = layout.map((item) => {
    if (item.startsWith("@")) {
      const widget = widgets[item.slice(1)];
      if (!widget) throw new Error(`${area}: no data-widget="${item.slice(1)}" in the section`);
      return widget;
    }
    const p = document.createElement("p");
    p.dataset.text = `${area}.${item}`;
    return p;
  });
  root.replaceChildren(title, ...parts);

  function texts() {
    title.textContent = t(`${area}.title`);
    const params = factParams(facts);
    for (const p of parts) {
      if (p.dataset.text) p.replaceChildren(rich(t(p.dataset.text, params), params));
    }
    if (facts) root.dataset.facts = `${facts.n_embd}/${facts.n_head}/${facts.vocab_size}`;
  }
  onLang(texts);
  factListeners.add(texts);
  texts();
}
