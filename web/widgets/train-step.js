// Section 10b: one training step on a typed name, previewed on a copy of the model: the loss
// at each position, their mean, then one parameter's gradient, Adam's m and v, and the update.
// The model changes only when the reader presses "Apply this step".
import { formatNumber, onLang, t } from "../i18n.js";
import { createCodeView } from "../components/codeview.js";
import { call, el, fixed, frame, short } from "../components/kit.js";
import { isTraining, nameProblem, onModel, onTraining } from "../components/live.js";
import { createStepper } from "../components/stepper.js";
import { nameInput } from "./tokenizer.js";

// [key, listing, its lines] per step
const STEPS = [["losses", "loss", ["forward", "probs", "loss"]], ["mean", "loss", ["mean"]],
  ["backward", "train_step", ["backward"]], ["moments", "adam", ["m", "v"]],
  ["correct", "adam", ["m_hat", "v_hat"]], ["update", "adam", ["update"]]];

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.train_step.title");
  const { input, row } = nameInput("train-step-name", "walk.train_step.name", "emma");
  // the parameter shown; row null lets Python pick the row of wte of the name's first letter
  const choice = { param: "wte", row: null, col: 0 };
  const fields = {};
  const pick = el("div", { class: "row param-pick" });
  for (const key of ["param", "row", "col"]) {
    const id = `train-step-${key}`;
    fields[key] = key === "param" ? el("select", { id })
      : el("input", { id, type: "number", min: 0, step: 1, inputmode: "numeric" });
    fields[key].addEventListener("change", () => {
      const value = fields[key].value;
      if (key === "param") Object.assign(choice, { param: value, row: 0, col: 0 });
      else choice[key] = Math.max(0, Math.floor(Number(value)) || 0);
      again();
    });
    pick.append(el("span", { class: "pair" }, el("label", { for: id, "data-key": key }), fields[key]));
  }
  const stepper = createStepper(root, { onStep: draw, label: "walk.train_step.steps" });
  const codeBox = el("div");
  const code = createCodeView(codeBox, "walk.train_step.code");
  const caption = el("p", { class: "step-caption", "aria-live": "polite" });
  const table = el("table", { class: "values" });
  const top = el("div", { class: "top-grads" });
  const apply = el("button", { type: "button", class: "primary", "data-action": "apply" });
  const applied = el("p", { class: "note", "aria-live": "polite" });
  body.append(row, pick, stepper.element,
    el("div", { class: "split" }, codeBox, el("div", {}, caption, table, top)),
    el("div", { class: "row" }, apply, applied));

  let data = null;
  let shown = null; // the listing in the code view
  let busy = false;
  let lastApplied = null;

  function rows(pairs) {
    table.replaceChildren(el("tbody", {}, ...pairs.map(([label, value, cls]) =>
      el("tr", { class: cls }, el("td", { text: label }), el("td", { class: "num", text: value })))));
  }

  function drawTop() {
    top.replaceChildren(el("p", { class: "note", text: t("walk.train_step.top") }),
      el("div", { class: "chips" }, ...data.top.map((g) => {
        const b = el("button", { type: "button", class: "chip", text: `${g.name}[${g.row}][${g.col}] ${short(g.grad)}` });
        b.addEventListener("click", () => { Object.assign(choice, { param: g.name, row: g.row, col: g.col }); again(); });
        return b;
      })));
  }

  function draw() {
    if (!data) return;
    const [key, which, lines] = STEPS[stepper.index];
    const listing = data.listings[which];
    if (shown !== which) {
      code.show(listing.source, listing.first_line, listing.name);
      shown = which;
    }
    code.highlight(lines.map((k) => listing.lines[k]));
    const p = data.param;
    caption.textContent = t(`walk.train_step.step.${key}`, { param: `${p.name}[${p.row}][${p.col}]`,
      step: formatNumber(data.step), lr: short(data.learning_rate), name: data.tokens.slice(1).join("") });
    top.hidden = key !== "backward";
    const n = (x) => fixed(x, 6);
    const arrow = (a, b) => `${n(a)} → ${n(b)}`;
    const tables = {
      losses: () => data.losses.map((loss, i) => [`${data.tokens[i]} → ${data.targets[i]}`, fixed(loss, 3)]),
      mean: () => [[t("walk.train_step.mean"), fixed(data.loss, 3), "fresh"],
        [t("walk.train_step.random"), fixed(data.random_loss, 3)]],
      backward: () => [[t("walk.train_step.value"), n(p.value)], [t("walk.train_step.grad"), n(p.grad), "fresh"]],
      moments: () => [["m", arrow(p.m, p.m_after), "fresh"], ["v", arrow(p.v, p.v_after), "fresh"]],
      correct: () => [["m_hat", n(p.m_hat), "fresh"], ["v_hat", n(p.v_hat), "fresh"]],
      update: () => [[t("walk.train_step.update"), n(p.update)], [t("walk.train_step.before"), n(p.value)],
        [t("walk.train_step.after"), n(p.value_after), "fresh"]],
    };
    rows(tables[key]());
    if (key === "backward") drawTop();
    root.dataset.stepKey = key;
  }

  function drawPick() {
    for (const label of pick.querySelectorAll("label")) label.textContent = t(`walk.train_step.${label.dataset.key}`);
    if (!data) return;
    const names = Object.keys(data.params);
    if (fields.param.options.length !== names.length) {
      fields.param.replaceChildren(...names.map((name) => el("option", { value: name, text: name })));
    }
    const [nrows, ncols] = data.params[data.param.name];
    fields.param.value = data.param.name;
    Object.assign(fields.row, { max: nrows - 1, value: data.param.row });
    Object.assign(fields.col, { max: ncols - 1, value: data.param.col });
  }

  function drawApply() {
    apply.textContent = t("walk.train_step.apply");
    // a model loaded without its dataset samples but cannot train, here as in the lab
    const noData = data?.can_train === false;
    apply.disabled = busy || !data || data.done || noData || isTraining();
    const why = noData ? "walk.train_step.sample_only" : data?.done ? "walk.train_step.finished"
      : isTraining() ? "walk.train_step.training" : null;
    applied.textContent = why ? t(why) : lastApplied ? t("walk.train_step.applied", {
      step: formatNumber(lastApplied.step), loss: fixed(lastApplied.loss, 3), name: lastApplied.doc }) : "";
  }

  const again = onModel(root, async () => {
    const args = { name: input.value.trim(), param: choice.param, col: choice.col };
    if (choice.row !== null) args.row = choice.row;
    let out;
    try {
      out = await call("step_preview", args);
    } catch (e) {
      showProblem(e); // a row or column out of range
      return;
    }
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    root.dataset.previewed = data.tokens.slice(1).join("");
    drawPick();
    drawApply();
    stepper.setCount(STEPS.length, stepper.index);
  });
  input.addEventListener("input", again);

  apply.addEventListener("click", async () => {
    busy = true;
    drawApply();
    try {
      const out = await call("apply_step", { name: input.value.trim() });
      nameProblem(showProblem, out.problem);
      if (!out.problem) lastApplied = out;
    } catch (e) {
      showProblem(e);
    } finally {
      busy = false;
      drawApply();
    }
  });

  onTraining(drawApply);
  onLang(() => {
    drawPick();
    drawApply();
    draw();
  });
  drawPick();
  drawApply();
}
