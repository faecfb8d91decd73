// The live loss chart (uPlot): per-step loss, its moving average, and the random-guess line.
import { onLang, t } from "../i18n.js";

const UPLOT = "../vendor/uplot/uPlot.esm.js";

function knownTag(tag) {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

// uPlot's module runs `new Intl.NumberFormat(navigator.language)` when it loads, which throws on a
// tag Intl rejects ("C" in WebKitGTK under LANG=C): it then loads with "en-US" as the tag for that
// moment. Any other failure leaves the lab without a chart, not without a lab.
async function loadUPlot() {
  if (knownTag(navigator.language)) return (await import(UPLOT)).default;
  const own = Object.getOwnPropertyDescriptor(navigator, "language");
  Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
  try {
    return (await import(UPLOT)).default;
  } finally {
    if (own) Object.defineProperty(navigator, "language", own);
    else delete navigator.language;
  }
}

const uPlot = await loadUPlot().catch((e) => {
  console.error(`uPlot: ${e?.message ?? e}`);
  return null;
});

const HEIGHT = 260;
const STEP_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000,
  20000, 25000, 50000];
const dark = matchMedia("(prefers-color-scheme: dark)");

function colors() {
  const css = getComputedStyle(document.documentElement);
  const get = (name) => css.getPropertyValue(name).trim();
  return {
    text: get("--text-muted"), grid: get("--grid"), loss: get("--chart-loss"),
    avg: get("--chart-avg"), random: get("--chart-random"), previous: get("--chart-previous"),
  };
}

export function createChart(el) {
  let total = 1000; // the run's length: the x axis spans it from the start
  let randomLoss = null;
  let steps = [];
  let loss = [];
  let avg = [];
  let plot = null;
  let previous = null; // {steps, avg} of the last run that trained, drawn faint behind this one
  let frame = 0;
  // the canvas says nothing to a screen reader: a sentence with the latest figures does
  const summary = document.createElement("p");
  summary.className = "visually-hidden";
  summary.dataset.chartSummary = "";
  el.after(summary);

  // x runs 0..total with empty ends, so the axis spans the whole run and the dashed line
  // is drawn before any step.
  function data() {
    if (previous) return withPrevious();
    const n = steps.length;
    const random = new Array(n + 2).fill(randomLoss);
    return [[0, ...steps, Math.max(total, steps[n - 1] ?? 0)], [null, ...loss, null],
      [null, ...avg, null], random];
  }

  // Both runs on one x axis: merge their (ascending) steps; each series is null where its run
  // has no step.
  function withPrevious() {
    const x = [0], l = [null], m = [null], p = [null];
    for (let i = 0, j = 0; i < steps.length || j < previous.steps.length;) {
      const a = steps[i] ?? Infinity, b = previous.steps[j] ?? Infinity;
      x.push(Math.min(a, b));
      l.push(a <= b ? loss[i] : null);
      m.push(a <= b ? avg[i] : null);
      p.push(b <= a ? previous.avg[j] : null);
      if (a <= b) i++;
      if (b <= a) j++;
    }
    x.push(Math.max(total, x[x.length - 1]));
    l.push(null); m.push(null); p.push(null);
    return [x, l, m, x.map(() => randomLoss), p];
  }

  // Without uPlot the chart's place says so; the summary sentence still follows the run.
  function unavailable() {
    el.replaceChildren(Object.assign(document.createElement("p"), { className: "alert" }));
    el.firstChild.setAttribute("role", "status");
    el.firstChild.dataset.i18n = "lab.chart.unavailable";
    el.firstChild.textContent = t("lab.chart.unavailable");
    el.dataset.chartUnavailable = "";
  }

  function build() {
    if (!uPlot) return void (unavailable(), describe());
    plot?.destroy();
    const c = colors();
    const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 },
      ticks: { stroke: c.grid, width: 1 } };
    const legendValue = (u, v) => (v == null ? "–" : v.toFixed(3));
    const opts = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false } },
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      axes: [{ ...axis, label: t("lab.chart.step"), incrs: STEP_INCRS },
        { ...axis, label: t("lab.chart.loss"), size: 50 }],
      series: [
        { label: t("lab.chart.step"), value: (u, v) => (v == null ? "–" : String(v)) },
        { label: t("lab.chart.loss"), stroke: c.loss, width: 1, points: { show: false },
          value: legendValue },
        { label: t("lab.chart.average"), stroke: c.avg, width: 2.5, points: { show: false },
          value: legendValue },
        { label: t("lab.chart.random"), stroke: c.random, width: 1.5, dash: [6, 5],
          points: { show: false }, value: legendValue },
        ...(previous ? [{ label: t("files.previous_run"), stroke: c.previous, width: 2,
          points: { show: false }, value: legendValue }] : []),
      ],
    };
    plot = new uPlot(opts, data(), el);
    plot.root.setAttribute("aria-hidden", "true"); // canvas and legend: the summary says it
    describe();
  }

  function describe() {
    const n = avg.length, f = (v) => v.toFixed(3);
    const random = randomLoss == null ? null : f(randomLoss);
    if (random === null) summary.textContent = "";
    else if (!n) summary.textContent = t("lab.chart.summary_empty", { total, random });
    else summary.textContent = t("lab.chart.summary", { steps: steps[n - 1], total,
      first: f(avg[0]), last: f(avg[n - 1]), random });
  }

  // Many chunks arrive per second; draw at most once per frame.
  function redraw() {
    el.dataset.points = String(steps.length); // the steps shown, for tests and inspectors
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      plot?.setData(data());
      describe();
    });
  }

  new ResizeObserver(() => {
    if (plot && el.clientWidth && el.clientWidth !== plot.width) {
      plot.setSize({ width: el.clientWidth, height: HEIGHT });
    }
  }).observe(el);
  dark.addEventListener("change", build);
  onLang(build);

  return {
    // A new model: no steps yet.
    reset(steps_, randomLoss_) {
      // compare runs: the run that trained stays, faint (widgets/compare-runs.js)
      const trained = avg.length > 0;
      el.dispatchEvent(new CustomEvent("chart-new-run", { bubbles: true,
        detail: { had_points: trained, final_avg: trained ? avg[avg.length - 1] : null } }));
      if (trained) previous = { steps, avg };
      total = steps_;
      randomLoss = randomLoss_;
      steps = [];
      loss = [];
      avg = [];
      if (!plot || trained) build();
      redraw();
    },
    add(chunkSteps) {
      for (const s of chunkSteps) {
        steps.push(s.step);
        loss.push(s.loss);
        avg.push(s.loss_avg);
      }
      redraw();
    },
    points: () => steps.length,
  };
}
