// Section 5: cross-entropy. The -log p curve with a slider, then the current model's loss at
// each position of a name. Data: "loss_curve" and "prediction" (microgpt.explain).
import { t } from "../i18n.js";
import { bars, call, el, fixed, frame, live, percent, svg } from "../components/kit.js";
import { nameInput } from "./tokenizer.js";

const H = 220, PAD = { left: 36, right: 12, top: 10, bottom: 30 };
const Y_MAX = 5; // the plot's top, in loss units (p = 1% gives 4.6)
let W = 520; // set per drawing to the box's width, so labels keep their size on phones

const px = (p) => PAD.left + p * (W - PAD.left - PAD.right);
const py = (loss) => PAD.top + (1 - Math.min(loss, Y_MAX) / Y_MAX) * (H - PAD.top - PAD.bottom);

function plot(curve, width) {
  W = Math.max(260, Math.min(520, width || 520));
  const chart = svg("svg", { class: "plot", viewBox: `0 0 ${W} ${H}`, "aria-hidden": "true" });
  chart.append(svg("line", { class: "axis", x1: PAD.left, x2: W - PAD.right, y1: py(0), y2: py(0) }),
    svg("line", { class: "axis", x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: py(0) }));
  for (const v of [0, 1, 2, 3, 4, 5]) {
    chart.append(svg("text", { x: PAD.left - 6, y: py(v) + 4, "text-anchor": "end", text: String(v) }));
  }
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg("text", { x: px(p), y: H - 10, "text-anchor": "middle", text: `${p * 100}%` }));
  }
  const guide = svg("line", { class: "guide", x1: PAD.left, x2: W - PAD.right, y1: py(curve.random_loss), y2: py(curve.random_loss) });
  const d = curve.points.map(([p, loss], i) => `${i ? "L" : "M"}${px(p).toFixed(1)},${py(loss).toFixed(1)}`).join(" ");
  const dot = svg("circle", { class: "dot", r: 7 });
  chart.append(guide, svg("path", { class: "curve", d }), dot);
  return { chart, dot };
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.loss.title");
  const sliderLabel = el("label", { for: "loss-p" });
  const slider = el("input", { id: "loss-p", type: "range", min: "1", max: "100", step: "1", value: "30", name: "p" });
  const readout = el("p", { class: "readout-big", "aria-live": "polite", "data-loss-readout": "" });
  const figure = el("figure", { class: "chart-box" });
  const legend = el("p", { class: "note" });
  const nameTitle = el("h4");
  const { input, row } = nameInput("loss-text", "walk.loss.label", "emma");
  const perPosition = el("div", { "data-per-position": "" });
  const summary = el("p", { "aria-live": "polite", "data-name-loss": "" });
  body.append(el("div", { class: "row" }, sliderLabel, slider), readout, figure, legend,
    nameTitle, row, perPosition, summary);
  let curve = null;
  let dot = null;
  let name = null;

  function drawSlider() {
    sliderLabel.textContent = t("walk.loss.slider");
    if (!curve) return;
    const [p, loss] = curve.points[Number(slider.value) - 1];
    dot.setAttribute("cx", px(p));
    dot.setAttribute("cy", py(loss));
    readout.textContent = t("walk.loss.readout", { p: percent(p, 0), loss: fixed(loss, 2) });
    slider.setAttribute("aria-valuetext", readout.textContent);
  }

  function drawName() {
    nameTitle.textContent = t("walk.loss.name_title");
    if (!name) return;
    input.setAttribute("aria-invalid", String(Boolean(name.problem)));
    showProblem(name.problem, "walk.tokenizer.problem");
    if (name.problem) {
      perPosition.replaceChildren();
      summary.textContent = "";
      return;
    }
    const top = Math.max(Y_MAX, ...name.pairs.map((pair) => pair.loss ?? Y_MAX));
    perPosition.replaceChildren(bars(name.pairs.map((pair) => ({
      label: `${name.labels[pair.pos]}→${name.labels[pair.pos + 1]}`,
      value: (pair.loss ?? top) / top,
      text: fixed(pair.loss, 2),
      cls: pair.loss > name.random_loss ? "worse" : "",
    })), name.random_loss / top));
    const worse = name.pairs.some((pair) => pair.loss > name.random_loss);
    const summaryKey = name.step === 1 ? "walk.loss.name_summary_one" : "walk.loss.name_summary";
    summary.textContent = t(summaryKey, {
      mean: fixed(name.mean_loss, 2), random: fixed(name.random_loss, 2), step: name.step })
      + (worse ? ` ${t("walk.loss.worse")}` : "");
  }

  function draw() {
    if (curve) {
      legend.textContent = t("walk.loss.legend", { random: fixed(curve.random_loss, 2), vocab: curve.vocab_size });
    }
    drawSlider();
    drawName();
  }

  live(root, async () => {
    let next;
    try {
      next = await call("loss_curve");
    } catch (e) {
      showProblem(e);
      return;
    }
    if (curve && next.vocab_size === curve.vocab_size) return; // only a new dataset changes it
    curve = next;
    const drawn = plot(curve, figure.clientWidth);
    dot = drawn.dot;
    figure.replaceChildren(drawn.chart);
    draw();
  }, draw);

  const again = live(root, async () => {
    try {
      name = await call("prediction", { text: input.value });
    } catch (e) {
      showProblem(e);
      return;
    }
    drawName();
  }, () => {});
  draw(); // the labels, before Python answers
  slider.addEventListener("input", drawSlider);
  input.addEventListener("input", again);
}
