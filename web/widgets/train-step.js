// Section 10b: one training step on a typed name, previewed on a copy of the model: the loss
// at each position, their mean, then one parameter's gradient, Adam's m and v, and the update.
// The parameter followed starts as the one this name moves the most (Python picks the largest
// |gradient|) and is named in words; the reader may pick another. The model changes only when
// the reader presses "Apply this step".
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

const kindOf = (name) => name.split(".").at(-1);
const layerOf = (name) => (name.startsWith("layer") ? Number(name.slice(5, name.indexOf("."))) : null);
const inLayer = (kind) => kind.startsWith("attn_") || kind.startsWith("mlp_");
const tokenWords = (token) => (token === "BOS" ? t("walk.train_step.bos") : token);

// A parameter in words, from the pieces Python sends (explain.learning.describe):
// "number 0 of e's embedding", "weight (row 5, column 2) of layer 1's attention query matrix".
export function paramName(p) {
  const key = inLayer(p.kind) ? "matrix" : `${p.kind}${p.bos ? "_bos" : ""}`;
  return t(`walk.train_step.param_name.${key}`, {
    token: p.token, i: p.col, pos: p.row, row: p.row, col: p.col,
    layer: p.layer === null ? "" : p.layer + 1,
    matrix: inLayer(p.kind) ? t(`walk.train_step.matrix.${p.kind}`) : "" });
}

// one matrix in the picker: "layer 1's attention query matrix (layer0.attn_wq)"
function matrixWords(name) {
  const kind = kindOf(name);
  const words = inLayer(kind)
    ? t("walk.train_step.in_layer", { layer: layerOf(name) + 1, matrix: t(`walk.train_step.matrix.${kind}`) })
    : t(`walk.train_step.matrix.${kind}`);
  return `${words} (${name})`;
}

// what a row and a column of this matrix are, in words
function rowWords(kind, r, vocab) {
  if (kind === "wte") return t("walk.train_step.row_of.wte", { token: tokenWords(vocab[r]) });
  if (kind === "lm_head") return t("walk.train_step.row_of.lm_head", { token: tokenWords(vocab[r]) });
  if (kind === "wpe") return t("walk.train_step.row_of.wpe", { pos: r });
  return t("walk.train_step.row_of.matrix", { row: r });
}
const colWords = (kind, c) => t(`walk.train_step.col_of.${inLayer(kind) ? "matrix" : "vector"}`, { i: c });
const rowLabel = (kind) => `walk.train_step.row_label.${inLayer(kind) ? "matrix" : kind}`;
const colLabel = (kind) => `walk.train_step.col_label.${inLayer(kind) ? "matrix" : "vector"}`;

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.train_step.title");
  const { input, row } = nameInput("train-step-name", "walk.train_step.name", "emma");
  // what the reader chose (null: Python picks the largest gradient there), and the parameter
  // followed now, kept across model changes (an applied step, the lab's training) so the same
  // number is seen to move; a new name or a new choice lets Python pick again
  const choice = { param: null, row: null, col: null };
  let pinned = null;
  let how = "auto"; // how the followed one was chosen: auto (largest of all), within, own
  const fields = {};
  const pick = el("div", { class: "row param-pick" });
  for (const key of ["param", "row", "col"]) {
    const id = `train-step-${key}`;
    fields[key] = el("select", { id });
    fields[key].addEventListener("change", () => {
      const value = fields[key].value;
      const { name, row: r } = data.param;
      if (key === "param") Object.assign(choice, { param: value, row: null, col: null });
      else if (key === "row") Object.assign(choice, { param: name, row: Number(value), col: null });
      else Object.assign(choice, { param: name, row: r, col: Number(value) });
      pinned = null;
      again();
    });
    pick.append(el("span", { class: "pair" }, el("label", { for: id, "data-key": key }), fields[key]));
  }
  const picked = el("p", { class: "param-picked", "aria-live": "polite" });
  const stepper = createStepper(root, { onStep: draw, label: "walk.train_step.steps" });
  const codeBox = el("div");
  const code = createCodeView(codeBox, "walk.train_step.code", { hidden: false });
  const caption = el("p", { class: "step-caption", "aria-live": "polite" });
  const table = el("table", { class: "values" });
  const top = el("div", { class: "top-grads" });
  const apply = el("button", { type: "button", class: "primary", "data-action": "apply" });
  const applied = el("p", { class: "note", "aria-live": "polite" });
  body.append(row, picked, pick, stepper.element,
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
    const p = data.param;
    top.replaceChildren(el("p", { class: "note", text: t("walk.train_step.top") }),
      el("div", { class: "chips" }, ...data.top.map((g) => {
        const current = g.name === p.name && g.row === p.row && g.col === p.col;
        const b = el("button", { type: "button", class: "chip", "aria-pressed": String(current) },
          el("span", { text: paramName(g) }), el("span", { class: "chip-id", text: `${g.name}[${g.row}][${g.col}] ${short(g.grad)}` }));
        b.addEventListener("click", () => {
          Object.assign(choice, { param: g.name, row: g.row, col: g.col });
          pinned = null;
          again();
        });
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
    caption.textContent = t(`walk.train_step.step.${key}`, { param: paramName(p),
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
    if (!data) {
      for (const label of pick.querySelectorAll("label")) label.textContent = t(`walk.train_step.${label.dataset.key}`);
      return;
    }
    const p = data.param;
    const kind = kindOf(p.name);
    const [nrows, ncols] = data.params[p.name];
    const option = (value, text) => el("option", { value, text });
    fields.param.replaceChildren(...Object.keys(data.params).map((name) => option(name, matrixWords(name))));
    fields.row.replaceChildren(...Array.from({ length: nrows }, (_, r) => option(r, rowWords(kind, r, data.vocab))));
    fields.col.replaceChildren(...Array.from({ length: ncols }, (_, c) => option(c, colWords(kind, c))));
    fields.param.value = p.name;
    fields.row.value = String(p.row);
    fields.col.value = String(p.col);
    const [, rowText, colText] = pick.querySelectorAll("label");
    pick.querySelector("label").textContent = t("walk.train_step.param");
    rowText.textContent = t(rowLabel(kind));
    colText.textContent = t(colLabel(kind));
    picked.replaceChildren(
      t(`walk.train_step.picked_${how}`, { param: paramName(p) }), " ",
      el("span", { class: "note", text: t("walk.train_step.in_code", { code: `${p.name}[${p.row}][${p.col}]` }) }));
    root.dataset.param = `${p.name}[${p.row}][${p.col}]`;
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
    const args = { name: input.value.trim() };
    for (const [key, value] of Object.entries(pinned ?? choice)) if (value !== null) args[key] = value;
    let out;
    try {
      out = await call("step_preview", args);
    } catch (e) {
      showProblem(e); // a parameter this model does not have (a smaller model loaded)
      if (pinned || choice.param) { // start again from the largest gradient
        pinned = null;
        Object.assign(choice, { param: null, row: null, col: null });
        again();
      }
      return;
    }
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    const { name, row: r, col: c } = data.param;
    if (!pinned) how = !data.param.picked ? "own" : choice.param === null ? "auto" : "within";
    pinned = { param: name, row: r, col: c };
    root.dataset.previewed = data.tokens.slice(1).join("");
    drawPick();
    drawApply();
    stepper.setCount(STEPS.length, stepper.index);
  });
  input.addEventListener("input", () => {
    pinned = null; // the new name's largest gradient (within the reader's choice)
    again();
  });

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
