// Section 9a: the blocks of the forward pass, stepped one at a time for one token of a name,
// with the real vector each block hands to the next (from the live model).
import { onLang, t } from "../i18n.js";
import { call, el, frame } from "../components/kit.js";
import { nameProblem, onModel } from "../components/live.js";
import { createProbBars } from "../components/probbars.js";
import { createStepper } from "../components/stepper.js";
import { nameInput } from "./tokenizer.js";
import { createTokenPicker } from "../components/tokenpick.js";
import { createVector } from "../components/vector.js";

// The stages of microgpt.explain.forward drawn as blocks (fc2 is the MLP's output).
const BLOCKS = ["tok_emb", "pos_emb", "sum", "norm0", "norm1", "attn", "add1", "norm2", "fc2",
  "add2", "logits", "probs"];

// "RMSNorm", or "RMSNorm (layer 2)" when the model has more than one layer
export function blockName(stage, nLayer) {
  const base = t(`walk.block.${stage.key}`);
  return stage.layer === null || nLayer === 1 ? base : t("walk.block.in_layer", { block: base, layer: stage.layer + 1 });
}

export function mount(root) {
  const { body, showProblem } = frame(root, "walk.pipeline.title");
  const { input, row } = nameInput("pipeline-name", "walk.pipeline.name", "emma");
  const picker = createTokenPicker("walk.pipeline.pick", (pos) => { posId = pos; again(); });
  const stepper = createStepper(root, { onStep: draw, label: "walk.pipeline.steps" });
  const flow = el("ol", { class: "pipeline-flow" });
  const caption = el("p", { class: "step-caption", "aria-live": "polite" });
  const strip = createVector("walk.pipeline.vector");
  const hint = el("p", { class: "note" });
  const bars = createProbBars("walk.pipeline.bars");
  body.append(row, picker.element, stepper.element, flow, caption, strip.element, hint, bars.element);

  let data = null;
  let blocks = []; // the stages drawn, in order
  let posId = 1;

  function draw() {
    if (!data) return;
    const stage = blocks[stepper.index];
    const nLayer = Math.max(...data.stages.map((s) => s.layer ?? 0)) + 1;
    flow.replaceChildren(...blocks.map((s, i) => {
      const button = el("button", { type: "button", class: "block", text: blockName(s, nLayer) });
      button.addEventListener("click", () => stepper.go(i));
      return el("li", { "data-key": s.key, "aria-current": i === stepper.index ? "step" : null }, button);
    }));
    caption.textContent = t(`walk.stage.${stage.key}`, { token: data.label, pos: data.pos_id, target: data.target });
    const isProbs = stage.key === "probs";
    hint.textContent = t("walk.vector.hint");
    strip.element.hidden = isProbs;
    hint.hidden = strip.element.hidden;
    bars.element.hidden = !isProbs;
    if (isProbs) bars.show(data.vocab, stage.values, stage.values.indexOf(Math.max(...stage.values)));
    else strip.show(stage.values, null, { block: blockName(stage, nLayer), n: stage.values.length });
    root.dataset.stage = stage.key;
  }

  const again = onModel(root, async () => {
    const name = input.value.trim();
    const out = await call("forward", { name, pos_id: Math.min(posId, name.length) });
    input.setAttribute("aria-invalid", String(Boolean(out.problem)));
    nameProblem(showProblem, out.problem);
    if (out.problem) return;
    data = out;
    posId = picker.show(data.tokens, data.pos_id);
    blocks = data.stages.filter((s) => BLOCKS.includes(s.key));
    stepper.setCount(blocks.length, stepper.index);
  });
  input.addEventListener("input", again);
  onLang(draw);
}
