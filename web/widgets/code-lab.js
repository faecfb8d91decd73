// "Your turn": the reader edits the model's own code (model.py as the installed package has
// it, read by Python in the worker) and trains it beside the original.
//
// Python's side is microgpt/page/codelab.py: code_source, code_experiments, code_start,
// code_train (chunks of at most 200 ms, looped from here so the page stays responsive),
// code_original, code_samples, code_stop. Edited code runs on the Value-based engine in a
// trainer of its own: the lab's model is never touched. Edits live only in this tab; a share
// link may name a preset (?experiment=no-mlp), never code (share.js).
//
// For tests: the root's data-code-state is loading | idle | running | done | error, and when
// done data-code-loss is the edited run's last moving average of the loss (the lab's window).
import * as client from "../client.js";
import * as events from "../events.js";
import { apply, formatNumber, formatSeconds, onLang, t } from "../i18n.js";
import { el, fixed, frame } from "../components/kit.js";
import { createSamples } from "../lab/samples.js";
import "../lab/chart.js"; // loads uPlot first, with its workaround for odd language tags
import { linkedExperiment, setExperiment } from "../share.js";

const EDITOR = "../vendor/codemirror/editor.js"; // bundled by build.py from vendor-src/
const UPLOT = "../vendor/uplot/uPlot.esm.js"; // already loaded by lab/chart.js
const CHUNK_MS = 200; // one code_train call's budget
const AVERAGE_OVER = 50; // the lab's moving average (Session.log)
const SAMPLES = 10;
const DEFAULT_STEPS = 300;
const MIN_STEPS = 1;
const MAX_STEPS = 1000;
const HEIGHT = 240;

let seq = 0;

// Moving averages over the last AVERAGE_OVER losses (fewer at the start), as the lab's chart.
function averages(losses) {
  const out = [];
  let sum = 0;
  losses.forEach((loss, i) => {
    sum += loss;
    if (i >= AVERAGE_OVER) sum -= losses[i - AVERAGE_OVER];
    out.push(sum / Math.min(i + 1, AVERAGE_OVER));
  });
  return out;
}

// A line diff of two texts (longest common subsequence; model.py is short), in the shape
// Python's code_experiments gives: [{op: " " | "-" | "+", text, old, new}] (1-based numbers).
export function lineDiff(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: " ", text: a[i], old: i + 1, new: j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: "-", text: a[i], old: i + 1, new: null }); // removed before added
      i++;
    } else {
      out.push({ op: "+", text: b[j], old: null, new: j + 1 });
      j++;
    }
  }
  return out;
}

function colors() {
  const css = getComputedStyle(document.documentElement);
  const get = (name) => css.getPropertyValue(name).trim();
  return { text: get("--text-muted"), grid: get("--grid"), edited: get("--chart-avg"),
    editedLoss: get("--chart-loss"), original: get("--code-original"),
    originalLoss: get("--code-original-loss") };
}

async function loadUPlot() {
  try {
    return (await import(UPLOT)).default;
  } catch (e) {
    console.error(`uPlot: ${e?.message ?? e}`);
    return null;
  }
}

export function mount(root) {
  const id = `code-lab-${++seq}`;
  const { body } = frame(root, "code.title");
  root.dataset.codeState = "loading";

  // 1. notes, the experiment, the editor and its diff
  const engineNote = el("p", { class: "note code-note", "data-i18n": "code.note_engine" });
  const localNote = el("p", { class: "note code-note", "data-i18n": "code.note_local" });
  const select = el("select", { name: "experiment", id: `${id}-experiment`, disabled: true });
  const selectLabel = el("label", { for: select.id, "data-i18n": "code.experiment_label" });
  const expect = el("p", { class: "code-expect", id: `${id}-expect`, "aria-live": "polite" });
  select.setAttribute("aria-describedby", expect.id);
  const editorLabel = el("p", { class: "code-editor-label", id: `${id}-editor-label`,
    "data-i18n": "code.editor_label" });
  const hint = el("p", { class: "note code-hint", id: `${id}-hint`, "data-i18n": "code.editor_hint" });
  const editorBox = el("div", { class: "code-editor", "data-code-editor": "" });
  const diffTitle = el("h4", { class: "code-diff-title", "data-i18n": "code.diff_title" });
  const diffSummary = el("p", { class: "note code-diff-summary", "aria-live": "polite" });
  const diffList = el("ol", { class: "code-diff", "data-code-diff": "" });

  // 2. the run's controls, progress and errors
  const steps = el("input", { type: "number", name: "code-steps", id: `${id}-steps`,
    min: MIN_STEPS, max: MAX_STEPS, step: 1, value: DEFAULT_STEPS, inputmode: "numeric",
    disabled: true });
  const stepsLabel = el("label", { for: steps.id, "data-i18n": "code.steps_label" });
  const stepsError = el("p", { class: "field-error", id: `${id}-steps-error`, hidden: true });
  steps.setAttribute("aria-describedby", stepsError.id);
  const run = el("button", { type: "button", class: "primary", "data-action": "run-code",
    "data-i18n": "code.run", disabled: true });
  const stop = el("button", { type: "button", "data-action": "stop-code", hidden: true });
  const reset = el("button", { type: "button", "data-action": "reset-code",
    "data-i18n": "code.reset", disabled: true });
  const progress = el("progress", { max: 1, value: 0, id: `${id}-progress`, hidden: true });
  const progressLabel = el("label", { for: progress.id, class: "visually-hidden",
    "data-i18n": "code.progress_label" });
  const status = el("p", { class: "code-status", role: "status", "data-code-status": "" });
  const alert = el("p", { class: "alert", role: "alert", "data-code-error": "", hidden: true });

  // 3. both runs: the chart, its caption and summary, then names from each
  const chartBox = el("div", { class: "chart-area code-chart", "data-code-chart": "" });
  const caption = el("figcaption", { "data-i18n": "code.chart.caption" });
  const summary = el("p", { class: "visually-hidden", "data-code-summary": "" });
  const samplesTitle = el("h4", { "data-i18n": "code.samples.title" });
  const sampleCols = ["edited", "original"].map((which) => {
    const head = el("h5", { class: "code-samples-head", "data-i18n": `code.samples.${which}` });
    const box = el("section", { class: "samples code-samples", "data-code-samples": which },
      head, el("p", { class: "code-samples-title", "data-samples-title": "" }),
      el("p", { class: "samples-note", "data-samples-note": "" }),
      el("ol", { class: "sample-list", "data-samples": "" }));
    return { which, box, panel: createSamples(box) };
  });
  const results = el("div", { class: "code-results", hidden: true },
    el("figure", { class: "chart" }, chartBox, caption), summary, samplesTitle,
    el("div", { class: "code-samples-pair" }, ...sampleCols.map((c) => c.box)));

  body.append(engineNote, localNote,
    el("div", { class: "row code-pick" }, selectLabel, select), expect,
    editorLabel, hint, editorBox,
    el("div", { class: "code-diff-box" }, diffTitle, diffSummary, diffList),
    el("div", { class: "row code-controls" }, stepsLabel, steps, run, stop, reset),
    stepsError, el("div", { class: "code-progress" }, progressLabel, progress, status), alert,
    results);

  let editor = null;
  let original = ""; // model.py as Python read it (code_source): the editor's first text
  let presets = []; // code_experiments, in Python's order
  let chosen = "original"; // a preset's id, or "custom"
  let diff = [];
  // the run: {state, steps, step, losses, started, error, samples, stopped, message}
  let runState = { state: "idle", steps: DEFAULT_STEPS, step: 0, losses: [] };
  let originalRun = null; // {steps, losses, samples}
  let stopAsked = false;
  let pythonCall = null; // the Python call running now ({cmd}), from the client
  let plot = null;
  let uPlot = null;
  let frameId = 0;

  client.on(events.PYTHON, (call) => { pythonCall = call; });

  const preset = (name) => presets.find((p) => p.id === name);

  function setState(next) {
    runState.state = next;
    root.dataset.codeState = next;
    if (next === "done") root.dataset.codeLoss = String(lastAverage(runState.losses));
    else delete root.dataset.codeLoss;
  }

  const lastAverage = (losses) => {
    const avg = averages(losses);
    return avg.length ? avg[avg.length - 1] : NaN;
  };

  // ---- texts -------------------------------------------------------------------------------
  // the fixed labels carry data-i18n; the rest is drawn from the run's state
  function drawTexts() {
    apply(body);
    editor?.setLabel(t("code.editor_aria"), t("code.editor_hint"));
    drawOptions();
    drawDiff();
    drawStatus();
    drawError();
    drawStepsError();
    buildChart();
  }

  function drawOptions() {
    const ids = [...presets.map((p) => p.id), "custom"];
    select.replaceChildren(...ids.map((name) => el("option", { value: name,
      text: t(`code.experiment.${name}.label`), hidden: name === "custom" && chosen !== "custom",
      disabled: name === "custom" && chosen !== "custom" })));
    select.value = chosen;
    expect.textContent = presets.length ? t(`code.experiment.${chosen}.expect`) : "";
  }

  // Changed lines with one line of context around each, "…" for the lines left out.
  function drawDiff() {
    const changed = diff.filter((d) => d.op !== " ");
    const removed = changed.filter((d) => d.op === "-").length;
    const added = changed.length - removed;
    diffSummary.textContent = changed.length
      ? t("code.diff_summary", { removed: formatNumber(removed), added: formatNumber(added) })
      : t("code.diff_none");
    const keep = new Set();
    diff.forEach((d, i) => {
      if (d.op !== " ") for (let k = i - 1; k <= i + 1; k++) keep.add(k);
    });
    const items = [];
    let gap = false;
    diff.forEach((d, i) => {
      if (!keep.has(i)) {
        gap = true;
        return;
      }
      if (gap && items.length) items.push(el("li", { class: "diff-gap", "aria-hidden": "true", text: "…" }));
      gap = false;
      const kind = d.op === "-" ? "removed" : d.op === "+" ? "added" : "same";
      const line = d.op === "-" ? d.old : d.new;
      const mark = t(`code.diff_${kind}`, { line: formatNumber(line ?? 0) });
      const text = el(d.op === "-" ? "del" : d.op === "+" ? "ins" : "span", { class: "diff-text",
        text: d.text || " " });
      items.push(el("li", { class: `diff-${kind}`, "data-op": d.op },
        el("span", { class: "diff-sign", "aria-hidden": "true", text: d.op === " " ? " " : d.op === "-" ? "−" : "+" }),
        el("span", { class: "diff-no", "aria-hidden": "true", text: line ?? "" }),
        el("span", { class: "visually-hidden", text: `${mark}: ` }), text));
    });
    diffList.replaceChildren(...items);
    diffList.hidden = !items.length;
    diffList.setAttribute("aria-label", t("code.diff_title"));
  }

  // ---- choosing and editing ----------------------------------------------------------------
  function choose(name, { fromLink = false } = {}) {
    const p = preset(name);
    if (!p) return;
    chosen = name;
    editor.setText(p.source);
    editor.markLine(null);
    diff = p.diff;
    const first = p.diff.find((d) => d.op !== " ");
    editor.reveal(first ? first.new ?? first.old : 1); // the edit in view
    if (!fromLink) setExperiment(name);
    drawOptions();
    drawDiff();
  }

  // The reader typed: a text equal to a preset's is that preset, any other is "custom".
  let diffTimer = 0;
  function edited(text) {
    const match = presets.find((p) => p.source === text);
    const next = match ? match.id : "custom";
    if (next !== chosen) {
      chosen = next;
      setExperiment(next);
      drawOptions();
    }
    clearTimeout(diffTimer);
    diffTimer = setTimeout(() => {
      diff = match ? match.diff : lineDiff(original, editor.text);
      drawDiff();
    }, 150);
  }

  select.addEventListener("change", () => {
    if (select.value !== "custom") choose(select.value);
  });
  reset.addEventListener("click", () => {
    choose("original");
    runStateReset();
  });

  // ---- the steps field ---------------------------------------------------------------------
  function stepsValue() {
    const text = steps.value.trim();
    const n = Number(text);
    return /^\d+$/.test(text) && n >= MIN_STEPS && n <= MAX_STEPS ? n : null;
  }

  let stepsWrong = false;
  function drawStepsError() {
    stepsError.hidden = !stepsWrong;
    stepsError.textContent = stepsWrong ? t("code.steps_error", { min: MIN_STEPS, max: MAX_STEPS }) : "";
    steps.setAttribute("aria-invalid", String(stepsWrong));
  }
  steps.addEventListener("input", () => {
    if (stepsWrong && stepsValue() !== null) {
      stepsWrong = false;
      drawStepsError();
    }
  });

  // ---- status, progress, errors ------------------------------------------------------------
  function drawStatus() {
    const r = runState;
    const busy = r.state === "running";
    progress.hidden = !busy;
    progress.max = r.steps;
    progress.value = r.step;
    let text = "";
    if (busy && r.phase === "checking") text = t("code.status.checking");
    else if (busy && r.phase === "original") text = t("code.status.original", { steps: formatNumber(r.steps) });
    else if (busy && r.phase === "samples") text = t("code.status.samples");
    else if (busy) {
      const parts = [t("code.status.step", { step: formatNumber(r.step), steps: formatNumber(r.steps) })];
      const seconds = (performance.now() - r.trainStart) / 1000;
      const done = r.step - r.firstStep;
      if (done > 0 && seconds > 0) {
        const rate = done / seconds;
        parts.push(t("code.status.rate", { rate: formatNumber(rate, { maximumFractionDigits: rate < 10 ? 1 : 0 }) }));
        parts.push(t("code.status.left", { time: formatSeconds((r.steps - r.step) / rate) }));
      } else if (r.estimate) {
        parts.push(t("code.status.estimate", { time: formatSeconds(r.estimate) }));
      }
      text = parts.join(t("code.status.separator"));
    } else if (r.state === "done") {
      text = t("code.status.done", { steps: formatNumber(r.steps),
        loss: fixed(lastAverage(r.losses), 3),
        original: originalRun ? fixed(lastAverage(originalRun.losses), 3) : "–" });
    } else if (r.stopped) {
      text = t(r.stopped === "restarted" ? "code.status.stopped_restart" : "code.status.stopped",
        { step: formatNumber(r.step) });
    }
    status.textContent = text;
    // Run and Stop share a place: focus on the one going away moves to the other
    const handOver = document.activeElement === (busy ? run : stop);
    run.hidden = busy;
    stop.hidden = !busy;
    const ready = Boolean(editor) && !busy;
    run.disabled = !ready;
    reset.disabled = !ready;
    select.disabled = !ready;
    steps.disabled = !ready;
    // not disabled while stopping: a disabled button would drop the keyboard's focus
    stop.setAttribute("aria-disabled", String(busy && stopAsked));
    stop.textContent = t(busy && stopAsked ? "code.stopping" : "code.stop");
    if (handOver) (busy ? stop : run).focus();
  }

  function errorText(error) {
    const num = (x) => (x === null || x === undefined ? "?" : formatNumber(x));
    const params = { line: num(error.line), column: num(error.column),
      step: num(error.step), message: error.message ?? "", seconds: num(error.seconds),
      limit: num(error.limit) };
    switch (error.kind) {
      case "syntax": return t("code.error.syntax", params);
      case "runtime": {
        const when = error.step ? "" : "_start"; // step 0: gpt()'s first call, before training
        return t(`code.error.${error.line ? "runtime" : "runtime_noline"}${when}`, params);
      }
      case "diverged": return t("code.error.diverged", params);
      case "result": return t("code.error.result", params);
      case "missing": return t("code.error.missing", params);
      case "cost": return t("code.error.cost", params);
      default: return t("code.error.other", params);
    }
  }

  function drawError() {
    const error = runState.error ?? null; // a failed sampling keeps the run done
    alert.hidden = !error;
    alert.textContent = error ? errorText(error) : "";
    alert.dataset.kind = error?.kind ?? "";
    if (error?.line && (error.kind === "syntax" || error.kind === "runtime")) {
      editor?.markLine(error.line, t("code.error.mark", { line: formatNumber(error.line) }));
    }
  }

  // ---- the chart ---------------------------------------------------------------------------
  function chartData() {
    const edited = runState.losses;
    const base = originalRun?.losses ?? [];
    const n = Math.max(runState.steps, edited.length, base.length, 1);
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const pad = (arr) => x.map((_, i) => (i < arr.length ? arr[i] : null));
    return [x, pad(edited), pad(averages(edited)), pad(base), pad(averages(base))];
  }

  function buildChart() {
    if (!uPlot || results.hidden) return;
    plot?.destroy();
    plot = null;
    const c = colors();
    const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
    const value = (u, v) => (v == null ? "–" : v.toFixed(3));
    plot = new uPlot({
      width: Math.max(200, chartBox.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false } },
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      axes: [{ ...axis, label: t("lab.chart.step") }, { ...axis, label: t("lab.chart.loss"), size: 50 }],
      series: [
        { label: t("lab.chart.step") },
        { label: t("code.chart.edited_loss"), stroke: c.editedLoss, width: 1, points: { show: false }, value },
        { label: t("code.chart.edited_avg"), stroke: c.edited, width: 2.5, points: { show: false }, value },
        { label: t("code.chart.original_loss"), stroke: c.originalLoss, width: 1, dash: [4, 4], points: { show: false }, value },
        { label: t("code.chart.original_avg"), stroke: c.original, width: 2.5, dash: [10, 5], points: { show: false }, value },
      ],
    }, chartData(), chartBox);
    plot.root.setAttribute("aria-hidden", "true"); // the summary sentence says it
    describe();
  }

  function describe() {
    const f = (v) => (Number.isFinite(v) ? fixed(v, 3) : "–");
    summary.textContent = t("code.chart.summary", { step: formatNumber(runState.losses.length),
      steps: formatNumber(runState.steps), edited: f(lastAverage(runState.losses)),
      original: originalRun ? f(lastAverage(originalRun.losses)) : "–" });
    chartBox.dataset.points = String(runState.losses.length);
  }

  function redraw() {
    describe();
    if (frameId) return;
    frameId = requestAnimationFrame(() => {
      frameId = 0;
      if (!plot) buildChart();
      else plot.setData(chartData());
    });
  }

  new ResizeObserver(() => {
    if (plot && chartBox.clientWidth && chartBox.clientWidth !== plot.width) {
      plot.setSize({ width: chartBox.clientWidth, height: HEIGHT });
    }
  }).observe(chartBox);
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", buildChart);

  function drawSamples() {
    const [edited, base] = sampleCols;
    if (runState.samples) edited.panel.show("final", runState.steps, runState.samples);
    else edited.panel.clear();
    if (originalRun?.samples) base.panel.show("final", originalRun.steps, originalRun.samples);
    else base.panel.clear();
  }

  function runStateReset() {
    if (runState.state === "running") return;
    runState = { state: "idle", steps: runState.steps, step: 0, losses: [] };
    setState("idle");
    drawStatus();
    drawError();
  }

  // ---- running -----------------------------------------------------------------------------
  const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

  // A call that a stop (ours, or the busy line's) ended: "stopped" (interrupted; Python is
  // whole) or "restarted" (a new worker; the kept model comes back through busy.js).
  const stoppedBy = (e) => (e?.code === "stopped" || e?.code === "restarted" ? e.code : null);

  async function runCode() {
    const n = stepsValue();
    if (n === null) {
      stepsWrong = true;
      drawStepsError();
      steps.focus();
      return;
    }
    stopAsked = false;
    editor.markLine(null);
    runState = { state: "running", phase: "checking", steps: n, step: 0, losses: [],
      firstStep: 0, trainStart: 0, estimate: null, samples: null, stopped: null, error: null };
    setState("running");
    results.hidden = false;
    drawStatus();
    drawError();
    drawSamples();
    redraw();
    try {
      const started = await client.call("code_start", { source: editor.text, steps: n });
      if (started.state === "error") return fail(started.error);
      runState.estimate = started.estimate_s ?? null;
      runState.steps = started.steps ?? n;
      if (stopAsked) return halted(null);
      if (originalRun?.steps !== runState.steps) {
        runState.phase = "original";
        drawStatus();
        const base = await client.call("code_original", { steps: runState.steps });
        originalRun = { steps: runState.steps, losses: base.losses, samples: base.samples };
        drawSamples();
        redraw();
      }
      runState.phase = "train";
      runState.firstStep = runState.step;
      runState.trainStart = performance.now();
      drawStatus();
      while (!stopAsked) {
        const chunk = await client.call("code_train", { max_ms: CHUNK_MS });
        runState.losses.push(...(chunk.losses ?? []).filter((x) => x !== null));
        runState.step = chunk.step ?? runState.losses.length;
        redraw();
        drawStatus();
        if (chunk.state === "error") return fail(chunk.error);
        if (chunk.state === "done") break;
        if (chunk.state !== "running") return fail({ kind: "other", message: chunk.state });
        await nextTurn(); // the page's own events (a Stop click, a redraw) run between chunks
      }
      if (stopAsked) return halted(null);
      runState.phase = "samples";
      drawStatus();
      const names = await client.call("code_samples", { n: SAMPLES });
      runState.samples = names.edited;
      if (names.error) runState.error = names.error; // training ended; its names failed
      if (originalRun && names.original) originalRun.samples = names.original;
      setState("done");
      drawSamples();
      drawStatus();
      drawError();
      redraw();
    } catch (e) {
      const how = stoppedBy(e);
      if (how) return halted(how);
      fail({ kind: "other", message: e?.message ?? String(e) });
    }
  }

  function fail(error) {
    runState.error = error ?? { kind: "other", message: "" };
    setState("error");
    drawStatus();
    drawError();
    redraw();
  }

  // Stopped: Python drops the edited run (after a restart there is nothing left to drop).
  async function halted(how) {
    runState.stopped = how ?? "stopped";
    setState("idle");
    drawStatus();
    drawError();
    redraw();
    if (how !== "restarted") await client.call("code_stop").catch(() => {});
  }

  run.addEventListener("click", () => {
    if (runState.state !== "running") runCode();
  });
  stop.addEventListener("click", () => {
    if (runState.state !== "running" || stopAsked) return;
    stopAsked = true;
    drawStatus();
    // A call of ours under way is stopped where it stands (the interrupt, or a new worker);
    // between two calls the loop sees stopAsked after this turn.
    if (pythonCall?.cmd?.startsWith("code_")) client.stop("stop").catch(() => {});
  });

  // ---- start: the editor once the section is near, with Python's own source ----------------
  let loading = null;
  function load() {
    loading ??= (async () => {
      const [{ createEditor }, lib] = await Promise.all([import(EDITOR), loadUPlot(),
        client.ready]);
      uPlot = lib;
      const [source, list] = await Promise.all([client.call("code_source"),
        client.call("code_experiments")]);
      original = source.source;
      presets = list;
      editor = createEditor(editorBox, { doc: original, onChange: edited,
        label: t("code.editor_aria"), description: t("code.editor_hint") });
      editorBox.dataset.file = source.file;
      const wanted = linkedExperiment(presets.map((p) => p.id));
      diff = preset("original")?.diff ?? lineDiff(original, original);
      if (wanted !== "original") choose(wanted, { fromLink: true });
      setState("idle");
      root.dataset.state = "ready"; // the frame's loading look ends
      drawTexts();
    })().catch((e) => {
      console.error(`code lab: ${e?.message ?? e}`);
      loading = null;
      runState.error = { kind: "other", message: e?.message ?? String(e) };
      root.dataset.codeState = "error";
      root.dataset.state = "ready";
      drawError();
    });
    return loading;
  }
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) load();
  }, { rootMargin: "800px" }).observe(root);
  // a link naming an experiment brings the reader here: load at once
  if (new URLSearchParams(location.search).has("experiment")) load();

  onLang(drawTexts);
  drawTexts();
}
