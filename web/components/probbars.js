// Probabilities over the whole vocabulary as vertical bars, one per token, with one token
// marked (the top one, or the one just drawn). Screen readers get the top five in words.
//
//   const bars = createProbBars("walk.temperature.chart");  parent.append(bars.element)
//   bars.show(labels, probs, markedIndex)
//
// The bars always fit their box: on a narrow screen they wrap into two or more bands, never
// off the edge (so the end-of-name bar ⏎ stays in view). Any bar's value can be read by
// tapping or pointing at it, or by focusing the chart and pressing the arrow keys.
import { onLang, t } from "../i18n.js";
import { el, percent, svg } from "./kit.js";

const TALL = 120; // bar area height in SVG units: one band
const LOW = 84; // each of two or more bands (a phone)
const W = 18; // one column
const MIN_COLUMN = 19; // CSS px a column needs for its label to stay readable
const TOUCH = matchMedia("(hover: none)");

export function createProbBars(labelKey) {
  const plot = svg("svg", { class: "probbars-svg" });
  const caption = el("figcaption", { class: "note" });
  const readout = el("p", { class: "probbars-readout", "aria-live": "polite" });
  // focusable: the arrow keys read the bars one by one
  const element = el("figure", { class: "probbars", tabindex: "0" }, plot, readout, caption);
  let shown = null;
  let active = -1; // the bar being read, -1 for none
  let perRow = Infinity;

  function columns() {
    const width = element.clientWidth;
    return width ? Math.max(7, Math.floor(width / MIN_COLUMN)) : Infinity;
  }

  function say() {
    if (!shown) return;
    const { labels, probs } = shown;
    readout.textContent = active >= 0
      ? t("walk.bars.readout", { token: labels[active] === "BOS" ? t("walk.bars.end") : labels[active],
        p: percent(probs[active]) })
      : t(TOUCH.matches ? "walk.bars.hint_touch" : "walk.bars.hint_hover");
    for (const bar of plot.querySelectorAll(".bar")) {
      bar.classList.toggle("active", Number(bar.dataset.i) === active);
    }
  }

  function render() {
    caption.textContent = t("walk.bars.caption");
    if (!shown) {
      readout.textContent = "";
      return;
    }
    const { labels, probs, marked } = shown;
    const n = labels.length;
    perRow = Math.min(n, columns());
    const rows = Math.ceil(n / perRow);
    const per = Math.ceil(n / rows); // even bands: 14 + 13, not 19 + 8
    const width = per * W;
    const H = rows > 1 ? LOW : TALL;
    const BAND = H + 36; // a band with its labels and the value above the tallest bar
    plot.setAttribute("viewBox", `0 -16 ${width} ${rows * BAND}`);
    element.dataset.bands = String(rows);
    const top = Math.max(...probs);
    const nodes = [];
    for (let r = 0; r < rows; r++) {
      const y0 = r * BAND;
      nodes.push(svg("line", { class: "axis", x1: 0, x2: width, y1: y0 + H, y2: y0 + H }));
    }
    const at = (i) => ({ x: (i % per) * W, y0: Math.floor(i / per) * BAND });
    const y = (p) => H - (top > 0 ? (p / top) * H : 0);
    labels.forEach((label, i) => {
      const { x, y0 } = at(i);
      const cls = i === marked ? " marked" : "";
      const bar = svg("rect", { x: x + 2, y: y0 + y(probs[i]), width: W - 4,
        height: Math.max(H - y(probs[i]), 0.5), class: `bar${cls}`, "data-i": String(i),
        "data-token": label });
      // the whole column answers a tap or a pointer, not only the (maybe tiny) bar
      const hit = svg("rect", { x, y: y0 - 16, width: W, height: BAND, class: "hit", "data-i": String(i) });
      nodes.push(bar, svg("text", { x: x + W / 2, y: y0 + H + 14, "text-anchor": "middle",
        class: `label${cls}`, text: label === "BOS" ? "⏎" : label }), hit);
    });
    if (marked !== null) {
      const { x, y0 } = at(marked);
      const cx = Math.min(Math.max(x + W / 2, 14), width - 14); // "16%" stays in view
      nodes.push(svg("text", { x: cx, y: y0 + y(probs[marked]) - 4, "text-anchor": "middle",
        class: "value", text: percent(probs[marked], 0) }));
    }
    plot.replaceChildren(...nodes);
    const ranked = probs.map((p, i) => [p, labels[i]]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    plot.setAttribute("role", "img"); // named from the first data on
    plot.setAttribute("aria-label", t(labelKey, { top: ranked.map(([p, l]) => `${l} ${percent(p)}`).join(", ") }));
    if (active >= n) active = -1;
    say();
  }

  function pick(event) {
    const i = event.target.dataset?.i;
    if (i === undefined) return;
    active = Number(i);
    say();
  }
  plot.addEventListener("pointerdown", pick);
  plot.addEventListener("pointerover", (event) => { if (event.pointerType === "mouse") pick(event); });
  element.addEventListener("keydown", (event) => {
    if (!shown || event.target !== element) return;
    const last = shown.labels.length - 1;
    const moves = { ArrowLeft: active - 1, ArrowRight: active + 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation(); // the arrows read the chart here, not the stepper
    active = Math.max(0, Math.min(last, moves[event.key]));
    say();
  });
  // focused, the chart reads its marked bar first; the arrow keys go on from there
  element.addEventListener("focus", () => {
    if (!shown || active >= 0) return;
    active = shown.marked ?? 0;
    say();
  });
  // a new layout when the box is resized across a column count (a phone turned, a window)
  new ResizeObserver(() => { if (shown && Math.min(shown.labels.length, columns()) !== perRow) render(); })
    .observe(element);
  TOUCH.addEventListener?.("change", say);
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
