// Probabilities over the whole vocabulary as vertical bars, one per token, with one token
// marked (the top one, or the one just drawn). Screen readers get the top five in words.
//
//   const bars = createProbBars("walk.temperature.chart");  parent.append(bars.element)
//   bars.show(labels, probs, markedIndex)
import { onLang, t } from "../i18n.js";
import { el, percent, svg } from "./kit.js";

const H = 120; // bar area height in SVG units
const W = 18; // one column

export function createProbBars(labelKey) {
  const plot = svg("svg", { class: "probbars-svg" });
  const caption = el("figcaption", { class: "note" });
  // focusable: it scrolls sideways on narrow screens
  const element = el("figure", { class: "probbars", tabindex: "0" }, plot, caption);
  let shown = null;

  function render() {
    caption.textContent = t("walk.bars.caption");
    if (!shown) return;
    const { labels, probs, marked } = shown;
    const width = labels.length * W;
    plot.setAttribute("viewBox", `0 -16 ${width} ${H + 36}`);
    const top = Math.max(...probs);
    const y = (p) => H - (top > 0 ? (p / top) * H : 0);
    const nodes = [svg("line", { class: "axis", x1: 0, x2: width, y1: H, y2: H })];
    labels.forEach((label, i) => {
      const cls = i === marked ? " marked" : "";
      const bar = svg("rect", { x: i * W + 2, y: y(probs[i]), width: W - 4,
        height: Math.max(H - y(probs[i]), 0.5), class: `bar${cls}` });
      bar.append(svg("title", { text: `${label}: ${percent(probs[i])}` }));
      nodes.push(bar, svg("text", { x: i * W + W / 2, y: H + 14, "text-anchor": "middle",
        class: `label${cls}`, text: label === "BOS" ? "⏎" : label }));
    });
    if (marked !== null) {
      const x = Math.min(Math.max(marked * W + W / 2, 14), width - 14); // "16%" stays in view
      nodes.push(svg("text", { x, y: y(probs[marked]) - 4, "text-anchor": "middle",
        class: "value", text: percent(probs[marked], 0) }));
    }
    plot.replaceChildren(...nodes);
    const ranked = probs.map((p, i) => [p, labels[i]]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    plot.setAttribute("role", "img"); // named from the first data on
    plot.setAttribute("aria-label", t(labelKey, { top: ranked.map(([p, l]) => `${l} ${percent(p)}`).join(", ") }));
  }

  onLang(render);
  return {
    element,
    show(labels, probs, marked = null) {
      shown = { labels, probs, marked };
      element.dataset.marked = marked === null ? "" : labels[marked];
      render();
    },
  };
}
