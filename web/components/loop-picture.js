// The opening's picture of the whole algorithm: the training loop (names, tokens, forward pass,
// loss, backward pass, Adam update, then again) and, after it, sampling. Plain HTML and CSS
// (css/page.css, .loop-*): a row on wide screens, a column on phones; each stage is a link to the
// walkthrough section that explains it, and a sentence in words stands in for the arrows.
import { formatNumber, onLang, t } from "../i18n.js";
import { setting } from "../schema.js";

// [stage, walkthrough section] in order; the first six are the loop, the last comes after it.
export const STAGES = [["names", "walk-dataset"], ["tokens", "walk-tokens"],
  ["forward", "walk-forward"], ["loss", "walk-loss"], ["backward", "walk-autograd"],
  ["update", "walk-learning"], ["sample", "walk-sampling"]];
const LOOP = 6;

function node(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

function stage([name, section], number) {
  const link = node("a", { class: "loop-stage", href: `#${section}` },
    node("span", { class: "loop-num", "aria-hidden": "true" }, String(number)),
    node("span", { class: "loop-name", "data-text": `intro.picture.stage.${name}.name` }),
    node("span", { class: "loop-what", "data-text": `intro.picture.stage.${name}.what` }));
  return node("li", { "data-stage": name }, link);
}

// The picture as a <figure>; it follows the page's language by itself.
export function createLoopPicture() {
  const steps = () => formatNumber(setting("steps").default);
  const caption = node("figcaption", { class: "loop-title", "data-text": "intro.picture.title" });
  const repeat = node("p", { class: "loop-repeat", id: "loop-repeat" },
    node("span", { class: "loop-repeat-mark", "aria-hidden": "true" }, "↻"), " ",
    node("span", { "data-text": "intro.picture.repeat" }));
  const loop = node("div", { class: "loop-train", role: "group", "aria-labelledby": "loop-repeat" },
    node("ol", { class: "loop-stages" }, ...STAGES.slice(0, LOOP).map((s, i) => stage(s, i + 1))),
    node("div", { class: "loop-back", "aria-hidden": "true" }), repeat);
  const then = node("p", { class: "loop-then", "data-text": "intro.picture.then" });
  const after = node("ol", { class: "loop-stages loop-after", start: String(LOOP + 1) },
    ...STAGES.slice(LOOP).map((s, i) => stage(s, LOOP + 1 + i)));
  const words = node("p", { class: "visually-hidden", id: "loop-words",
    "data-text": "intro.picture.words" });
  const figure = node("figure", { class: "loop-picture", "data-loop-picture": "",
    "aria-describedby": "loop-words" },
  caption, node("div", { class: "loop-flow" }, loop, node("div", { class: "loop-next" }, then,
    after)), words);

  function texts() {
    for (const el of figure.querySelectorAll("[data-text]")) {
      el.textContent = t(el.dataset.text, { steps: steps() });
    }
  }
  onLang(texts);
  texts();
  return figure;
}
