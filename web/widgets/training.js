// Section 10a: the lab's live loss chart again, here beside the text, with names the model
// makes up at checkpoints. Training belongs to the lab: this button runs the lab's own
// Train / Pause / Resume through the store, so there is one training loop and one truth.
import * as client from "../client.js";
import * as events from "../events.js";
import * as store from "../store.js";
import { formatNumber, onLang, t } from "../i18n.js";
import { createChart } from "../lab/chart.js";
import { call, el, fixed, frame } from "../components/kit.js";

const KEEP = 8; // checkpoints listed, and names per checkpoint

export function mount(root) {
  const { body } = frame(root, "walk.training.title");
  const go = el("button", { type: "button", class: "primary", "data-action": "train" });
  const where = el("p", { class: "note training-status", "aria-live": "polite" });
  const area = el("div", { class: "chart-area" });
  const caption = el("figcaption");
  const listTitle = el("h4");
  const list = el("ol", { class: "checkpoints" });
  body.append(el("div", { class: "row" }, go, where),
    el("figure", { class: "chart" }, area, caption), listTitle, list);
  const chart = createChart(area);

  let status = null;
  let last = null; // the latest step's {step, loss, loss_avg}
  let checkpoints = []; // [{step, names: [{name, new}]}]

  // 1. one button, doing what the lab's Train / Pause / Resume does now
  function drawButton() {
    const lab = store.get();
    go.dataset.action = lab.action;
    go.textContent = t(lab.phase === "done" ? "walk.training.done"
      : `walk.training.${lab.action}`);
    go.disabled = !lab.can.go;
    where.textContent = t("walk.training.status", {
      step: status ? `${formatNumber(status.step)} / ${formatNumber(status.steps)}` : "–",
      loss: last ? fixed(last.loss_avg, 3) : "–",
      random: status ? fixed(status.random_loss, 3) : "–" });
  }
  go.addEventListener("click", () => store.act(store.get().action === "pause" ? "pause" : "train"));
  store.subscribe(drawButton);

  // 2. names made up before training, at every preview and at the end
  function drawList() {
    listTitle.textContent = t("walk.training.samples_title");
    list.replaceChildren(...checkpoints.map(({ step, names }) => {
      const fresh = names.filter((s) => s.new).length;
      const count = t("lab.samples.count", { fresh: formatNumber(fresh),
        n: formatNumber(names.length) });
      return el("li", { "data-step": String(step) },
        el("span", { class: "checkpoint-step",
          text: t("walk.training.at_step", { step: formatNumber(step) }) }),
        el("ul", { class: "checkpoint-names" }, ...names.map(({ name, new: isNew }) =>
          el("li", { "data-new": String(isNew) },
            el("span", { class: "sample-name", text: name || t("lab.samples.blank") }),
            isNew ? null : el("span", { class: "sample-tag", text: t("lab.samples.known") })))),
        el("span", { class: "note", text: count }));
    }));
  }
  function addCheckpoint(step, names) {
    const kept = names.slice(0, KEEP);
    checkpoints = [...checkpoints.filter((c) => c.step !== step), { step, names: kept }]
      .slice(-KEEP);
    drawList();
  }

  // 3. a new model (Reset, new settings or dataset, a loaded file) starts the chart over
  async function fresh(next) {
    status = next;
    last = null;
    checkpoints = [];
    chart.reset(next.steps, next.random_loss);
    drawList();
    drawButton();
    if (next.step === 0) addCheckpoint(0, await call("sample", { n: KEEP }));
  }

  client.on(events.PROGRESS, (chunk) => {
    chart.add(chunk.steps);
    status = chunk.status;
    last = chunk.steps[chunk.steps.length - 1] ?? last;
    if (chunk.preview) addCheckpoint(last.step, chunk.preview);
    if (chunk.samples) addCheckpoint(chunk.status.step, chunk.samples);
    drawButton();
  });
  // a step applied elsewhere (section 10b) is a point here too; versions only grow, so a late
  // answer is dropped
  client.on(events.MODEL_CHANGED, async () => {
    if (!status) return; // not started yet: fresh() comes with the first status
    const { steps, status: next } = await call("steps_since", { step: status.step });
    if (next.version <= status.version) return;
    if (next.model_id !== status.model_id) return fresh(next);
    const missed = steps.filter((s) => s.step > status.step);
    chart.add(missed);
    last = missed[missed.length - 1] ?? last;
    status = next;
    drawButton();
  });

  onLang(() => {
    caption.textContent = t("walk.training.caption");
    drawList();
    drawButton();
  });
  caption.textContent = t("walk.training.caption");
  client.ready.then(async (first) => {
    await fresh(first);
    root.dataset.state = "ready";
  }, () => {});
}
