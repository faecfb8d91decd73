// Section 10: Adam beside plain gradient descent on a toy slope, an elongated bowl
// L = (A x² + B y²)/2, both paths computed in Python with core's Adam rule (explain/optimiser.py).
// Step, Play/Pause and Reset walk through the steps; Play jumps straight to the end under
// prefers-reduced-motion.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, fixed, frame, svg } from "../components/kit.js";
import { onModel } from "../components/live.js";

const W = 360;
const H = 240;
const VIEW = { x0: -4.6, x1: 1.4, y0: -2, y1: 2 }; // toy coordinates shown (same scale both ways)
const TICK_MS = 250;
const still = matchMedia("(prefers-reduced-motion: reduce)");

const px = (x) => ((x - VIEW.x0) / (VIEW.x1 - VIEW.x0)) * W;
const py = (y) => H - ((y - VIEW.y0) / (VIEW.y1 - VIEW.y0)) * H;

export function mount(root) {
  const { body } = frame(root, "walk.optimiser.title");
  const button = (action) => el("button", { type: "button", "data-action": action });
  const stepBtn = button("opt-step");
  const playBtn = button("opt-play");
  const resetBtn = button("opt-reset");
  const counter = el("span", { class: "opt-count", "aria-live": "polite" });
  const plot = svg("svg", { class: "opt-plot", viewBox: `0 0 ${W} ${H}` });
  const legend = el("ul", { class: "opt-legend" });
  const readout = el("p", { class: "note opt-readout" });
  const caption = el("figcaption", { class: "note" });
  body.append(el("div", { class: "row opt-controls" }, stepBtn, playBtn, resetBtn, counter),
    el("figure", { class: "opt-figure" }, plot, legend, caption), readout);

  let data = null;
  let k = 0; // steps shown
  let timer = null;

  const path = (pts) => pts.slice(0, k + 1).map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");

  function drawPlot() {
    const parts = [svg("rect", { class: "opt-frame", x: 0, y: 0, width: W, height: H })];
    for (const c of data.contours) {
      parts.push(svg("ellipse", { class: "opt-contour", cx: px(0), cy: py(0),
        rx: (c.rx * W) / (VIEW.x1 - VIEW.x0), ry: (c.ry * H) / (VIEW.y1 - VIEW.y0) }));
    }
    parts.push(svg("circle", { class: "opt-min", cx: px(0), cy: py(0), r: 4 }),
      svg("text", { class: "opt-label", x: px(0) + 7, y: py(0) - 7, text: t("walk.optimiser.minimum") }),
      svg("text", { class: "opt-label", x: px(data.gd.path[0][0]) + 8, y: py(data.gd.path[0][1]) + 4, text: t("walk.optimiser.start") }));
    for (const [key, shape] of [["gd", "circle"], ["adam", "rect"]]) {
      const pts = data[key].path;
      parts.push(svg("polyline", { class: `opt-path opt-${key}`, points: path(pts) }));
      const [x, y] = pts[k];
      parts.push(shape === "circle"
        ? svg("circle", { class: `opt-dot opt-${key}`, cx: px(x), cy: py(y), r: 5 })
        : svg("rect", { class: `opt-dot opt-${key}`, x: px(x) - 5, y: py(y) - 5, width: 10, height: 10 }));
    }
    const clip = svg("clipPath", { id: "opt-clip" });
    clip.append(svg("rect", { x: 0, y: 0, width: W, height: H }));
    const g = svg("g", { "clip-path": "url(#opt-clip)" });
    g.append(...parts);
    plot.replaceChildren(clip, g);
  }

  function draw() {
    stepBtn.textContent = t("walk.optimiser.step");
    playBtn.textContent = t(timer ? "walk.optimiser.pause" : "walk.optimiser.play");
    resetBtn.textContent = t("walk.optimiser.reset");
    if (!data) return;
    stepBtn.disabled = k >= data.steps;
    playBtn.disabled = !timer && k >= data.steps;
    resetBtn.disabled = k === 0;
    counter.textContent = t("walk.optimiser.count", { k: formatNumber(k), n: formatNumber(data.steps) });
    drawPlot();
    const at = (key) => data[key].path[k];
    const [gx, gy, gl] = at("gd");
    const [ax, ay, al] = at("adam");
    legend.replaceChildren(
      el("li", { class: "opt-gd" }, el("span", { class: "opt-key", "aria-hidden": "true", text: "●" }),
        el("span", { text: t("walk.optimiser.gd", { lr: formatNumber(data.gd.learning_rate) }) })),
      el("li", { class: "opt-adam" }, el("span", { class: "opt-key", "aria-hidden": "true", text: "■" }),
        el("span", { text: t("walk.optimiser.adam", { lr: formatNumber(data.adam.learning_rate),
          beta1: formatNumber(data.beta1), beta2: formatNumber(data.beta2) }) })));
    const p = (x) => fixed(x, 2);
    readout.textContent = t("walk.optimiser.readout", { k: formatNumber(k), gx: p(gx), gy: p(gy),
      gl: fixed(gl, 3), ax: p(ax), ay: p(ay), al: fixed(al, 3) });
    const bowl = { a: formatNumber(data.bowl[0]), b: formatNumber(data.bowl[1]) };
    caption.textContent = t("walk.optimiser.caption", { ...bowl, n: formatNumber(data.steps) });
    plot.setAttribute("role", "img"); // named from the first data on
    plot.setAttribute("aria-label", t("walk.optimiser.aria", { ...bowl, n: formatNumber(data.steps) })
      + " " + readout.textContent);
    root.dataset.k = String(k);
  }

  function stop() {
    clearInterval(timer);
    timer = null;
  }
  function advance() {
    if (!data || k >= data.steps) stop();
    else k += 1;
    if (data && k >= data.steps) stop();
    draw();
  }
  stepBtn.addEventListener("click", () => { stop(); advance(); });
  resetBtn.addEventListener("click", () => { stop(); k = 0; draw(); });
  playBtn.addEventListener("click", () => {
    if (timer) stop();
    else if (still.matches) k = data.steps; // no motion: show where both end up
    else timer = setInterval(advance, TICK_MS);
    draw();
    if (playBtn.disabled) stepBtn.disabled ? resetBtn.focus() : stepBtn.focus();
  });

  onModel(root, async () => {
    data = await call("optimiser", { steps: 40 });
    k = Math.min(k, data.steps);
    draw();
  });
  onLang(draw);
  draw();
}
