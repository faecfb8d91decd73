// Section 12: every engine trains copies of the current model for a few steps on one name;
// the losses agree and the times differ, measured here in the reader's browser. Then how far
// this model is from a large published one.
import { formatNumber, onLang, t } from "../i18n.js";
import { call, el, fixed, frame } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { nameInput } from "./tokenizer.js";

const SCALE = ["params", "vocab", "context", "layers", "width", "data"];
const STEPS = 3; // steps per engine

function table(head, rows, cls) {
  const th = (text, scope) => el("th", { scope, text });
  return el("table", { class: `values ${cls}` },
    el("thead", {}, el("tr", {}, ...head.map((h) => th(h, "col")))),
    el("tbody", {}, ...rows.map(([first, ...rest]) => el("tr", {}, th(first, "row"),
      ...rest.map((text) => el("td", { text }))))));
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.efficiency.title");
  const { input, row } = nameInput("efficiency-name", "walk.efficiency.name", "emma");
  const run = el("button", { type: "button", class: "primary", "data-action": "compare" });
  row.append(run);
  const result = el("div", { class: "table-scroll" });
  const summary = el("p", { class: "efficiency-summary", "aria-live": "polite" });
  const scaleTitle = el("h4");
  const scale = el("div", { class: "table-scroll" });
  body.append(row, result, summary, scaleTitle, scale);

  let data = null;
  let status = null;
  let busy = false;

  function drawResult() {
    run.textContent = t(busy ? "walk.efficiency.running" : "walk.efficiency.run", { steps: STEPS });
    run.disabled = busy;
    if (!data) {
      summary.textContent = t("walk.efficiency.before", { steps: STEPS });
      return;
    }
    result.replaceChildren(table(
      [t("walk.efficiency.engine"), t("walk.efficiency.losses"), t("walk.efficiency.ms")],
      data.engines.map((r) => [r.engine, r.losses.map((l) => fixed(l, 6)).join(", "),
        formatNumber(r.ms_per_step, { maximumFractionDigits: 1 })]), "engines"));
    const fastest = data.engines.reduce((a, b) => (a.seconds <= b.seconds ? a : b)).engine;
    const same = data.max_difference === 0 ? "summary_same" : "summary";
    summary.textContent = data.engines.length < 2 ? t("walk.efficiency.one_engine")
      : t(`walk.efficiency.${same}`, { diff: data.max_difference.toExponential(1), fast: fastest,
        ratio: formatNumber(data.speedup, { maximumFractionDigits: 1 }) });
  }

  function drawScale() {
    scaleTitle.textContent = t("walk.efficiency.scale_title");
    if (!status) return;
    const s = status.settings;
    const n = (x) => formatNumber(x);
    const ours = { params: n(status.num_params), vocab: n(status.vocab_size), context: n(s.block_size),
      layers: n(s.n_layer), width: n(s.n_embd), data: t("walk.efficiency.ours_data", { n: n(status.dataset?.count ?? 0), steps: n(status.steps) }) };
    scale.replaceChildren(table([t("walk.efficiency.what"), t("walk.efficiency.this_model"), t("walk.efficiency.gpt3")],
      SCALE.map((k) => [t(`walk.efficiency.row.${k}`), ours[k], t(`walk.efficiency.gpt3_${k}`)]), "scale"));
  }

  run.addEventListener("click", async () => {
    busy = true;
    drawResult();
    showProblem(null);
    try {
      const out = await call("efficiency", { name: input.value.trim(), steps: STEPS });
      input.setAttribute("aria-invalid", String(Boolean(out.problem)));
      nameProblem(showProblem, out.problem);
      if (!out.problem) data = out;
      root.dataset.ran = data ? "1" : "";
    } catch (e) {
      showProblem(e);
    } finally {
      busy = false;
      drawResult();
    }
  });

  onModel(root, async () => {
    status = await call("status");
    drawScale();
  });
  onLang(() => {
    drawResult();
    drawScale();
  });
  drawResult();
}
